/**
 * R22d worked by hand from SPEC's text (and art. 4 of the ISI 2024 call), before the engine was run on it.
 * Amounts in euros; transfers in cents. The data set has: regions with surplus (Marche 1.1 with no application,
 * Umbria 2 an NCD list with a lapsed row, Lazio 5.2 with a lapsed row), lists that lapse (DECADUTA rows), a national
 * pool that funds some first excluded rows and not others (axis 5.1), axes 1.1 and 2 fully satisfied so that axis 5
 * receives G1's leftover (pass 4), rounding with leftover cents (passes 1 and 4), an annulled row, and a row that
 * stays excluded for lack of funds.
 *
 * Allocations file, in order: Lazio 1.1 1000.00 · Umbria 1.1 500.00 · Marche 1.1 300.01 (no rows) · Lazio 2 400.00 ·
 * Umbria 2 600.00 · Lazio 5.1 700.00 · Umbria 5.1 300.00 · Lazio 5.2 200.00 · Umbria 5.2 100.00.
 *
 * ── G1, round 1 ──────────────────────────────────────────────────────────────────────────────────────────────
 * Pass 0. Lazio 1.1: funded L1a 400 (L1b 500 lapsed) → residual 600; L1c 450 ≤ 600 → SUBENTRATA, residual 150;
 *   L1d 300 > 150 stops. Umbria 1.1: residual 500 − 450 = 50 < U1c 250. Lazio 2: residual 400 − 350 = 50 < L2c 120.
 *   Umbria 2 (NCD): U2a 200 lapsed, funded U2b 100 → residual 500, no waiting row. Marche 1.1: residual 300.01.
 * Pass 1, axis 1.1: donors Marche (300.01); receivers Lazio (A 1000) and Umbria (A 500).
 *   30001·1000/1500 = 20000.67 → 20000, 30001·500/1500 = 10000.33 → 10000; 1 cent left → the larger remainder,
 *   Lazio: 200.01 and 100.00. Lazio 150 + 200.01 = 350.01 ≥ L1d 300 → SUBENTRATA, residual 50.01.
 *   Umbria 50 + 100 = 150 < 250.
 * Pass 1, axis 2: donor Umbria 2 (500.00) → receiver Lazio 2: 50 + 500 = 550 ≥ L2c 120 → SUBENTRATA, residual 430.
 * Pass 2, axis 1.1: residuals 50.01 (Lazio) + 150.00 (Umbria) → pool:1.1 = 200.01; first excluded U1c 250 > 200.01.
 * Pass 2, axis 2: 430.00 → pool:2; no waiting row.
 * Pass 3 (axis 1.1 is waiting): pool:1.1 200.01 + pool:2 430.00 → pool:G1 630.01; only axis 1.1 waits, only Umbria
 *   in it → Umbria 1.1 gets 630.01 → U1c 250 SUBENTRATA, residual 380.01. The round funded 4 rows.
 * ── G1, round 2 ── Pass 2 moves Umbria 1.1's 380.01 to pool:1.1; nothing waits, nothing is funded: G1 stops.
 *
 * ── G5, round 1 ──────────────────────────────────────────────────────────────────────────────────────────────
 * Pass 0: Lazio 5.1 residual 700 − 650 = 50 < L5c 200; Umbria 5.1 300 − 250 = 50 < U5b 100; Lazio 5.2 (L52a lapsed)
 *   residual 150, nothing waits; Umbria 5.2 residual 10 < U52b 80.
 * Pass 1, axis 5.1: both lists wait, no donor. Axis 5.2: Lazio 5.2 gives 150 → Umbria 5.2: 160 ≥ 80 → U52b
 *   SUBENTRATA, residual 80.
 * Pass 2, axis 5.1: 50 + 50 → pool:5.1 = 100. First excluded by arrival: L5c (200) first → does not fit; U5b (100)
 *   fits → SUBENTRATA, pool 0. Axis 5.2: Umbria's 80 → pool:5.2.
 * Pass 3: only 5.1 waits (L5c 200 + L5d 100 + U5c 1000); pool:5.2 80 → pool:G5 → axis 5.1 → by A over Lazio (700)
 *   and Umbria (300): 56.00 and 24.00; nothing fits. The round funded 2 rows.
 * ── G5, round 2 ── Pass 2 gathers 56 + 24 = 80 (< 200, < 1000), pass 3 gives 56 and 24 back: funds nothing, stop.
 *   (The tried extra round does the same and funds nothing: it is thrown away.)
 *
 * ── Pass 4: G1 has no waiting row ──────────────────────────────────────────────────────────────────────────
 * pool:1.1 380.01 → pool:G5, split by A over 700, 300, 200, 100 (Σ 1300): 38001·7/13 = 20462 + 1/13,
 *   38001·3/13 = 8769 + 6/13, 38001·2/13 = 5846 + 4/13, 38001/13 = 2923 + 2/13; 1 cent left → Umbria 5.1 (6/13):
 *   204.62, 87.70, 58.46, 29.23.
 * ── G5, round 3 ── Pass 0: Lazio 5.1 56 + 204.62 = 260.62 ≥ L5c 200 → SUBENTRATA, 60.62 < L5d 100.
 *   Pass 1: both 5.1 lists still wait, pool:5.1 is empty: nothing. Pass 2, 5.1: 60.62 + 111.70 → pool 172.32;
 *   L5d 100 fits → SUBENTRATA (pool 72.32); U5c 1000 does not. 5.2: 58.46 + 29.23 → pool:5.2 87.69.
 *   Pass 3: 72.32 + 87.69 = 160.01 → all to Umbria 5.1 (the only list waiting); 1000 does not fit.
 * ── G5, round 4 ── Umbria's 160.01 → pool:5.1 → pool:G5 → Umbria: funds nothing, stop. Pass 5: every pool is empty.
 */
