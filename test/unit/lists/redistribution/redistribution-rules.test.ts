/**
 * R22d rule by rule on small data sets worked by hand, plus R22e (isi2012). Each test isolates one sentence of
 * SPEC's R22 (or one decision where SPEC and the seed differ) and would fail if that sentence were dropped.
 */
import { redistribute } from '#domain/lists/redistribution/redistribution';
import type { RedistributionResult } from '#domain/lists/redistribution/model';
import { inputOf, list, row, type TestRow } from './redistribution-builders.ts';

const table = (result: RedistributionResult) => result.lists.map((l) => [l.key, l.newCents]);
const statuses = (result: RedistributionResult) => Object.fromEntries(result.lists.map((l) => [l.key, l.statuses]));
const transfers = (result: RedistributionResult) => result.transfers.map((t) => [t.from, t.to, t.pass, t.cents]);

describe('R22d, isi2024', () => {
  it('follows art. 4 over SPEC: a round that funded nothing but moved money between axes is followed by another', () => {
    // Axis 2: Lazio and Umbria (A 100 each) fund 60, wait for 100, hold 40 each. Axis 3: Marche 30, no rows.
    // Round 1: pass 2 pools 80 < 100 (both); pass 3 pools 80 + 30 = 110 → axis 2 → 55 + 55: nothing fits.
    // SPEC would stop here, leaving 110 in axis 2 beside a 100 row. Round 2's pass 2 pools 110 and funds the
    // earlier row (Lazio's, rank 1); 10 is left → pass 3 → Umbria. Round 3 funds nothing and stops.
    const result = redistribute(
      inputOf([
        list('Lazio', '2', '100', [
          row('L1', '60', 'UTILE', 'PERFEZIONATA'),
          row('L2', '100', 'CARENZA_FONDI', undefined, 1),
        ]),
        list('Umbria', '2', '100', [
          row('U1', '60', 'UTILE', 'PERFEZIONATA'),
          row('U2', '100', 'CARENZA_FONDI', undefined, 2),
        ]),
        list('Marche', '3', '30'),
      ]),
      'isi2024',
    );
    expect(statuses(result)).toEqual({
      'Lazio|2': ['AMMISSIBILE_DEFINITIVA', 'SUBENTRATA'],
      'Umbria|2': ['AMMISSIBILE_DEFINITIVA', 'NON_AMMISSIBILE_CARENZA_FONDI'],
      'Marche|3': [],
    });
    expect(table(result)).toEqual([
      ['Lazio|2', 16000],
      ['Umbria|2', 7000],
      ['Marche|3', 0],
    ]);
  });

  it("lets a national-rule NCD list admit more than its allocation and covers it from the axis's surplus (pass 2)", () => {
    // Axis 3 is NCD by the national rule: Lazio (A 100) funds 150, Umbria (A 200) funds 50.
    // Pass 2: Lazio's −50 is covered from the pool (pool:3 → Lazio 50), Umbria's 150 goes in: pool 100.
    // Nothing waits: pass 5 returns 100 by A 100:200 → 33.33 + 66.67 (the cent to the larger remainder, .67).
    const result = redistribute(
      inputOf([
        list('Lazio', '3', '100', [row('L1', '150', 'NCD', 'PERFEZIONATA')]),
        list('Umbria', '3', '200', [row('U1', '50', 'NCD', 'PERFEZIONATA')]),
      ]),
      'isi2024',
    );
    expect(transfers(result)).toEqual([
      ['pool:3', 'Lazio|3', 2, 5000],
      ['Umbria|3', 'pool:3', 2, 15000],
      ['pool:3', 'Lazio|3', 5, 3333],
      ['pool:3', 'Umbria|3', 5, 6667],
    ]);
    expect(table(result)).toEqual([
      ['Lazio|3', 18333],
      ['Umbria|3', 11667],
    ]);
  });

  it('keeps G1 money in G1 while G1 has a waiting row, even with 5.x lists waiting too', () => {
    // Lazio 1.1 waits for 500 with 50 in hand; Lazio 5.1 waits for 500 with 100. Nothing can ever fit: no pass 4.
    const result = redistribute(
      inputOf([
        list('Lazio', '1.1', '100', [
          row('A1', '50', 'UTILE', 'PERFEZIONATA'),
          row('A2', '500', 'CARENZA_FONDI', undefined, 1),
        ]),
        list('Umbria', '1.1', '200', [row('B1', '100', 'UTILE', 'DECADUTA')]),
        list('Lazio', '5.1', '100', [row('C1', '500', 'CARENZA_FONDI', undefined, 1)]),
      ]),
      'isi2024',
    );
    expect(result.transfers.some((t) => t.pass === 4)).toBe(false);
    expect(result.transfers.every((t) => !t.to.endsWith('5.1') || t.from.endsWith('5.1') || t.from === 'pool:G5')).toBe(
      true,
    );
    // All of axis 1.1's 300 ends with Lazio (the only list waiting, via pass 3); Lazio 5.1 keeps its own 100.
    expect(table(result)).toEqual([
      ['Lazio|1.1', 30000],
      ['Umbria|1.1', 0],
      ['Lazio|5.1', 10000],
    ]);
  });

  it('splits equally over receivers whose allocations are all 0 (pass 1), ties to the first in the file', () => {
    // Axis 4: Lazio and Umbria have no allocation (their rows are excluded), Marche gives 100.01.
    // 10001 over weights 0, 0 → equally: 5001 (the cent to the first), 5000. Lazio's 50 fits, Umbria's 60 does not.
    const result = redistribute(
      inputOf([
        list('Lazio', '4', '0', [row('L1', '50', 'CARENZA_FONDI', undefined, 2)]),
        list('Umbria', '4', '0', [row('U1', '60', 'CARENZA_FONDI', undefined, 1)]),
        list('Marche', '4', '100.01'),
      ]),
      'isi2024',
    );
    expect(transfers(result).slice(0, 3)).toEqual([
      ['Marche|4', 'pool:4', 1, 10001],
      ['pool:4', 'Lazio|4', 1, 5001],
      ['pool:4', 'Umbria|4', 1, 5000],
    ]);
    // Pass 2: Lazio's 0.01 + Umbria's 50.00 → pool 50.01; Umbria's 60 (rank 1) does not fit: final.
    expect(statuses(result)).toEqual({
      'Lazio|4': ['SUBENTRATA'],
      'Umbria|4': ['NON_AMMISSIBILE_CARENZA_FONDI'],
      'Marche|4': [],
    });
  });

  describe('pass 2 orders first excluded rows across lists by arrival', () => {
    // Lazio and Umbria each hold 60 and wait for 100: pool 120 funds exactly one of them.
    const lists = (lazioRank: number, umbriaRank: number, lazioToken = 'L2', umbriaToken = 'U2') => [
      list('Lazio', '1.2', '100', [
        row('L1', '40', 'UTILE', 'PERFEZIONATA'),
        row(lazioToken, '100', 'CARENZA_FONDI', undefined, lazioRank),
      ]),
      list('Umbria', '1.2', '100', [
        row('U1', '40', 'UTILE', 'PERFEZIONATA'),
        row(umbriaToken, '100', 'CARENZA_FONDI', undefined, umbriaRank),
      ]),
    ];
    const winner = (result: RedistributionResult) =>
      result.lists.filter((l) => l.statuses[1] === 'SUBENTRATA').map((l) => l.key);

    it('by arrivalRank by default', () => {
      expect(winner(redistribute(inputOf(lists(1, 2)), 'isi2024'))).toEqual(['Lazio|1.2']);
      expect(winner(redistribute(inputOf(lists(2, 1)), 'isi2024'))).toEqual(['Umbria|1.2']);
    });

    it('by the token when ranks tie (code-unit order, + before -)', () => {
      expect(winner(redistribute(inputOf(lists(1, 1, '-a', '+a')), 'isi2024'))).toEqual(['Umbria|1.2']);
    });

    it("by the caller's comparator when given (arrivalRank then unused)", () => {
      const byTokenDescending = (a: TestRow, b: TestRow) => (a.token < b.token ? 1 : a.token > b.token ? -1 : 0);
      const input = { ...inputOf(lists(1, 2)), compareAcrossLists: byTokenDescending };
      expect(winner(redistribute(input, 'isi2024'))).toEqual(['Umbria|1.2']);
    });
  });

  it('leaves a deficit (frozen NCD overspent by later imports) in its own axis, spread by A in pass 5', () => {
    // Axis 3 funds 150 + 10 with 100 + 20: pool:3 ends at −40 and is not pooled with axis 2 in pass 3.
    // Pass 5: −4000 over 100:20 → −3333.33 (floor −3334, remainder 8000), −666.67 (−667, 4000): one cent back to
    // the larger remainder → −33.33 and −6.67. Axis 2 keeps its own 100 (Lazio 2 waits for 80 with 50 + 50).
    const result = redistribute(
      inputOf([
        list('Lazio', '2', '100', [
          row('A1', '50', 'UTILE', 'PERFEZIONATA'),
          row('A2', '80', 'CARENZA_FONDI', undefined, 1),
        ]),
        list('Lazio', '3', '100', [row('B1', '150', 'NCD', 'PERFEZIONATA')]),
        list('Umbria', '3', '20', [row('C1', '10', 'NCD', 'PERFEZIONATA')]),
      ]),
      'isi2024',
    );
    expect(table(result)).toEqual([
      ['Lazio|2', 10000],
      ['Lazio|3', 11667],
      ['Umbria|3', 333],
    ]);
    expect(result.transfers.filter((t) => t.pass === 3).some((t) => t.from === 'pool:3' || t.to === 'pool:3')).toBe(
      false,
    );
    expect(transfers(result).filter((t) => t[2] === 5)).toEqual([
      ['Lazio|3', 'pool:3', 5, 3333],
      ['Umbria|3', 'pool:3', 5, 667],
    ]);
  });

  it('settles G5 alone when there is no G1 list: the G1 → G5 move has nothing to move and records nothing', () => {
    // No G1 list at all: G1 has no waiting row, so the move happens, with 0 cents (not recorded).
    const result = redistribute(
      inputOf([
        list('Lazio', '5.2', '100', [
          row('A1', '100', 'UTILE', 'DECADUTA'),
          row('A2', '30', 'CARENZA_FONDI', undefined, 1),
        ]),
      ]),
      'isi2024',
    );
    expect(statuses(result)).toEqual({ 'Lazio|5.2': ['DECADUTA', 'SUBENTRATA'] });
    // Pass 0 funds A2; round 2's pass 2 moves the 70 left into pool:5.2; pass 5 gives it back.
    expect(transfers(result)).toEqual([
      ['Lazio|5.2', 'pool:5.2', 2, 7000],
      ['pool:5.2', 'Lazio|5.2', 5, 7000],
    ]);
  });
});

