/**
 * Property: for random inputs crowded with equal arrival times and deep ties, the real pipeline (CSV parsing,
 * ranking, files) writes exactly the CSV that a deliberately naive reference, written here from CONTRACT's text
 * alone, expects. The reference shares no code with the implementation: it parses with `Date.parse`/`Number`,
 * sorts with one comparator over plain objects and prints with `toFixed`.
 */
import fc from 'fast-check';
import type { EditionId } from '#domain/lists/editions';
import { listFiles } from '#domain/lists/list-files';
import { computeLists, type Resolution } from '#domain/lists/ranking';
import { parseAllocations, parseAnnulments, parseApplications, parseSends } from '#domain/lists/records';

// ---- the generated world: few distinct values, so that ties go deep -------------------------------------------

const REGION_SPELLINGS = [
  ['Lazio', 'Lazio'],
  ['LAZIO', 'Lazio'],
  ["Valle d'Aosta", "Valle d'Aosta"],
  ['valle-d-aosta', "Valle d'Aosta"],
  ['Provincia autonoma di Bolzano', 'Provincia autonoma di Bolzano'],
] as const;
const SLUGS: Record<string, string> = {
  Lazio: 'lazio',
  "Valle d'Aosta": 'valle-d-aosta',
  'Provincia autonoma di Bolzano': 'provincia-autonoma-di-bolzano',
};
const REGION_RANK: Record<string, number> = { Lazio: 0, "Valle d'Aosta": 1, 'Provincia autonoma di Bolzano': 2 };
const AXES = ['1.1', '5.2'];
const AMOUNTS = ['10', '10.00', '20.5', '0.01', '15', '9.99'];
const PROJECTS = ['100', '200.00', '150.5', '100.00'];
/** Equal instants written differently, and instants a microsecond or a millisecond apart. */
const REGISTERED = [
  '2026-03-01T10:00:00.000+01:00',
  '2026-03-01T09:00:00Z',
  '2026-03-01T09:00:00.000001Z',
  '2026-03-01T09:00:00.0005+00:00',
  '2026-03-01T08:59:59.999Z',
  '2026-03-01T10:00:00.001+01:00',
];
const CCIAA = ['2001-01-01', '2001-01-02', '1999-12-31'];
const ARRIVAL_BASE = Date.UTC(2026, 9, 26, 8, 0, 0, 0);
const ARRIVAL_OFFSETS = [0, 1, 999, 1000, 1001, 1999, 2000, 2500];

interface RawApplication {
  token: string;
  company: string;
  region: string;
  canonicalRegion: string;
  axis: string;
  requested: string;
  project: string;
  registered: string;
  cciaa: string;
  legality: boolean;
  workers: number;
  arrivalOffset: number | null;
  annulReason: string | null;
}

const rawApplication = (id: number) =>
  fc
    .record({
      sign: fc.constantFrom('+', '-'),
      region: fc.constantFrom(...REGION_SPELLINGS),
      axis: fc.constantFrom(...AXES),
      requested: fc.constantFrom(...AMOUNTS),
      project: fc.constantFrom(...PROJECTS),
      registered: fc.constantFrom(...REGISTERED),
      cciaa: fc.constantFrom(...CCIAA),
      legality: fc.boolean(),
      workers: fc.integer({ min: 0, max: 2 }),
      arrivalOffset: fc.option(fc.constantFrom(...ARRIVAL_OFFSETS), { freq: 4 }),
      annulled: fc.integer({ min: 0, max: 9 }),
      company: fc.constantFrom('Alfa S.r.l.', 'Beta, Gamma & C.', 'Delta "Nuova"'),
    })
    .map((r): RawApplication => ({
      token: `${r.sign}${id.toString(16).padStart(64, '0')}`,
      company: r.company,
      region: r.region[0],
      canonicalRegion: r.region[1],
      axis: r.axis,
      requested: r.requested,
      project: r.project,
      registered: r.registered,
      cciaa: r.cciaa,
      legality: r.legality,
      workers: r.workers,
      arrivalOffset: r.arrivalOffset,
      annulReason: r.annulled === 0 ? `Motivo ${id}` : null,
    }));

const world = fc
  .uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 })
  .chain((ids) => fc.tuple(...ids.map(rawApplication)))
  .chain((applications) =>
    fc.record({
      applications: fc.constant(applications),
      /** Per list: the allocation as an offset from the total requested (0 = exactly the total: NCD boundary). */
      allocationChoice: fc.array(fc.constantFrom('total', 'total-1', 'zero', 'half', 'ample'), {
        minLength: 6,
        maxLength: 6,
      }),
      edition: fc.constantFrom<EditionId>('isi2024', 'isi2012'),
      resolution: fc.constantFrom<Resolution>('ms', 's'),
    }),
  );

// ---- the naive reference --------------------------------------------------------------------------------------