import { redistribute } from '#domain/lists/redistribution/redistribution';
import { inputOf, list, row } from './redistribution-builders.ts';

const LISTS = [
  list('Lazio', '1.1', '1000.00', [
    row('L1a', '400.00', 'UTILE', 'PERFEZIONATA'),
    row('L1b', '500.00', 'UTILE', 'DECADUTA'),
    row('L1c', '450.00', 'CARENZA_FONDI', undefined, 1),
    row('L1d', '300.00', 'CARENZA_FONDI', undefined, 2),
    row('L1x', '999.00', 'ANNULLATA'),
  ]),
  list('Umbria', '1.1', '500.00', [
    row('U1a', '300.00', 'UTILE', 'PERFEZIONATA'),
    row('U1b', '150.00', 'UTILE', 'PERFEZIONATA'),
    row('U1c', '250.00', 'CARENZA_FONDI', undefined, 3),
  ]),
  list('Marche', '1.1', '300.01'),
  list('Lazio', '2', '400.00', [
    row('L2a', '250.00', 'UTILE', 'PERFEZIONATA'),
    row('L2b', '100.00', 'UTILE', 'PERFEZIONATA'),
    row('L2c', '120.00', 'CARENZA_FONDI', undefined, 1),
  ]),
  list('Umbria', '2', '600.00', [row('U2a', '200.00', 'NCD', 'DECADUTA'), row('U2b', '100.00', 'NCD', 'PERFEZIONATA')]),
  list('Lazio', '5.1', '700.00', [
    row('L5a', '300.00', 'UTILE', 'PERFEZIONATA'),
    row('L5b', '350.00', 'UTILE', 'PERFEZIONATA'),
    row('L5c', '200.00', 'CARENZA_FONDI', undefined, 1),
    row('L5d', '100.00', 'CARENZA_FONDI', undefined, 3),
  ]),
  list('Umbria', '5.1', '300.00', [
    row('U5a', '250.00', 'UTILE', 'PERFEZIONATA'),
    row('U5b', '100.00', 'CARENZA_FONDI', undefined, 2),
    row('U5c', '1000.00', 'CARENZA_FONDI', undefined, 4),
  ]),
  list('Lazio', '5.2', '200.00', [
    row('L52a', '150.00', 'UTILE', 'DECADUTA'),
    row('L52b', '50.00', 'UTILE', 'PERFEZIONATA'),
  ]),
  list('Umbria', '5.2', '100.00', [
    row('U52a', '90.00', 'UTILE', 'PERFEZIONATA'),
    row('U52b', '80.00', 'CARENZA_FONDI', undefined, 1),
  ]),
];

