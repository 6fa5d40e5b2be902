import fc from 'fast-check';
import { AXES, REGIONS } from '#domain/kernel/geography';
import { formatRome, parseInstant, toIsoUtc, toRomeIso } from '#domain/kernel/instant';
import {
  isRegistrationOpen,
  MOMENT_KEYS,
  type Moments,
  PHASES,
  parseScopeKey,
  phaseAt,
  resolveTimetable,
  scopeCandidates,
  scopeKey,
  type Timetable,
  TimetableIsoSchema,
  TimetableSchema,
} from '#domain/kernel/timetable';

// The ISI 2022 click day as published (seed 001), Rome time: CEST until 29 October 2023.
const iso = {
  m1: '2023-10-09T10:00:00+02:00',
  m2: '2023-10-10T10:00:00+02:00',
  m3: '2023-10-23T10:00:00+02:00',
  m4: '2023-10-26T10:00:00+02:00',
  m5: '2023-10-26T11:00:00+02:00',
  m6: '2023-10-26T11:20:00+02:00',
};
const at = (text: string): number => Date.parse(text);
const seedTimetable: Timetable = TimetableIsoSchema.parse(iso);

describe('parseInstant', () => {
  it.each([
    ['2026-10-26T10:00:00Z', '2026-10-26T10:00:00.000Z'],
    ['2026-10-26T10:00:00.123Z', '2026-10-26T10:00:00.123Z'],
    ['2026-10-26T10:00:00.1239Z', '2026-10-26T10:00:00.123Z'],
    ['2026-10-26T11:00:00+01:00', '2026-10-26T10:00:00.000Z'],
    ['2026-10-26T11:00+0100', '2026-10-26T10:00:00.000Z'],
    ['2026-07-01T00:30:00+02', '2026-06-30T22:30:00.000Z'],
    ['2026-10-26T05:00:00-05:00', '2026-10-26T10:00:00.000Z'],
    ['  2026-10-26T10:00:00z ', '2026-10-26T10:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ])('given %j then it is %s', (input, expected) => {
    const r = parseInstant(input);
    expect(r).toEqual({ ok: true, ms: Date.parse(expected) });
  });

  it.each([
    ['2026-10-26T11:00:00', 'fuso orario'],
    ['2026-10-26T11:00', 'fuso orario'],
    ['2026-10-26', 'formato ISO 8601'],
    ['26/10/2026 11:00', 'formato ISO 8601'],
    ['', 'formato ISO 8601'],
    ['2026-02-30T10:00:00Z', 'non è una data e ora esistente'],
    ['2025-02-29T10:00:00Z', 'non è una data e ora esistente'],
    ['2026-10-26T24:00:00Z', 'non è una data e ora esistente'],
    ['2026-10-26T10:60:00Z', 'non è una data e ora esistente'],
    ['2026-10-26T10:00:00+25:00', 'non è una data e ora esistente'],
  ])('given %j then it is refused mentioning %j', (input, fragment) => {
    const r = parseInstant(input);
    expect(r.ok).toBe(false);
    expect(r.ok || r.message).toContain(fragment);
  });

  it('round-trips every instant printed in UTC or in Rome time (property)', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(fc.property(instant, (ms) => parseInstant(toIsoUtc(ms)).ok && parseInstant(toRomeIso(ms)).ok));
    fc.assert(
      fc.property(instant, (ms) => {
        const a = parseInstant(toIsoUtc(ms));
        const b = parseInstant(toRomeIso(ms));
        return a.ok && b.ok && a.ms === ms && b.ms === ms;
      }),
    );
  });
});

describe('Rome display', () => {
  it('prints winter and summer offsets', () => {
    expect(toRomeIso(at('2026-10-26T10:00:00Z'))).toBe('2026-10-26T11:00:00.000+01:00');
    expect(toRomeIso(at('2023-10-26T09:00:00.250Z'))).toBe('2023-10-26T11:00:00.250+02:00');
  });

  it('speaks Italian in Rome time', () => {
    const text = formatRome(at('2026-10-26T10:00:00Z'));
    expect(text).toContain('lunedì 26 ottobre 2026');
    expect(text).toContain('11:00:00');
  });
});

describe('TimetableSchema', () => {
  it('reads the seed timetable and defaults registration closing to M4', () => {
    expect(seedTimetable.moments.m5).toBe(at('2023-10-26T09:00:00Z'));
    expect(seedTimetable.registrationCloses).toBe(seedTimetable.moments.m4);
    expect(TimetableSchema.parse(seedTimetable)).toEqual(seedTimetable);
  });

  it.each(MOMENT_KEYS.slice(1).map((key, i) => [key, MOMENT_KEYS[i]]))(
    'given %s equal to %s then it is refused, naming the moment',
    (key, previous) => {
      const moments = { ...seedTimetable.moments, [key]: seedTimetable.moments[previous as keyof Moments] };
      const r = TimetableSchema.safeParse({ moments });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message).join(' ')).toContain(`Momento ${key.slice(1)} deve essere`);
    },
  );

  it.each([
    ['m2', true],
    ['m3', true],
    ['m6', true],
    ['m1', false],
  ] as const)('given registration closing at %s then accepted is %s', (key, accepted) => {
    const r = TimetableSchema.safeParse({
      moments: seedTimetable.moments,
      registrationCloses: seedTimetable.moments[key],
    });
    expect(r.success).toBe(accepted);
  });

  it('refuses closing after M6 and instants that are not integer milliseconds', () => {
    const { moments } = seedTimetable;
    expect(TimetableSchema.safeParse({ moments, registrationCloses: moments.m6 + 1 }).success).toBe(false);
    expect(TimetableSchema.safeParse({ moments: { ...moments, m1: 1.5 } }).success).toBe(false);
    expect(TimetableSchema.safeParse({ moments: { ...moments, m1: '2023-10-09' } }).success).toBe(false);
  });

  it('passes the Italian message of a naive time through the ISO schema', () => {
    const r = TimetableIsoSchema.safeParse({ ...iso, m5: '2023-10-26T11:00:00' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('non indica il fuso orario');
    expect(r.error?.issues[0]?.path).toEqual(['m5']);
  });
});

