/**
 * R22a's decision once frozen (*elenchi NCD decisi alla chiusura delle registrazioni*): when it is due, how it is
 * taken and recorded, and how every reader (registration, the counter, the lists) looks it up. Until an axis is
 * frozen its lists follow R17c's live rule on what has been imported; once frozen, later imports change nothing.
 *
 * `freezeDueAxes`, the one use case (the scheduled freezer and `ops lists ncd freeze` both call it):
 * 1. read the timetables, the allocations, the decisions already frozen and each list's demand;
 * 2. an axis is due when registration has closed for every list of it (each list under the timetable that applies
 *    to it, R2b) — the national rule compares the whole axis, so its lists are decided together;
 * 3. decide R22a for the due axes that are not frozen yet (`decideNcd`), and record each axis's decisions at once
 *    (all or nothing per axis; a concurrent freezer that got there first wins and its record stands).
 */
import { z } from 'zod';
import { AXES, type Axis, REGIONS, type Region } from '#domain/kernel/geography';
import type { Allocation } from '#domain/kernel/config';
import type { AuditLog } from '#domain/kernel/audit';
import { resolveTimetable, type Timetable } from '#domain/kernel/timetable';
import { type ApplicationDemand, decideNcd, type NcdListDecision } from './redistribution/ncd-decision.ts';

/** One list's frozen decision with the totals that made it, when and by whom it was frozen. */
export interface FrozenNcdDecision extends NcdListDecision {
  frozenAt: string;
  /** `scheduler` (automatic, at registration close) or `operator:<name>`. */
  frozenBy: string;
}

const cents = z.number().int().nonnegative();

/** The frozen record as `ops lists ncd show --json` prints it and `lists compute --ncd <file>` reads it. */
export const FrozenNcdFileSchema = z.object({
  lists: z.array(
    z.object({
      region: z.enum(REGIONS),
      axis: z.enum(AXES),
      ncd: z.boolean(),
      rule: z.enum(['national', 'list', 'none']),
      axisAllocationCents: cents,
      axisRequestedCents: cents,
      listAllocationCents: cents,
      listRequestedCents: cents,
      applicationCount: z.number().int().nonnegative(),
      frozenAt: z.string(),
      frozenBy: z.string(),
    }),
  ),
});
export type FrozenNcdFile = z.infer<typeof FrozenNcdFileSchema>;

/** R22a's frozen answer for a list; undefined when its axis is not frozen (then R17c's live rule applies). */
export type FrozenNcdLookup = (region: Region, axis: Axis) => boolean | undefined;

export function frozenNcdLookup(decisions: readonly Pick<NcdListDecision, 'region' | 'axis' | 'ncd'>[]) {
  const byList = new Map(decisions.map((d) => [`${d.region}|${d.axis}`, d.ncd]));
  const frozenAxes = new Set(decisions.map((d) => d.axis));
  // A list of a frozen axis without a decision had no allocation row at freezing: never NCD (R17c).
  return ((region, axis) =>
    byList.get(`${region}|${axis}`) ?? (frozenAxes.has(axis) ? false : undefined)) satisfies FrozenNcdLookup;
}

/** The total requested by one list's applications (every imported one, annulled included) and how many they are. */
export interface ListDemand {
  region: Region;
  axis: Axis;
  requestedCents: number;
  count: number;
}

export interface NcdFreezeDeps {
  timetables(): Promise<Map<string, Timetable>>;
  allocations(): Promise<Allocation[]>;
  frozen(): Promise<FrozenNcdDecision[]>;
  /** Demand of every list of these axes. */
  demand(axes: readonly Axis[]): Promise<ListDemand[]>;
  /** Records one axis's decisions, all or nothing; `false` when the axis was frozen meanwhile (nothing written). */
  freezeAxis(decisions: readonly FrozenNcdDecision[]): Promise<boolean>;
}

export interface FreezeReport {
  frozen: FrozenNcdDecision[];
  alreadyFrozen: Axis[];
  /** Axes with allocations whose registration has not closed everywhere: the latest close, null with no timetable. */
  notDue: { axis: Axis; closesAtMs: number | null }[];
}

/** Freezes every due axis not yet frozen; throws `ListsInputError` when the data cannot be decided (see decideNcd). */
export async function freezeDueAxes(
  deps: NcdFreezeDeps,
  request: { atMs: number; actor: string },
): Promise<FreezeReport> {
  const [timetables, allocations, frozen] = await Promise.all([deps.timetables(), deps.allocations(), deps.frozen()]);
  const frozenAxes = new Set(frozen.map((d) => d.axis));
  const report: FreezeReport = { frozen: [], alreadyFrozen: [], notDue: [] };
  const due: Axis[] = [];
  for (const axis of AXES) {
    const rows = allocations.filter((a) => a.axis === axis);
    if (rows.length === 0) continue;
    if (frozenAxes.has(axis)) {
      report.alreadyFrozen.push(axis);
      continue;
    }
    const closes = rows.map((a) => resolveTimetable(timetables, a.region, axis)?.registrationCloses ?? null);
    const latest = closes.some((c) => c === null) ? null : Math.max(...(closes as number[]));
    if (latest === null || latest > request.atMs) report.notDue.push({ axis, closesAtMs: latest });
    else due.push(axis);
  }
  if (due.length === 0) return report;
  const demand = await deps.demand(due);
  const frozenAt = new Date(request.atMs).toISOString();
  for (const axis of due) {
    const record = decideNcd(
      demand.filter((d) => d.axis === axis && d.count > 0).map((d): ApplicationDemand => ({ ...d })),
      allocations.filter((a) => a.axis === axis),
    );
    const decisions = record.lists.map((d) => ({ ...d, frozenAt, frozenBy: request.actor }));
    if (await deps.freezeAxis(decisions)) report.frozen.push(...decisions);
    else report.alreadyFrozen.push(axis);
  }
  return report;
}

/** One evidence entry per frozen axis (R20): who froze it, when, and each list's decision with its totals. */
export async function recordFreeze(audit: Pick<AuditLog, 'appendEvidence'>, report: FreezeReport): Promise<void> {
  for (const axis of AXES) {
    const lists = report.frozen.filter((d) => d.axis === axis);
    const first = lists[0];
    if (!first) continue;
    await audit.appendEvidence({
      kind: 'NCD_FROZEN',
      at: first.frozenAt,
      actor: first.frozenBy,
      subject: `asse ${axis}`,
      data: { axis, lists: lists.map(({ frozenAt: _at, frozenBy: _by, ...decision }) => decision) },
    });
  }
}
