/**
 * Rounds of R22d: passes 0–3 over one axis group, repeated until a whole round funds nothing.
 *
 * Where SPEC and the seed differ (art. 4: "L'operazione di redistribuzione sarà ripetuta fino a quando la
 * distribuzione delle risorse sarà ottimale"), this follows the seed. SPEC stops at the first round that funds
 * nothing; but such a round can still have moved money between axes in pass 3, after which the next round's pass 2
 * gathers more in one axis pool and funds a first excluded row that SPEC's stop would leave out while the money to
 * fund it sits in its own axis. So after SPEC's stop one more round is tried on a copy: when it funds something it
 * is kept and the rounds go on; when it funds nothing it is thrown away, and the result is exactly SPEC's. (A round
 * after a round that funded nothing, itself funding nothing, ends where it started — pass 3 splits the same group
 * total by the same weights — so the throw-away loses nothing but a round trip of transfers.)
 */
import type { Ledger } from './ledger.ts';
import type { ProvisionalRow } from './model.ts';
import type { AxisGroup } from './names.ts';
import { betweenAxes, nationalPool, type WaitingOrder, withinAxis } from './passes.ts';

/** One round over a group: pass 0 for every list, pass 1 and pass 2 for every axis, pass 3. Returns rows funded. */
export function runRound<R extends ProvisionalRow>(
  ledger: Ledger<R>,
  group: AxisGroup,
  order: WaitingOrder<R>,
): number {
  let funded = 0;
  for (const l of ledger.listsOf(group)) funded += ledger.admit(l);
  const axes = ledger.axesOf(group);
  for (const axis of axes) funded += withinAxis(ledger, axis);
  for (const axis of axes) funded += nationalPool(ledger, axis, order);
  return funded + betweenAxes(ledger, group);
}

/**
 * Rounds over `group` until one funds nothing (at least one round), then while a tried extra round funds something
 * (see above). Returns the ledger to go on with (the given one, or a kept trial copy).
 */
export function settleGroup<R extends ProvisionalRow>(
  ledger: Ledger<R>,
  group: AxisGroup,
  order: WaitingOrder<R>,
): Ledger<R> {
  let current = ledger;
  for (;;) {
    while (runRound(current, group, order) > 0);
    const trial = current.clone();
    if (runRound(trial, group, order) === 0) return current;
    current = trial;
  }
}

/**
 * R17 across lists for pass 2: the caller's comparator, else `arrivalRank`; the token (code-unit order, `+`
 * before `-`, as CONTRACT orders tokens) breaks what is left, so the order is total.
 */
export function waitingOrder<R extends ProvisionalRow>(compare?: (a: R, b: R) => number): WaitingOrder<R> {
  const primary = compare ?? byArrivalRank;
  return (a, b) => primary(a, b) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0);
}

function byArrivalRank(a: ProvisionalRow, b: ProvisionalRow): number {
  const x = a.arrivalRank as number;
  const y = b.arrivalRank as number;
  return x < y ? -1 : x > y ? 1 : 0;
}