describe('R22e, isi2012', () => {
  it('admits by freed budget within each list only, in order, with no skipping and no transfer', () => {
    // List A (1000): a 400 kept, b 500 lapsed → 600 free: c 550 fits (50 left), d 300 does not, and e 40 would
    // fit but comes after d: no skipping. List B (500): f 100 kept, 400 free stays there (no redistribution).
    const result = redistribute(
      inputOf([
        list('Lombardia', '1.1', '1000', [
          row('a', '400', 'UTILE', 'PERFEZIONATA'),
          row('b', '500', 'UTILE', 'DECADUTA'),
          row('c', '550', 'CARENZA_FONDI'),
          row('d', '300', 'CARENZA_FONDI'),
          row('e', '40', 'CARENZA_FONDI'),
          row('x', '10', 'ANNULLATA'),
        ]),
        list('Lombardia', '2', '500', [row('f', '100', 'UTILE', 'PERFEZIONATA')]),
        list('Lombardia', '3', '100', [row('g', '200', 'CARENZA_FONDI')]),
      ]),
      'isi2012',
    );
    expect(statuses(result)).toEqual({
      'Lombardia|1.1': [
        'AMMISSIBILE_DEFINITIVA',
        'DECADUTA',
        'SUBENTRATA',
        'NON_AMMISSIBILE_CARENZA_FONDI',
        'NON_AMMISSIBILE_CARENZA_FONDI',
        'ANNULLATA',
      ],
      'Lombardia|2': ['AMMISSIBILE_DEFINITIVA'],
      'Lombardia|3': ['NON_AMMISSIBILE_CARENZA_FONDI'],
    });
    expect(result.transfers).toEqual([]);
    expect(result.lists.map((l) => [l.key, l.initialCents, l.newCents, l.differenceCents, l.fundedCents])).toEqual([
      ['Lombardia|1.1', 100000, 100000, 0, 95000],
      ['Lombardia|2', 50000, 50000, 0, 10000],
      ['Lombardia|3', 10000, 10000, 0, 0],
    ]);
  });

  it('needs no arrival rank (nothing is compared across lists)', () => {
    expect(() =>
      redistribute(inputOf([list('Lombardia', '1.1', '10', [row('a', '20', 'CARENZA_FONDI')])]), 'isi2012'),
    ).not.toThrow();
  });
});