const cents = (euros: string) => Math.round(Number(euros) * 100);
const euros = (c: number) => (c / 100).toFixed(2);

/** Nanoseconds since the epoch as a bigint: Date.parse for the milliseconds, the extra digits by hand. */
function nanos(instant: string): bigint {
  const fraction = /\.(\d+)/.exec(instant)?.[1] ?? '';
  const msText = instant.replace(/\.(\d+)/, `.${fraction.padEnd(3, '0').slice(0, 3)}`);
  return BigInt(Date.parse(msText)) * 1_000_000n + BigInt(fraction.padEnd(9, '0').slice(3, 9));
}

function tokenOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

type Criterion = [string, (a: RawApplication, b: RawApplication) => number];
const sign = (x: number | bigint) => (x > 0 ? 1 : x < 0 ? -1 : 0);
const CRITERIA: Record<EditionId, Criterion[]> = {
  isi2024: [
    ['registered_at', (a, b) => sign(nanos(a.registered) - nanos(b.registered))],
    ['requested_eur', (a, b) => cents(a.requested) - cents(b.requested)],
    ['project_eur', (a, b) => cents(b.project) - cents(a.project)],
    ['cciaa_date', (a, b) => Date.parse(a.cciaa) - Date.parse(b.cciaa)],
    ['legality_rating', (a, b) => (a.legality === b.legality ? 0 : a.legality ? -1 : 1)],
    ['token', (a, b) => tokenOrder(a.token, b.token)],
  ],
  isi2012: [
    ['requested_eur', (a, b) => cents(a.requested) - cents(b.requested)],
    ['project_eur', (a, b) => cents(b.project) - cents(a.project)],
    ['workers', (a, b) => b.workers - a.workers],
    ['cciaa_date', (a, b) => Date.parse(a.cciaa) - Date.parse(b.cciaa)],
    ['token', (a, b) => tokenOrder(a.token, b.token)],
  ],
};

function quote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface ReferenceList {
  name: string;
  kind: string;
  csv: string;
  reasons: (string | null)[];
}

function allocationFor(choice: string, total: number): number {
  switch (choice) {
    case 'total':
      return total;
    case 'total-1':
      return Math.max(total - 1, 0);
    case 'zero':
      return 0;
    case 'half':
      return Math.floor(total / 2);
    default:
      return total * 3;
  }
}

function reference(
  applications: RawApplication[],
  allocationOf: (key: string) => number,
  edition: EditionId,
  resolution: Resolution,
): ReferenceList[] {
  const keys = [...new Set(applications.map((a) => `${a.canonicalRegion}|${a.axis}`))].sort((x, y) => {
    const [rx, ax] = x.split('|') as [string, string];
    const [ry, ay] = y.split('|') as [string, string];
    return (REGION_RANK[rx] as number) - (REGION_RANK[ry] as number) || AXES.indexOf(ax) - AXES.indexOf(ay);
  });
  return keys.map((key) => {
    const [region, axis] = key.split('|') as [string, string];
    const members = applications.filter((a) => `${a.canonicalRegion}|${a.axis}` === key);
    const total = members.reduce((sum, a) => sum + cents(a.requested), 0);
    const allocation = allocationOf(key);
    const lines = ['position,token,company_name,arrival_at,requested_eur,cumulative_eur,status,decided_by'];
    const reasons: (string | null)[] = [];
    const arrival = (a: RawApplication) => ARRIVAL_BASE + (a.arrivalOffset as number);
    const atResolution = (a: RawApplication) => (resolution === 's' ? Math.floor(arrival(a) / 1000) : arrival(a));
    let kind: string;
    let ranked: RawApplication[];
    let annulled: RawApplication[];
    let order: (a: RawApplication, b: RawApplication) => number;
    if (total <= allocation) {
      kind = 'NCD';
      order = (a, b) => sign(nanos(a.registered) - nanos(b.registered)) || tokenOrder(a.token, b.token);
      ranked = members.filter((a) => a.annulReason === null);
      annulled = members.filter((a) => a.annulReason !== null);
    } else {
      kind = 'CLICK_DAY';
      order = (a, b) => {
        if (atResolution(a) !== atResolution(b)) return atResolution(a) - atResolution(b);
        for (const [, compare] of CRITERIA[edition]) {
          const c = compare(a, b);
          if (c !== 0) return c;
        }
        return 0;
      };
      const sent = members.filter((a) => a.arrivalOffset !== null);
      ranked = sent.filter((a) => a.annulReason === null);
      annulled = sent.filter((a) => a.annulReason !== null);
    }
    ranked.sort(order);
    annulled.sort(order);
    let cumulative = 0;
    let cut = false;
    ranked.forEach((a, i) => {
      cumulative += cents(a.requested);
      if (cumulative > allocation) cut = true;
      let decided = '';
      const previous = ranked[i - 1];
      if (kind === 'CLICK_DAY' && previous && atResolution(previous) === atResolution(a)) {
        decided = CRITERIA[edition].find(([, compare]) => compare(previous, a) !== 0)?.[0] ?? '';
      }
      const arrivalText = kind === 'NCD' ? '' : new Date(arrival(a)).toISOString();
      const status = kind === 'NCD' ? 'NCD' : cut ? 'CARENZA_FONDI' : 'UTILE';
      lines.push(
        [
          i + 1,
          a.token,
          quote(a.company),
          arrivalText,
          euros(cents(a.requested)),
          euros(cumulative),
          status,
          decided,
        ].join(','),
      );
      reasons.push(null);
    });
    for (const a of annulled) {
      const arrivalText = kind === 'NCD' ? '' : new Date(arrival(a)).toISOString();
      lines.push(
        ['', a.token, quote(a.company), arrivalText, euros(cents(a.requested)), '', 'ANNULLATA', ''].join(','),
      );
      reasons.push(a.annulReason);
    }
    return { name: `${SLUGS[region]}_${axis}.csv`, kind, csv: `${lines.join('\n')}\n`, reasons };
  });
}

