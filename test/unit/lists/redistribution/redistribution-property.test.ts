/**
 * Properties of the definitive lists on random worlds: provisional lists built the way R17b/R17c build them, with
 * R22a's NCD decision on the same applications (so the input is always consistent), random outcomes, arrival
 * ranks with ties (the token decides), and amounts either small or large enough that P·w exceeds 2^53.
 */
import fc from 'fast-check';
import type { Axis, Region } from '#domain/kernel/geography';
import { decideNcd } from '#domain/lists/redistribution/ncd-decision';
import type {
  Outcome,
  RedistributionEdition,
  RedistributionResult,
  Transfer,
} from '#domain/lists/redistribution/model';
import { ListsInputError } from '#domain/lists/redistribution/problems';
import { redistribute } from '#domain/lists/redistribution/redistribution';
import { outcomesOf, type TestRow } from './redistribution-builders.ts';
import type { ProvisionalList, RedistributionInput } from '#domain/lists/redistribution/model';

const REGIONS: Region[] = ['Lazio', 'Umbria', 'Marche'];
const AXES: Axis[] = ['1.1', '1.2', '2', '3', '4', '5.1', '5.2'];
const G5 = new Set<string>(['5.1', '5.2']);

interface RawApplication {
  requested: number;
  annulled: boolean;
  sent: boolean;
  rank: number;
  sign: '+' | '-';
  outcome: Outcome;
}

const rawApplication = fc.record({
  requested: fc.integer({ min: 0, max: 1500 }),
  annulled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  sent: fc.integer({ min: 0, max: 9 }).map((n) => n !== 0),
  rank: fc.integer({ min: 0, max: 12 }),
  sign: fc.constantFrom<'+' | '-'>('+', '-'),
  outcome: fc.constantFrom<Outcome>('PERFEZIONATA', 'DECADUTA'),
});