describe('phaseAt (CONTRACT "Phases")', () => {
  const { m1, m2, m3, m4, m5, m6 } = seedTimetable.moments;
  it.each([
    [m1 - 1, 'BEFORE_REGISTRATION'],
    [m1, 'BEFORE_REGISTRATION'],
    [m2 - 1, 'BEFORE_REGISTRATION'],
    [m2, 'REGISTRATION'],
    [m3 - 1, 'REGISTRATION'],
    [m3, 'PRE_COUNTER'],
    [m4 - 1, 'PRE_COUNTER'],
    [m4, 'WAITING_ROOM'],
    [m5 - 1, 'WAITING_ROOM'],
    [m5, 'OPEN'],
    [m6 - 1, 'OPEN'],
    [m6, 'CLOSED'],
    [m6 + 86_400_000, 'CLOSED'],
  ])('at %d the phase is %s', (instant, phase) => {
    expect(phaseAt(seedTimetable, instant)).toBe(phase);
  });

  it('is BEFORE_REGISTRATION with no timetable', () => {
    expect(phaseAt(null, Date.UTC(2100, 0, 1))).toBe('BEFORE_REGISTRATION');
    expect(isRegistrationOpen(null, Date.UTC(2100, 0, 1))).toBe(false);
  });

  it('never goes back as time goes on, and registration is open exactly on [M2, closes) (property)', () => {
    const timetable = fc
      .tuple(
        fc.integer({ min: 0, max: 2e12 }),
        fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 5, maxLength: 5 }),
      )
      .chain(([start, gaps]) => {
        let sum = start;
        const values = [start, ...gaps.map((g) => (sum += g))];
        const moments = Object.fromEntries(MOMENT_KEYS.map((k, i) => [k, values[i]])) as Moments;
        return fc
          .integer({ min: moments.m2, max: moments.m6 })
          .map((registrationCloses) => TimetableSchema.parse({ moments, registrationCloses }));
      });
    fc.assert(
      fc.property(timetable, fc.integer({ min: 0, max: 3e12 }), fc.nat(2e9), (t, a, d) => {
        expect(PHASES.indexOf(phaseAt(t, a))).toBeLessThanOrEqual(PHASES.indexOf(phaseAt(t, a + d)));
        expect(isRegistrationOpen(t, a)).toBe(t.moments.m2 <= a && a < t.registrationCloses);
        if (isRegistrationOpen(t, a)) expect(phaseAt(t, a)).not.toBe('BEFORE_REGISTRATION');
      }),
    );
  });
});

describe('scopes (R2b)', () => {
  it.each([
    [{}, 'GLOBAL'],
    [{ region: 'Lazio' }, 'REGION#Lazio'],
    [{ axis: '2' }, 'AXIS#2'],
    [{ region: 'Lazio', axis: '2' }, 'REGION#Lazio#AXIS#2'],
    [{ region: "Valle d'Aosta", axis: '5.1' }, "REGION#Valle d'Aosta#AXIS#5.1"],
  ] as const)('given %j then the key is %s and parses back', (scope, key) => {
    expect(scopeKey(scope)).toBe(key);
    expect(parseScopeKey(key)).toEqual(scope);
  });

  it.each(['', 'REGION#', 'REGION#Atlantide', 'AXIS#9', 'AXIS#2#REGION#Lazio', 'REGION#LazioAXIS#2', 'global'])(
    'refuses the key %j',
    (key) => {
      expect(parseScopeKey(key)).toBeUndefined();
    },
  );

  const tt = (n: number): Timetable => ({
    moments: { m1: n, m2: n + 1, m3: n + 2, m4: n + 3, m5: n + 4, m6: n + 5 },
    registrationCloses: n + 3,
  });
  const all = new Map([
    ['GLOBAL', tt(0)],
    ['REGION#Lazio', tt(10)],
    ['AXIS#2', tt(20)],
    ['REGION#Lazio#AXIS#2', tt(30)],
  ]);

  it.each([
    ['Lazio', '2', 30],
    ['Lazio', '3', 10],
    ['Puglia', '2', 20],
    ['Puglia', '3', 0],
    [undefined, '2', 20],
    ['Lazio', undefined, 10],
    [undefined, undefined, 0],
  ] as const)('given region %s and axis %s then the timetable starting at %d applies', (region, axis, start) => {
    expect(resolveTimetable(all, region, axis)?.moments.m1).toBe(start);
  });

  it('is null when nothing applies, and otherwise picks the first candidate present (property)', () => {
    expect(resolveTimetable(new Map([['REGION#Lazio', tt(1)]]), 'Puglia', '2')).toBeNull();
    const keys = fc.subarray([
      'GLOBAL',
      ...REGIONS.map((r) => scopeKey({ region: r })),
      ...AXES.map((a) => scopeKey({ axis: a })),
      scopeKey({ region: 'Lazio', axis: '2' }),
    ]);
    fc.assert(
      fc.property(keys, fc.constantFrom(...REGIONS), fc.constantFrom(...AXES), (present, region, axis) => {
        const set = new Map(present.map((k) => [k, k]));
        const expected = scopeCandidates(region, axis).find((k) => set.has(k)) ?? null;
        expect(resolveTimetable(set, region, axis)).toBe(expected);
      }),
    );
  });
});
