import { formatInstant, listFileName, listFiles } from '#domain/lists/list-files';
import { computeLists } from '#domain/lists/ranking';
import { application, tok } from './lists/builders.ts';

const T0 = Date.UTC(2026, 9, 26, 8, 0, 0, 7);

function files() {
  const a = application({ token: tok(1), companyName: 'Riga\r\nspezzata, "virgolette"', requestedCents: 5 });
  const b = application({ token: tok(2), companyName: 'Semplice', requestedCents: 100_000 });
  const outcome = computeLists(
    {
      applications: [a, b],
      sends: [
        { token: a.token, arrivalMs: T0, line: 2 },
        { token: b.token, arrivalMs: T0 + 1, line: 3 },
      ],
      allocations: [{ region: 'Lazio', axis: '1.1', allocationCents: 100, line: 2 }],
      annulments: [],
    },
    { edition: 'isi2024', resolution: 'ms' },
  );
  if (!outcome.ok) throw new Error('unexpected problems');
  return new Map(listFiles(outcome.lists).map((f) => [f.name, [...f.chunks()].join('')]));
}

describe('list files', () => {
  it('names each list {region-slug}_{axis}.csv', () => {
    expect(listFileName({ region: "Valle d'Aosta", axis: '5.1' })).toBe('valle-d-aosta_5.1.csv');
    expect(listFileName({ region: 'Provincia autonoma di Trento', axis: '1.2' })).toBe(
      'provincia-autonoma-di-trento_1.2.csv',
    );
  });

  it('writes the CSV with LF endings, quoting only where needed (CR included), euros with two decimals, ms arrivals', () => {
    expect(files().get('lazio_1.1.csv')).toBe(
      'position,token,company_name,arrival_at,requested_eur,cumulative_eur,status,decided_by\n' +
        `1,${tok(1)},"Riga\r\nspezzata, ""virgolette""",2026-10-26T08:00:00.007Z,0.05,0.05,UTILE,\n` +
        `2,${tok(2)},Semplice,2026-10-26T08:00:00.008Z,1000.00,1000.05,CARENZA_FONDI,\n`,
    );
  });

  it('writes lists.json as valid JSON, one row per line, the same fields with money as strings and null for empty', () => {
    const text = files().get('lists.json') as string;
    expect(text.endsWith(']}\n')).toBe(true);
    expect(text.split('\n')[0]).toBe('{"edition":"isi2024","resolution":"ms","lists":[');
    expect(JSON.parse(text)).toEqual({
      edition: 'isi2024',
      resolution: 'ms',
      lists: [
        {
          region: 'Lazio',
          axis: '1.1',
          allocationEur: '1.00',
          kind: 'CLICK_DAY',
          rows: [
            {
              position: 1,
              token: tok(1),
              company_name: 'Riga\r\nspezzata, "virgolette"',
              arrival_at: '2026-10-26T08:00:00.007Z',
              requested_eur: '0.05',
              cumulative_eur: '0.05',
              status: 'UTILE',
              decided_by: null,
            },
            {
              position: 2,
              token: tok(2),
              company_name: 'Semplice',
              arrival_at: '2026-10-26T08:00:00.008Z',
              requested_eur: '1000.00',
              cumulative_eur: '1000.05',
              status: 'CARENZA_FONDI',
              decided_by: null,
            },
          ],
        },
      ],
    });
  });

  it('with no lists still writes a valid lists.json', () => {
    const outcome = computeLists(
      { applications: [], sends: [], allocations: [], annulments: [] },
      { edition: 'isi2012', resolution: 's' },
    );
    if (!outcome.ok) throw new Error('unexpected problems');
    const only = listFiles(outcome.lists);
    expect(only.map((f) => f.name)).toEqual(['lists.json']);
    expect(JSON.parse([...(only[0]?.chunks() ?? [])].join(''))).toEqual({
      edition: 'isi2012',
      resolution: 's',
      lists: [],
    });
  });

  it('prints instants in UTC with milliseconds', () => {
    expect(formatInstant(Date.UTC(2026, 9, 26, 9, 0, 0, 0))).toBe('2026-10-26T09:00:00.000Z');
  });
});