const world = fc.record({
  scale: fc.constantFrom(1, 1_000_000_007),
  lists: fc.uniqueArray(
    fc.record({
      region: fc.constantFrom(...REGIONS),
      axis: fc.constantFrom(...AXES),
      allocation: fc.integer({ min: 0, max: 3000 }),
      applications: fc.array(rawApplication, { maxLength: 6 }),
    }),
    { selector: (l) => `${l.region}|${l.axis}`, minLength: 1, maxLength: 14 },
  ),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** Small amounts stay as they are; with a large scale they reach 10^12 cents, odd cents included. */
const money = (amount: number, scale: number) => amount * scale + (scale === 1 ? 0 : amount % 97);

/** Provisional lists exactly as R17b/R17c and R22a make them. */
function inputOf(w: World): RedistributionInput<TestRow> {
  let next = 0;
  const applications = w.lists.map((l) =>
    l.applications.map((a: RawApplication) => ({
      ...a,
      token: `${a.sign}${String(next++).padStart(4, '0')}`,
      requestedCents: money(a.requested, w.scale),
    })),
  );
  const allocations = w.lists.map((l) => ({
    region: l.region,
    axis: l.axis,
    allocationCents: money(l.allocation, w.scale),
  }));
  const demands = w.lists.flatMap((l, i) =>
    (applications[i] ?? []).map((a) => ({ ...l, requestedCents: a.requestedCents })),
  );
  const decision = decideNcd(demands, allocations);
  const lists = allocations.map((allocation, i): ProvisionalList<TestRow> => {
    const own = applications[i] ?? [];
    const ncd = decision.lists[i]?.ncd === true;
    // An NCD list holds all its applications; a click-day list only those sent. Annulled ones come last.
    const annulled = own.filter((a) => a.annulled && (ncd || a.sent));
    const rows: TestRow[] = [];
    if (ncd) {
      for (const a of own.filter((x) => !x.annulled)) rows.push({ ...a, status: 'NCD', outcome: a.outcome });
    } else {
      const byArrival = (x: (typeof own)[number], y: (typeof own)[number]) =>
        x.rank - y.rank || (x.token < y.token ? -1 : 1);
      let cumulative = 0;
      let cut = false;
      for (const a of own.filter((x) => x.sent && !x.annulled).sort(byArrival)) {
        cumulative += a.requestedCents;
        cut ||= cumulative > allocation.allocationCents;
        rows.push(
          cut
            ? { ...a, status: 'CARENZA_FONDI', arrivalRank: a.rank, outcome: undefined }
            : { ...a, status: 'UTILE', outcome: a.outcome },
        );
      }
    }
    for (const a of annulled) rows.push({ ...a, status: 'ANNULLATA', outcome: undefined });
    return {
      ...allocation,
      rows: rows.map(({ token, requestedCents, status, arrivalRank, outcome }) => ({
        token,
        requestedCents,
        status,
        arrivalRank,
        outcome,
      })),
    };
  });
  return { lists, outcomes: outcomesOf(lists) };
}

/** `pool:G5`, `pool:5.x` and `<Region>|5.x` are G5's; everything else is G1's. */
function isG5Account(name: string): boolean {
  if (name === 'pool:G5' || name === 'pool:G1') return name === 'pool:G5';
  return G5.has(name.startsWith('pool:') ? name.slice('pool:'.length) : name.slice(name.indexOf('|') + 1));
}
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const funds = (status: string) => status === 'AMMISSIBILE_DEFINITIVA' || status === 'SUBENTRATA';

function run(
  w: World,
  edition: RedistributionEdition,
): { input: RedistributionInput<TestRow>; result: RedistributionResult } {
  const input = inputOf(w);
  return { input, result: redistribute(input, edition) };
}

const EDITIONS: RedistributionEdition[] = ['isi2024', 'isi2012'];

describe('definitive lists, properties', () => {
  it.each(EDITIONS)('%s: conserves money to the cent and transfers only positive whole cents', (edition) => {
    fc.assert(
      fc.property(world, (w) => {
        const { result } = run(w, edition);
        expect(sum(result.lists.map((l) => l.newCents))).toBe(sum(result.lists.map((l) => l.initialCents)));
        for (const t of result.transfers) {
          expect(Number.isSafeInteger(t.cents) && t.cents > 0).toBe(true);
          expect(t.from).not.toBe(t.to);
          expect([1, 2, 3, 4, 5]).toContain(t.pass);
        }
        for (const l of result.lists) {
          expect(l.differenceCents).toBe(l.newCents - l.initialCents);
        }
      }),
    );
  });

  it.each(EDITIONS)('%s: skips no row: funded rows come before every row left waiting, in each list', (edition) => {
    fc.assert(
      fc.property(world, (w) => {
        const { input, result } = run(w, edition);
        result.lists.forEach((l, i) => {
          const rows = input.lists[i]?.rows ?? [];
          const live = l.statuses.filter((s) => s !== 'DECADUTA' && s !== 'ANNULLATA');
          const firstWaiting = live.indexOf('NON_AMMISSIBILE_CARENZA_FONDI');
          if (firstWaiting >= 0) expect(live.slice(firstWaiting).every((s) => !funds(s))).toBe(true);
          expect(l.fundedCents).toBe(
            sum(rows.filter((_, j) => funds(l.statuses[j] as string)).map((r) => r.requestedCents)),
          );
          rows.forEach((r, j) => {
            const s = l.statuses[j];
            if (r.status === 'ANNULLATA') expect(s).toBe('ANNULLATA');
            else if (r.status === 'CARENZA_FONDI') expect(['SUBENTRATA', 'NON_AMMISSIBILE_CARENZA_FONDI']).toContain(s);
            else expect(s).toBe(r.outcome === 'PERFEZIONATA' ? 'AMMISSIBILE_DEFINITIVA' : 'DECADUTA');
          });
        });
      }),
    );
  });

  it('isi2024: G5 money never leaves G5, and G1 money reaches G5 only by pass 4 once G1 waits no more', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { result } = run(w, 'isi2024');
        for (const t of result.transfers) {
          if (isG5Account(t.from)) expect(isG5Account(t.to)).toBe(true);
          if (!isG5Account(t.from) && isG5Account(t.to)) expect(t.pass).toBe(4);
        }
        const g5 = result.lists.filter((l) => G5.has(l.axis));
        expect(sum(g5.map((l) => l.newCents))).toBeGreaterThanOrEqual(sum(g5.map((l) => l.initialCents)));
        const g1Waits = result.lists.some(
          (l) => !G5.has(l.axis) && l.statuses.includes('NON_AMMISSIBILE_CARENZA_FONDI'),
        );
        if (g1Waits) expect(result.transfers.some((t) => t.pass === 4)).toBe(false);
      }),
    );
  });

  it('isi2024: a list gets money in passes 1 and 3 only if it has rows waiting, in pass 2 only for those or its overrun', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { input, result } = run(w, 'isi2024');
        result.lists.forEach((l, i) => {
          const waits = (input.lists[i]?.rows ?? []).some((r) => r.status === 'CARENZA_FONDI');
          if (waits) return;
          const received = (pass: Transfer['pass']) =>
            sum(result.transfers.filter((t) => t.to === l.key && t.pass === pass).map((t) => t.cents));
          expect(received(1)).toBe(0);
          expect(received(3)).toBe(0);
          // Pass 2 covers a national-rule NCD list's overrun (funded beyond its allocation), once.
          expect(received(2)).toBe(Math.max(0, l.fundedCents - l.initialCents));
        });
      }),
    );
  });

  it('isi2024: every list ends holding at least what it funds (consistent input has no deficit)', () => {
    fc.assert(
      fc.property(world, (w) => {
        for (const l of run(w, 'isi2024').result.lists) expect(l.newCents).toBeGreaterThanOrEqual(l.fundedCents);
      }),
    );
  });

  it("isi2024: no money idles in an axis beside a first excluded row it could fund (art. 4, 'ottimale')", () => {
    fc.assert(
      fc.property(world, (w) => {
        const { input, result } = run(w, 'isi2024');
        for (const axis of AXES) {
          const lists = result.lists
            .map((l, i) => ({ l, rows: input.lists[i]?.rows ?? [] }))
            .filter((x) => x.l.axis === axis);
          const firstWaiting = lists.flatMap(({ l, rows }) => {
            const j = l.statuses.indexOf('NON_AMMISSIBILE_CARENZA_FONDI');
            return j < 0 ? [] : [(rows[j] as TestRow).requestedCents];
          });
          if (firstWaiting.length === 0) continue;
          const unspent = sum(lists.map(({ l }) => l.newCents - l.fundedCents));
          expect(unspent).toBeLessThan(Math.min(...firstWaiting));
        }
      }),
    );
  });

  it('isi2012: moves no money and admits while the freed budget allows', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { input, result } = run(w, 'isi2012');
        expect(result.transfers).toEqual([]);
        result.lists.forEach((l, i) => {
          expect(l.newCents).toBe(l.initialCents);
          const j = l.statuses.indexOf('NON_AMMISSIBILE_CARENZA_FONDI');
          if (j >= 0) {
            const first = input.lists[i]?.rows[j] as TestRow;
            expect(first.requestedCents).toBeGreaterThan(l.initialCents - l.fundedCents);
          }
          if (l.statuses.includes('SUBENTRATA')) expect(l.fundedCents).toBeLessThanOrEqual(l.initialCents);
        });
      }),
    );
  });

  it.each(EDITIONS)(
    '%s: is deterministic: same JSON bytes twice, and whatever the order of the outcomes',
    (edition) => {
      fc.assert(
        fc.property(world, (w) => {
          const input = inputOf(w);
          const once = JSON.stringify(redistribute(input, edition));
          expect(JSON.stringify(redistribute(inputOf(w), edition))).toBe(once);
          expect(JSON.stringify(redistribute({ ...input, outcomes: [...input.outcomes].reverse() }, edition))).toBe(
            once,
          );
        }),
      );
    },
  );

  it('refuses a missing, duplicate or extra outcome, naming the token', () => {
    fc.assert(
      fc.property(world, fc.nat(), fc.constantFrom('missing', 'duplicate', 'extra'), (w, pick, kind) => {
        const input = inputOf(w);
        const rows = input.lists.flatMap((l) => l.rows);
        const useful = input.outcomes;
        const excluded = rows.filter((r) => r.status === 'CARENZA_FONDI' || r.status === 'ANNULLATA');
        let outcomes = [...useful];
        let token: string;
        if (kind === 'extra') {
          const target = excluded[pick % Math.max(1, excluded.length)];
          token = target?.token ?? 'unknown-token';
          outcomes.push({ token, outcome: 'PERFEZIONATA' });
        } else {
          fc.pre(useful.length > 0);
          token = (useful[pick % useful.length] as (typeof useful)[number]).token;
          outcomes =
            kind === 'missing'
              ? outcomes.filter((o) => o.token !== token)
              : [...outcomes, { token, outcome: 'DECADUTA' }];
        }
        let error: unknown;
        try {
          redistribute({ ...input, outcomes }, 'isi2024');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ListsInputError);
        const code = { missing: 'OUTCOME_MISSING', duplicate: 'OUTCOME_DUPLICATE', extra: 'OUTCOME_EXTRA' }[kind];
        expect((error as ListsInputError).problems).toEqual([expect.objectContaining({ code, token })]);
      }),
    );
  });
});