describe('R22d worked by hand (isi2024)', () => {
  const result = redistribute(inputOf(LISTS), 'isi2024');

  it('gives the allocation table', () => {
    expect(result.lists.map((l) => [l.key, l.initialCents, l.newCents, l.differenceCents, l.fundedCents])).toEqual([
      ['Lazio|1.1', 100000, 115000, 15000, 115000],
      ['Umbria|1.1', 50000, 70000, 20000, 70000],
      ['Marche|1.1', 30001, 0, -30001, 0],
      ['Lazio|2', 40000, 47000, 7000, 47000],
      ['Umbria|2', 60000, 10000, -50000, 10000],
      ['Lazio|5.1', 70000, 95000, 25000, 95000],
      ['Umbria|5.1', 30000, 51001, 21001, 35000],
      ['Lazio|5.2', 20000, 5000, -15000, 5000],
      ['Umbria|5.2', 10000, 17000, 7000, 17000],
    ]);
  });

  it('gives the definitive statuses', () => {
    expect(Object.fromEntries(result.lists.map((l) => [l.key, l.statuses]))).toEqual({
      'Lazio|1.1': ['AMMISSIBILE_DEFINITIVA', 'DECADUTA', 'SUBENTRATA', 'SUBENTRATA', 'ANNULLATA'],
      'Umbria|1.1': ['AMMISSIBILE_DEFINITIVA', 'AMMISSIBILE_DEFINITIVA', 'SUBENTRATA'],
      'Marche|1.1': [],
      'Lazio|2': ['AMMISSIBILE_DEFINITIVA', 'AMMISSIBILE_DEFINITIVA', 'SUBENTRATA'],
      'Umbria|2': ['DECADUTA', 'AMMISSIBILE_DEFINITIVA'],
      'Lazio|5.1': ['AMMISSIBILE_DEFINITIVA', 'AMMISSIBILE_DEFINITIVA', 'SUBENTRATA', 'SUBENTRATA'],
      'Umbria|5.1': ['AMMISSIBILE_DEFINITIVA', 'SUBENTRATA', 'NON_AMMISSIBILE_CARENZA_FONDI'],
      'Lazio|5.2': ['DECADUTA', 'AMMISSIBILE_DEFINITIVA'],
      'Umbria|5.2': ['AMMISSIBILE_DEFINITIVA', 'SUBENTRATA'],
    });
  });

  it('records every transfer, in order', () => {
    expect(result.transfers.map((t) => [t.from, t.to, t.pass, t.cents])).toEqual([
      // G1 round 1
      ['Marche|1.1', 'pool:1.1', 1, 30001],
      ['pool:1.1', 'Lazio|1.1', 1, 20001],
      ['pool:1.1', 'Umbria|1.1', 1, 10000],
      ['Umbria|2', 'pool:2', 1, 50000],
      ['pool:2', 'Lazio|2', 1, 50000],
      ['Lazio|1.1', 'pool:1.1', 2, 5001],
      ['Umbria|1.1', 'pool:1.1', 2, 15000],
      ['Lazio|2', 'pool:2', 2, 43000],
      ['pool:1.1', 'pool:G1', 3, 20001],
      ['pool:2', 'pool:G1', 3, 43000],
      ['pool:G1', 'Umbria|1.1', 3, 63001],
      // G1 round 2
      ['Umbria|1.1', 'pool:1.1', 2, 38001],
      // G5 round 1
      ['Lazio|5.2', 'pool:5.2', 1, 15000],
      ['pool:5.2', 'Umbria|5.2', 1, 15000],
      ['Lazio|5.1', 'pool:5.1', 2, 5000],
      ['Umbria|5.1', 'pool:5.1', 2, 5000],
      ['pool:5.1', 'Umbria|5.1', 2, 10000],
      ['Umbria|5.2', 'pool:5.2', 2, 8000],
      ['pool:5.2', 'pool:G5', 3, 8000],
      ['pool:G5', 'Lazio|5.1', 3, 5600],
      ['pool:G5', 'Umbria|5.1', 3, 2400],
      // G5 round 2
      ['Lazio|5.1', 'pool:5.1', 2, 5600],
      ['Umbria|5.1', 'pool:5.1', 2, 2400],
      ['pool:5.1', 'pool:G5', 3, 8000],
      ['pool:G5', 'Lazio|5.1', 3, 5600],
      ['pool:G5', 'Umbria|5.1', 3, 2400],
      // pass 4: G1 → G5
      ['pool:1.1', 'pool:G5', 4, 38001],
      ['pool:G5', 'Lazio|5.1', 4, 20462],
      ['pool:G5', 'Umbria|5.1', 4, 8770],
      ['pool:G5', 'Lazio|5.2', 4, 5846],
      ['pool:G5', 'Umbria|5.2', 4, 2923],
      // G5 round 3
      ['Lazio|5.1', 'pool:5.1', 2, 6062],
      ['Umbria|5.1', 'pool:5.1', 2, 11170],
      ['pool:5.1', 'Lazio|5.1', 2, 10000],
      ['Lazio|5.2', 'pool:5.2', 2, 5846],
      ['Umbria|5.2', 'pool:5.2', 2, 2923],
      ['pool:5.1', 'pool:G5', 3, 7232],
      ['pool:5.2', 'pool:G5', 3, 8769],
      ['pool:G5', 'Umbria|5.1', 3, 16001],
      // G5 round 4
      ['Umbria|5.1', 'pool:5.1', 2, 16001],
      ['pool:5.1', 'pool:G5', 3, 16001],
      ['pool:G5', 'Umbria|5.1', 3, 16001],
    ]);
  });

  it('keeps the total to the cent', () => {
    const total = (pick: (l: (typeof result.lists)[number]) => number) => result.lists.reduce((s, l) => s + pick(l), 0);
    expect(total((l) => l.newCents)).toBe(total((l) => l.initialCents));
    expect(total((l) => l.initialCents)).toBe(410001); // G1 2800.01 + G5 1300.00
  });
});
