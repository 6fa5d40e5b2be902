import { z } from 'zod';
import { AXES, type Axis, REGIONS, type Region } from './geography.ts';
import { parseInstant } from './instant.ts';

/**
 * Timetable (*tabella temporale*, R2): the six moments (*Momenti*) of an edition and when registration closes.
 * Every instant is a UTC epoch millisecond number: comparable with `<`, stored as-is in DynamoDB and JSON, and
 * free of `Date`'s mutability. Rome time is only a display concern (see `instant.ts`).
 *
 * M1 portal addresses · M2 registration opens · M3 counter address · M4 login and waiting room
 * (*sala di attesa*) · M5 the send form, the counter opens · M6 the counter closes.
 */
export const MOMENT_KEYS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] as const;
export type MomentKey = (typeof MOMENT_KEYS)[number];
export type Moments = Record<MomentKey, number>;

export interface Timetable {
  moments: Moments;
  /** End (exclusive) of registration, e-mail confirmation and token reset; defaults to M4. */
  registrationCloses: number;
}

export const PHASES = ['BEFORE_REGISTRATION', 'REGISTRATION', 'PRE_COUNTER', 'WAITING_ROOM', 'OPEN', 'CLOSED'] as const;
export type Phase = (typeof PHASES)[number];

const MOMENT_NAMES: Record<MomentKey, string> = {
  m1: 'Momento 1',
  m2: 'Momento 2',
  m3: 'Momento 3',
  m4: 'Momento 4',
  m5: 'Momento 5',
  m6: 'Momento 6',
};

const epochMs = z.number().int().min(0).max(8.64e15);

/** Moments strictly increasing: every seed timetable has distinct instants, and an equal pair would hide a phase. */
function checkOrder(t: { moments: Moments; registrationCloses?: number | undefined }, ctx: z.RefinementCtx): void {
  for (let i = 1; i < MOMENT_KEYS.length; i++) {
    const before = MOMENT_KEYS[i - 1] as MomentKey;
    const after = MOMENT_KEYS[i] as MomentKey;
    if (!(t.moments[before] < t.moments[after])) {
      ctx.addIssue({
        code: 'custom',
        path: ['moments', after],
        message: `Il ${MOMENT_NAMES[after]} deve essere successivo al ${MOMENT_NAMES[before]}.`,
      });
    }
  }
  const closes = t.registrationCloses;
  if (closes !== undefined && (closes < t.moments.m2 || closes > t.moments.m6)) {
    ctx.addIssue({
      code: 'custom',
      path: ['registrationCloses'],
      message: 'La chiusura delle registrazioni deve cadere tra il Momento 2 e il Momento 6 compresi.',
    });
  }
}

const withDefaultClose = (t: { moments: Moments; registrationCloses?: number | undefined }): Timetable => ({
  moments: { ...t.moments },
  registrationCloses: t.registrationCloses ?? t.moments.m4,
});

/** A stored or received timetable (epoch ms); `registrationCloses` may be omitted and then equals M4. */
export const TimetableSchema = z
  .object({
    moments: z.object({ m1: epochMs, m2: epochMs, m3: epochMs, m4: epochMs, m5: epochMs, m6: epochMs }),
    registrationCloses: epochMs.optional(),
  })
  .superRefine(checkOrder)
  .transform(withDefaultClose);

const isoInstant = z.string().transform((text, ctx) => {
  const parsed = parseInstant(text);
  if (parsed.ok) return parsed.ms;
  ctx.issues.push({ code: 'custom', message: parsed.message, input: text });
  return z.NEVER;
});

/** The operator's input (`timetable set --m1 <iso> …`): ISO 8601 instants that must carry `Z` or an offset. */
export const TimetableIsoSchema = z
  .object({
    m1: isoInstant,
    m2: isoInstant,
    m3: isoInstant,
    m4: isoInstant,
    m5: isoInstant,
    m6: isoInstant,
    registrationCloses: isoInstant.optional(),
  })
  .transform(({ registrationCloses, ...moments }) => ({ moments, registrationCloses }))
  .superRefine(checkOrder)
  .transform(withDefaultClose);

/** CONTRACT "Phases": half-open intervals on the arrival instant; no timetable at all is `BEFORE_REGISTRATION`. */
export function phaseAt(timetable: Timetable | null, instantMs: number): Phase {
  if (!timetable) return 'BEFORE_REGISTRATION';
  const { m2, m3, m4, m5, m6 } = timetable.moments;
  if (instantMs < m2) return 'BEFORE_REGISTRATION';
  if (instantMs < m3) return 'REGISTRATION';
  if (instantMs < m4) return 'PRE_COUNTER';
  if (instantMs < m5) return 'WAITING_ROOM';
  if (instantMs < m6) return 'OPEN';
  return 'CLOSED';
}

/** Registration, e-mail confirmation and token reset: [M2, registration closes). */
export function isRegistrationOpen(timetable: Timetable | null, instantMs: number): boolean {
  if (!timetable) return false;
  return timetable.moments.m2 <= instantMs && instantMs < timetable.registrationCloses;
}

/** Where a timetable applies (R2b); an empty scope is the global timetable. */
export interface TimetableScope {
  region?: Region | undefined;
  axis?: Axis | undefined;
}

export const TimetableScopeSchema = z.object({ region: z.enum(REGIONS).optional(), axis: z.enum(AXES).optional() });

/** Storage key of a scope: `GLOBAL`, `REGION#Lazio`, `AXIS#2`, `REGION#Lazio#AXIS#2` (canonical names, never slugs). */
export function scopeKey(scope: TimetableScope): string {
  const parts = [...(scope.region ? ['REGION', scope.region] : []), ...(scope.axis ? ['AXIS', scope.axis] : [])];
  return parts.length ? parts.join('#') : 'GLOBAL';
}

/** Inverse of `scopeKey`; undefined for a key it did not produce. */
export function parseScopeKey(key: string): TimetableScope | undefined {
  if (key === 'GLOBAL') return {};
  const m = /^(?:REGION#([^#]+))?(?:#?AXIS#([^#]+))?$/.exec(key);
  if (!m || (!m[1] && !m[2])) return undefined;
  const scope: TimetableScope = {};
  if (m[1]) scope.region = m[1] as Region;
  if (m[2]) scope.axis = m[2] as Axis;
  const checked = TimetableScopeSchema.safeParse(scope);
  return checked.success && scopeKey(scope) === key ? scope : undefined;
}

/** Scope keys to try for an application, most specific first: region + axis, region, axis, global. */
export function scopeCandidates(region?: Region, axis?: Axis): string[] {
  const keys = [
    region && axis ? scopeKey({ region, axis }) : undefined,
    region ? scopeKey({ region }) : undefined,
    axis ? scopeKey({ axis }) : undefined,
    scopeKey({}),
  ];
  return keys.filter((k): k is string => k !== undefined);
}

/** The most specific timetable set for this region and axis, or null when none applies. */
export function resolveTimetable<T = Timetable>(set: ReadonlyMap<string, T>, region?: Region, axis?: Axis): T | null {
  for (const key of scopeCandidates(region, axis)) {
    const found = set.get(key);
    if (found !== undefined) return found;
  }
  return null;
}