// ---- the property ---------------------------------------------------------------------------------------------

function csvFiles(applications: RawApplication[], allocationOf: (key: string) => number) {
  const appLines = applications.map((a) =>
    [
      a.token,
      quote(a.company),
      `${a.token.slice(-4)}@PEC.example.it`,
      quote(a.region),
      a.axis,
      a.requested,
      a.project,
      a.registered,
      a.cciaa,
      String(a.legality),
      String(a.workers),
    ].join(','),
  );
  const keys = [...new Set(applications.map((a) => `${a.canonicalRegion}|${a.axis}`))];
  return {
    applications: `token,company_name,pec,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers\n${appLines.join('\n')}\n`,
    sends: `token,arrival_at\n${applications
      .filter((a) => a.arrivalOffset !== null)
      .map((a) => `${a.token},${new Date(ARRIVAL_BASE + (a.arrivalOffset as number)).toISOString()}`)
      .join('\n')}\n`,
    annulments: `token,reason,annulled_at\n${applications
      .filter((a) => a.annulReason !== null)
      .map((a) => `${a.token},${a.annulReason},2026-10-27T10:00:00+01:00`)
      .join('\n')}\n`,
    allocations: `region,axis,allocation_eur\n${keys
      .map((key) => {
        const [region, axis] = key.split('|') as [string, string];
        return `${quote(region)},${axis},${euros(allocationOf(key))}`;
      })
      .join('\n')}\n`,
  };
}

function unwrap<T>(parsed: { ok: true; records: T[] } | { ok: false; problems: unknown[] }): T[] {
  if (!parsed.ok) throw new Error(`unexpected problems: ${JSON.stringify(parsed.problems)}`);
  return parsed.records;
}

describe('ranking against a naive reference (fast-check)', () => {
  it('writes exactly the reference lists for crowded ties, both editions, both resolutions', () => {
    fc.assert(
      fc.property(world, ({ applications, allocationChoice, edition, resolution }) => {
        const keys = [...new Set(applications.map((a) => `${a.canonicalRegion}|${a.axis}`))];
        const allocationOf = (key: string) => {
          const total = applications
            .filter((a) => `${a.canonicalRegion}|${a.axis}` === key)
            .reduce((sum, a) => sum + cents(a.requested), 0);
          return allocationFor(allocationChoice[keys.indexOf(key) % allocationChoice.length] as string, total);
        };
        const files = csvFiles(applications, allocationOf);
        const outcome = computeLists(
          {
            applications: unwrap(parseApplications(files.applications)),
            sends: unwrap(parseSends(files.sends)),
            allocations: unwrap(parseAllocations(files.allocations)),
            annulments: unwrap(parseAnnulments(files.annulments)),
          },
          { edition, resolution },
        );
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
        const written = new Map(listFiles(outcome.lists).map((f) => [f.name, [...f.chunks()].join('')]));
        const expected = reference(applications, allocationOf, edition, resolution);
        expect([...written.keys()]).toEqual([...expected.map((l) => l.name), 'lists.json']);
        for (const list of expected) expect(written.get(list.name)).toBe(list.csv);
        const json = JSON.parse(written.get('lists.json') as string);
        expect(json.edition).toBe(edition);
        expect(json.resolution).toBe(resolution);
        expect(json.lists.map((l: { kind: string }) => l.kind)).toEqual(expected.map((l) => l.kind));
        expect(json.lists.map((l: { rows: { reason?: string }[] }) => l.rows.map((r) => r.reason ?? null))).toEqual(
          expected.map((l) => l.reasons),
        );
      }),
      { numRuns: 400 },
    );
  });
});
