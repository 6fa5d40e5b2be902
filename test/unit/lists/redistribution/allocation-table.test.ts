/** R22f outputs: the allocation table and the transfers, as exact CSV and JSON bytes. */
import {
  allocationTableCsv,
  allocationTableJson,
  formatCents,
  transfersCsv,
  transfersJson,
} from '#domain/lists/redistribution/allocation-table';
import type { Region } from '#domain/kernel/geography';
import type { DefinitiveList, RedistributionResult } from '#domain/lists/redistribution/model';
import { redistribute } from '#domain/lists/redistribution/redistribution';
import { inputOf, list, row } from './redistribution-builders.ts';

const definitive = (region: string, axis: DefinitiveList['axis'], initialCents: number, newCents: number) => ({
  key: `${region}|${axis}`,
  region: region as Region,
  axis,
  initialCents,
  newCents,
  differenceCents: newCents - initialCents,
  fundedCents: 0,
  statuses: [],
});

const RESULT: RedistributionResult = {
  edition: 'isi2024',
  lists: [definitive("Valle d'Aosta", '1.1', 30001, 5), definitive('Lazio', '1.1', 100000, 130000 - 4)],
  transfers: [
    { from: "Valle d'Aosta|1.1", to: 'pool:1.1', pass: 1, cents: 29996 },
    { from: 'pool:1.1', to: 'Lazio|1.1', pass: 1, cents: 29996 },
  ],
};

describe('allocation table', () => {
  it('prints euros with two decimals and a minus sign on negative differences', () => {
    expect(allocationTableCsv(RESULT)).toBe(
      [
        'region,axis,initial_eur,new_eur,difference_eur',
        "Valle d'Aosta,1.1,300.01,0.05,-299.96",
        'Lazio,1.1,1000.00,1299.96,299.96',
        '',
      ].join('\n'),
    );
  });

  it('gives the same table in cents as JSON, one record per line', () => {
    const json = allocationTableJson(RESULT);
    expect(json).toBe(
      '{"edition":"isi2024","lists":[\n' +
        '{"region":"Valle d\'Aosta","axis":"1.1","initialCents":30001,"newCents":5,"differenceCents":-29996},\n' +
        '{"region":"Lazio","axis":"1.1","initialCents":100000,"newCents":129996,"differenceCents":29996}\n' +
        ']}\n',
    );
    expect(JSON.parse(json).lists).toHaveLength(2);
  });

  it('quotes a field only where CSV needs it', () => {
    const odd = { ...RESULT, lists: [definitive('A, "B"', '2', 1, 1)] };
    expect(allocationTableCsv(odd).split('\n')[1]).toBe('"A, ""B""",2,0.01,0.01,0.00');
  });
});

describe('transfers', () => {
  it('lists every transfer in order, as CSV (euros) and JSON (cents)', () => {
    expect(transfersCsv(RESULT)).toBe(
      ['from,to,pass,amount_eur', "Valle d'Aosta|1.1,pool:1.1,1,299.96", 'pool:1.1,Lazio|1.1,1,299.96', ''].join('\n'),
    );
    expect(transfersJson(RESULT)).toBe(
      '{"edition":"isi2024","transfers":[\n' +
        '{"from":"Valle d\'Aosta|1.1","to":"pool:1.1","pass":1,"cents":29996},\n' +
        '{"from":"pool:1.1","to":"Lazio|1.1","pass":1,"cents":29996}\n' +
        ']}\n',
    );
  });

  it('writes an empty list as an empty array (isi2012 moves nothing)', () => {
    const result = redistribute(
      inputOf([list('Lombardia', '1.1', '10', [row('a', '5', 'UTILE', 'PERFEZIONATA')])]),
      'isi2012',
    );
    expect(transfersJson(result)).toBe('{"edition":"isi2012","transfers":[]}\n');
    expect(transfersCsv(result)).toBe('from,to,pass,amount_eur\n');
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [100, '1.00'],
    [-123456789, '-1234567.89'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%p → %p', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatCents(0.5)).toThrow(RangeError);
  });
});
