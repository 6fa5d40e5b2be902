/**
 * The passes of R22d (art. 4 of the ISI 2024 call), each a function of the ledger, written in SPEC's words.
 * Pass 0 (own list) is `Ledger.admit`. Passes 1–3 return how many rows they funded, so that a round knows whether it
 * funded anything. Splits are `splitCents` over lists (or axes) in allocations-file order, which breaks rounding ties.
 *
 * A deficit (an axis pool below 0) exists only if an axis's `PERFEZIONATA` rows ask more than its national
 * allocation, which R22a's frozen decision plus later imports could produce. It stays with its axis: it is no donor
 * (pass 1), funds nothing (pass 2), is not pooled with other axes (pass 3) nor moved to G5 (pass 4), and pass 5
 * spreads it over the axis's lists by `A[l]`, where the table shows it. The seed is silent; this keeps one axis's
 * overspending from taking money that art. 4 gives to the other axes' first excluded.
 */
import type { Axis } from '#domain/kernel/geography';
import type { Ledger } from './ledger.ts';
import type { Pass, ProvisionalRow } from './model.ts';
import { type AxisGroup, axisPool, groupPool } from './names.ts';
import { splitCents } from './split.ts';

/** R17 between waiting rows of different lists of one axis; total (ends with the token). */
export type WaitingOrder<R> = (a: R, b: R) => number;

/**
 * Pass 1, *within an axis*: donors are the axis's lists with no waiting rows and residual > 0, plus what the axis
 * pool holds (R22 details); receivers are its lists with waiting rows. When both exist, the donors' money goes
 * into the axis pool, which is split over the receivers by `A[l]` (art. 4: "coefficienti dello stanziamento
 * iniziale … delle regioni interessate dalla redistribuzione in aumento"); each receiver admits.
 */
export function withinAxis<R extends ProvisionalRow>(ledger: Ledger<R>, axis: Axis): number {
  const lists = ledger.listsOfAxis(axis);
  const pool = axisPool(axis);
  const receivers = lists.filter((l) => ledger.hasWaiting(l));
  const donors = lists.filter((l) => !ledger.hasWaiting(l) && ledger.residual(l) > 0);
  let amount = Math.max(0, ledger.pool(pool));
  if (receivers.length === 0 || (donors.length === 0 && amount === 0)) return 0;
  for (const donor of donors) {
    amount += ledger.residual(donor);
    ledger.move(donor, pool, ledger.residual(donor), 1);
  }
  giveByAllocation(ledger, pool, receivers, amount, 1);
  return receivers.reduce((funded, l) => funded + ledger.admit(l), 0);
}

/**
 * Pass 2, *national pool of the axis*: every residual of the axis's lists, of every sign, goes into the axis pool
 * (so each list's budget now equals what it funds); then the first waiting row of each list, in arrival order
 * across lists, is funded from the pool when it fits ("per l'ammissione della domanda prima esclusa di ogni regione
 * secondo l'ordine cronologico"). A row that does not fit does not stop the later ones: they are other lists.
 */
export function nationalPool<R extends ProvisionalRow>(ledger: Ledger<R>, axis: Axis, order: WaitingOrder<R>): number {
  const lists = ledger.listsOfAxis(axis);
  const pool = axisPool(axis);
  for (const l of lists) ledger.move(l, pool, ledger.residual(l), 2);
  const candidates = lists.filter((l) => ledger.hasWaiting(l));
  candidates.sort((a, b) => order(ledger.firstWaiting(a), ledger.firstWaiting(b)));
  let funded = 0;
  for (const l of candidates) {
    const requested = ledger.firstWaiting(l).requestedCents;
    if (requested > ledger.pool(pool)) continue;
    ledger.move(pool, l, requested, 2);
    ledger.fundFirst(l);
    funded++;
  }
  return funded;
}

/**
 * Pass 3, *between the axes of the group*, only when some axis of the group has waiting rows: every residual and
 * every axis pool of the group go into the group pool, split over the axes with waiting rows by the total their
 * waiting rows request ("in proporzione all'entità delle domande presentate non soddisfatte per ciascun Asse"),
 * each axis's share over its lists with waiting rows by `A[l]` ("lo stesso criterio della ripartizione
 * territoriale iniziale"); each such list admits.
 */
export function betweenAxes<R extends ProvisionalRow>(ledger: Ledger<R>, group: AxisGroup): number {
  const axes = ledger.axesOf(group);
  const wanting = axes.filter((axis) => ledger.listsOfAxis(axis).some((l) => ledger.hasWaiting(l)));
  if (wanting.length === 0) return 0;
  const pool = groupPool(group);
  for (const axis of axes) {
    for (const l of ledger.listsOfAxis(axis)) ledger.move(l, pool, ledger.residual(l), 3);
  }
  for (const axis of axes) ledger.move(axisPool(axis), pool, Math.max(0, ledger.pool(axisPool(axis))), 3);
  const receiving = wanting.map((axis) => ledger.listsOfAxis(axis).filter((l) => ledger.hasWaiting(l)));
  const demand = receiving.map((lists) => lists.reduce((sum, l) => sum + ledger.waitingCents(l), 0));
  const shares = splitCents(ledger.pool(pool), demand);
  receiving.forEach((lists, k) => giveByAllocation(ledger, pool, lists, shares[k] as number, 3));
  return receiving.flat().reduce((funded, l) => funded + ledger.admit(l), 0);
}

/**
 * Pass 4, the G1 → G5 move (art. 4: "Laddove le operazioni … sugli Assi 1.1, 1.2, 2, 3 e 4 determinassero
 * l'ammissione di tutte le domande presentate, eventuali residui di budget saranno trasferiti sull'Asse 5"):
 * everything G1 still holds goes to G5's pool and is split over the lists of 5.1 and 5.2 together by `A[l]`.
 * The caller checks that G1 has no waiting row and that there are 5.x lists.
 */
export function moveG1ToG5<R extends ProvisionalRow>(ledger: Ledger<R>): void {
  const pool = groupPool('G5');
  for (const l of ledger.listsOf('G1')) ledger.move(l, pool, Math.max(0, ledger.residual(l)), 4);
  for (const held of [...ledger.axesOf('G1').map(axisPool), groupPool('G1')]) {
    ledger.move(held, pool, Math.max(0, ledger.pool(held)), 4);
  }
  giveByAllocation(ledger, pool, ledger.listsOf('G5'), ledger.pool(pool), 4);
}

/** Pass 5: whatever an axis pool still holds goes back to that axis's lists by `A[l]` (a deficit too). */
export function returnAxisPools<R extends ProvisionalRow>(ledger: Ledger<R>): void {
  for (const axis of ledger.shape.axes) {
    const pool = axisPool(axis);
    giveByAllocation(ledger, pool, ledger.listsOfAxis(axis), ledger.pool(pool), 5);
  }
}

/** Splits `amount` from `pool` over `lists` by their initial allocations and moves each share. */
function giveByAllocation<R extends ProvisionalRow>(
  ledger: Ledger<R>,
  pool: string,
  lists: readonly number[],
  amount: number,
  pass: Pass,
): void {
  const shares = splitCents(
    amount,
    lists.map((l) => ledger.initial(l)),
  );
  lists.forEach((l, k) => ledger.move(pool, l, shares[k] as number, pass));
}
