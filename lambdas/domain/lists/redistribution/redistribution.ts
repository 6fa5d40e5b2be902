/**
 * The definitive lists' engine (R22c–e): provisional lists and documents outcomes in, definitive statuses, new
 * allocations and transfers out. Pure, exact (integer cents, BigInt splits) and deterministic: the same input
 * gives the same result, and the same JSON bytes.
 *
 * - `isi2024` (R22d, art. 4 of the ISI 2024 call): G1 rounds, then G5 rounds, then — only if G1 has no waiting
 *   row and there are 5.x lists — the G1 → G5 move and G5 rounds again (at least one), then the axis pools go back
 *   to their lists. G5 money never reaches G1: no pass moves from a G5 list or pool to G1.
 * - `isi2012` (R22e): no money moves between lists; each list's budget freed by `DECADUTA` rows admits its waiting
 *   rows in order, no skipping. (The 2012 call, seed `003_…`, says nothing of this step; its footnote 9 sends money
 *   freed by later non-admission to future calls, which is after the definitive lists.)
 */
import { Ledger } from './ledger.ts';
import type {
  DefinitiveList,
  ProvisionalRow,
  RedistributionEdition,
  RedistributionInput,
  RedistributionResult,
} from './model.ts';
import { moveG1ToG5, returnAxisPools, type WaitingOrder } from './passes.ts';
import { settleGroup, waitingOrder } from './rounds.ts';
import { validateInput } from './validate.ts';

/** Computes the definitive lists; throws `ListsInputError` (every problem) on bad input, before anything moves. */
export function redistribute<R extends ProvisionalRow>(
  input: RedistributionInput<R>,
  edition: RedistributionEdition,
): RedistributionResult {
  const outcomes = validateInput(input, edition);
  let ledger = Ledger.open(input.lists, outcomes);
  if (edition === 'isi2024') ledger = redistributeIsi2024(ledger, waitingOrder(input.compareAcrossLists));
  else input.lists.forEach((_, l) => ledger.admit(l));
  return resultOf(ledger, edition);
}

/** R22d's sequence of groups (R22 details, "Rounds"). */
function redistributeIsi2024<R extends ProvisionalRow>(start: Ledger<R>, order: WaitingOrder<R>): Ledger<R> {
  let ledger = start;
  const g1 = ledger.listsOf('G1');
  const g5 = ledger.listsOf('G5');
  if (g1.length > 0) ledger = settleGroup(ledger, 'G1', order);
  if (g5.length > 0) ledger = settleGroup(ledger, 'G5', order);
  if (g5.length > 0 && !g1.some((l) => ledger.hasWaiting(l))) {
    moveG1ToG5(ledger);
    ledger = settleGroup(ledger, 'G5', order);
  }
  returnAxisPools(ledger);
  return ledger;
}

/** The result, after checking the books balance (a failure here is a bug, not bad input). */
function resultOf<R extends ProvisionalRow>(ledger: Ledger<R>, edition: RedistributionEdition): RedistributionResult {
  const lists = ledger.shape.lists.map((list, l): DefinitiveList => {
    const newCents = ledger.budget(l);
    return {
      key: ledger.shape.keys[l] as string,
      region: list.region,
      axis: list.axis,
      initialCents: list.allocationCents,
      newCents,
      differenceCents: newCents - list.allocationCents,
      fundedCents: ledger.funded(l),
      statuses: ledger.statuses(l),
    };
  });
  const initial = lists.reduce((sum, list) => sum + list.initialCents, 0);
  const final = lists.reduce((sum, list) => sum + list.newCents, 0);
  if (initial !== final) throw new Error(`redistribution lost money: ${initial} cents in, ${final} out`);
  return { edition, lists, transfers: ledger.transfers };
}
