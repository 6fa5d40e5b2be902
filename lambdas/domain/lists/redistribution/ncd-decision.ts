/**
 * R22a, art. 4 (*Preliminarmente*) and art. 14.1 of the ISI 2024 call: which region × axis lists have no click day
 * (*elenchi NCD*), decided once when registration closes and then frozen, with the totals that decided it, so that
 * later imports cannot change it and anybody can check it.
 *
 * For each axis: when the national allocation of the axis (sum over its regions) covers the total requested in the
 * axis, every list of that axis is NCD (`national`: the regions' surplus will cover the others', see R22 details);
 * otherwise a list is NCD when its own allocation covers its own total (`list`), else it has a click day (`none`).
 * Every imported application counts, annulled ones included. Pure and deterministic: allocations-file order in,
 * the same order out.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import { listKey } from './names.ts';
import { isCents, type ListsProblem, throwIfAny } from './problems.ts';
import { count as countOf } from '#domain/kernel/plural';

/** What R22a reads of an application. */
export interface ApplicationDemand {
  region: Region;
  axis: Axis;
  requestedCents: number;
  /** How many applications this row stands for when it is a list's total (default 1, one application). */
  count?: number;
  /** Physical line in the applications file, for problems. */
  line?: number;
}

/** One row of the allocations file. */
export interface AllocationRow {
  region: Region;
  axis: Axis;
  allocationCents: number;
  line?: number;
}

/** `national`: the axis's national allocation covers the axis; `list`: the list's own covers it; `none`: click day. */
export type NcdRule = 'national' | 'list' | 'none';

export interface AxisTotals {
  axis: Axis;
  /** Sum of the axis's allocation rows. */
  allocationCents: number;
  /** Sum requested by every application of the axis. */
  requestedCents: number;
  /** `requestedCents <= allocationCents`: every list of the axis is NCD. */
  covered: boolean;
}

export interface NcdListDecision {
  region: Region;
  axis: Axis;
  ncd: boolean;
  rule: NcdRule;
  axisAllocationCents: number;
  axisRequestedCents: number;
  listAllocationCents: number;
  listRequestedCents: number;
  applicationCount: number;
}

/** The record to freeze: plain JSON data, axes in order of first appearance in the allocations file. */
export interface NcdDecisionRecord {
  axes: AxisTotals[];
  lists: NcdListDecision[];
}

/** Decides R22a; throws `ListsInputError` on duplicate allocations, demand without allocation or bad amounts. */
export function decideNcd(
  applications: readonly ApplicationDemand[],
  allocations: readonly AllocationRow[],
): NcdDecisionRecord {
  const problems: ListsProblem[] = [];
  const listIndex = new Map<string, number>();
  const demand: { cents: number; count: number }[] = [];
  allocations.forEach((row, i) => {
    const key = listKey(row.region, row.axis);
    if (!isCents(row.allocationCents))
      problems.push(amountProblem(`stanziamento non valido per ${row.region}, asse ${row.axis}`, key, row.line));
    if (listIndex.has(key)) {
      problems.push({
        code: 'LIST_DUPLICATE',
        list: key,
        line: row.line,
        message: `stanziamento ripetuto per ${row.region}, asse ${row.axis}`,
      });
    } else listIndex.set(key, i);
    demand.push({ cents: 0, count: 0 });
  });
  const missing = new Map<string, { line?: number; count: number }>();
  for (const application of applications) {
    const key = listKey(application.region, application.axis);
    if (!isCents(application.requestedCents)) {
      problems.push(amountProblem(`importo richiesto non valido (${key})`, key, application.line));
      continue;
    }
    const i = listIndex.get(key);
    if (i === undefined) {
      const seen = missing.get(key) ?? { line: application.line, count: 0 };
      seen.count += application.count ?? 1;
      missing.set(key, seen);
      continue;
    }
    const slot = demand[i] as { cents: number; count: number };
    slot.cents += application.requestedCents;
    slot.count += application.count ?? 1;
  }
  for (const [key, { line, count }] of missing) {
    const [region, axis] = key.split('|');
    problems.push({
      code: 'ALLOCATION_MISSING',
      list: key,
      line,
      message: `manca lo stanziamento per ${region}, asse ${axis} (${countOf(count, 'domanda', 'domande')})`,
    });
  }
  throwIfAny(problems);
  const axes = axisTotals(allocations, demand);
  throwIfAny(totalsProblems(axes));
  const byAxis = new Map(axes.map((totals) => [totals.axis, totals]));
  const lists = allocations.map((row, i): NcdListDecision => {
    const totals = byAxis.get(row.axis) as AxisTotals;
    const own = demand[i] as { cents: number; count: number };
    const rule: NcdRule = totals.covered ? 'national' : own.cents <= row.allocationCents ? 'list' : 'none';
    return {
      region: row.region,
      axis: row.axis,
      ncd: rule !== 'none',
      rule,
      axisAllocationCents: totals.allocationCents,
      axisRequestedCents: totals.requestedCents,
      listAllocationCents: row.allocationCents,
      listRequestedCents: own.cents,
      applicationCount: own.count,
    };
  });
  return { axes, lists };
}

/** A lookup of a frozen record by region × axis (undefined: no allocation row, so no list). */
export function ncdLookup(record: NcdDecisionRecord): (region: Region, axis: Axis) => NcdListDecision | undefined {
  const byKey = new Map(record.lists.map((decision) => [listKey(decision.region, decision.axis), decision]));
  return (region, axis) => byKey.get(listKey(region, axis));
}

function axisTotals(allocations: readonly AllocationRow[], demand: readonly { cents: number }[]): AxisTotals[] {
  const totals = new Map<Axis, AxisTotals>();
  allocations.forEach((row, i) => {
    const axis = totals.get(row.axis) ?? { axis: row.axis, allocationCents: 0, requestedCents: 0, covered: false };
    axis.allocationCents += row.allocationCents;
    axis.requestedCents += (demand[i] as { cents: number }).cents;
    totals.set(row.axis, axis);
  });
  for (const axis of totals.values()) axis.covered = axis.requestedCents <= axis.allocationCents;
  return [...totals.values()];
}

/** Sums beyond 2^53 would no longer be exact: refuse rather than decide on a rounded total. */
function totalsProblems(axes: readonly AxisTotals[]): ListsProblem[] {
  return axes
    .filter((totals) => !isCents(totals.allocationCents) || !isCents(totals.requestedCents))
    .map((totals) => amountProblem(`totali dell'asse ${totals.axis} troppo grandi per essere esatti`));
}

function amountProblem(message: string, list?: string, line?: number): ListsProblem {
  return { code: 'AMOUNT_INVALID', message, list, line };
}
