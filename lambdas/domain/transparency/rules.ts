/**
 * The rules entry of an edition's log (entry 0), made from what the operator configured: the edition's tie-break
 * criteria, the resolution, the allocation mode, the counter windows (M5, M6) of every timetable scope, and the
 * SHA-256 of the public tables (`public-tables.ts`) the lists will be computed from.
 */
import { slug } from '#domain/kernel/geography';
import { parseScopeKey, type Timetable } from '#domain/kernel/timetable';
import { EDITIONS, type EditionId } from '#domain/lists/editions';
import type { Resolution } from '#domain/lists/ranking';
import { sha256, toHex } from './encoding.ts';
import type { Allocation, CounterWindow, CriterionName, RulesEntry } from './entries.ts';

export interface RulesInput {
  origin: string;
  edition: EditionId;
  resolution: Resolution;
  allocation: Allocation;
  /** Every timetable set, keyed by scope key (`GLOBAL`, `REGION#Lazio`, `AXIS#2`, `REGION#Lazio#AXIS#2`). */
  timetables: ReadonlyMap<string, Timetable>;
  applicationsTable: Uint8Array | string;
  allocationsTable: Uint8Array | string;
}

export class RulesError extends Error {
  override name = 'RulesError';
}

/** The edition's criteria as the log names them, `token` last. */
export function tieBreakOf(edition: EditionId): CriterionName[] {
  return [...EDITIONS[edition].criteria.map((c) => c.criterion), 'token'];
}

/** One counter window per timetable scope, sorted as the entry requires. */
export function counterWindows(timetables: ReadonlyMap<string, Timetable>): CounterWindow[] {
  const windows = [...timetables].map(([key, timetable]): CounterWindow => {
    const scope = parseScopeKey(key);
    if (!scope) throw new RulesError(`timetable scope ${JSON.stringify(key)} is not a known scope`);
    return {
      region: scope.region ? slug(scope.region) : '*',
      axis: scope.axis ?? '*',
      opensAt: new Date(timetable.moments.m5).toISOString(),
      closesAt: new Date(timetable.moments.m6).toISOString(),
    };
  });
  const order = (c: CounterWindow) => `${c.region} ${c.axis}`;
  return windows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export function rulesEntry(input: RulesInput): RulesEntry {
  const counters = counterWindows(input.timetables);
  if (counters.length === 0) throw new RulesError('no timetable is set: the rules name the counter windows');
  return {
    kind: 'rules',
    origin: input.origin,
    edition: input.edition,
    resolution: input.resolution,
    tieBreak: tieBreakOf(input.edition),
    allocation: input.allocation,
    counters,
    applicationsSha256: toHex(sha256(input.applicationsTable)),
    allocationsSha256: toHex(sha256(input.allocationsTable)),
  };
}

/** The origin of an edition's log on a site: `<host>/log/<edition>` (the site URL without scheme). */
export function logOrigin(siteUrl: string, edition: string): string {
  const url = new URL(siteUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log/${edition}`;
}
