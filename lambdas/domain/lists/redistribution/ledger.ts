/**
 * The state of R22d: each list's `budget` and funded amount, where its waiting rows stand, what each pool holds,
 * and every transfer made so far. Every change of money goes through `move`, which keeps the total constant and
 * records the transfer, so conservation to the cent holds by construction. Cheap to clone (a few numbers per list),
 * so that a round can be tried and thrown away (see `rounds.ts`).
 */
import type { Axis } from '#domain/kernel/geography';
import type { DefinitiveStatus, Outcome, Pass, ProvisionalList, ProvisionalRow, Transfer } from './model.ts';
import { type AxisGroup, groupOf, listKey } from './names.ts';

/** A list (its index in allocations-file order) or a pool (its name). */
export type Account = number | string;

/** What never changes during a run: the lists, their waiting rows and the axis structure. */
export interface Shape<R extends ProvisionalRow> {
  lists: readonly ProvisionalList<R>[];
  keys: readonly string[];
  /** Per list: indices of its rows that start as waiting (`CARENZA_FONDI`), in order. */
  waiting: readonly (readonly number[])[];
  outcomes: ReadonlyMap<string, Outcome>;
  /** Axes in order of first appearance in the allocations file. */
  axes: readonly Axis[];
  listsByAxis: ReadonlyMap<Axis, readonly number[]>;
}

interface ListState {
  budget: number;
  funded: number;
  /** Waiting rows before `cursor` have been funded (`SUBENTRATA`). */
  cursor: number;
  /** Requested amounts of the waiting rows from `cursor` on. */
  waitingCents: number;
}

export class Ledger<R extends ProvisionalRow> {
  private constructor(
    readonly shape: Shape<R>,
    private readonly state: ListState[],
    private readonly pools: Map<string, number>,
    readonly transfers: Transfer[],
  ) {}

  /** Opens the books: every budget at its initial allocation, funded = its `PERFEZIONATA` rows, pools empty. */
  static open<R extends ProvisionalRow>(lists: readonly ProvisionalList<R>[], outcomes: ReadonlyMap<string, Outcome>) {
    const axes: Axis[] = [];
    const listsByAxis = new Map<Axis, number[]>();
    const waiting: number[][] = [];
    const state = lists.map((list, l): ListState => {
      const own = listsByAxis.get(list.axis) ?? [];
      if (own.length === 0) axes.push(list.axis);
      own.push(l);
      listsByAxis.set(list.axis, own);
      const rows: number[] = [];
      let funded = 0;
      let waitingCents = 0;
      list.rows.forEach((row, j) => {
        if (row.status === 'CARENZA_FONDI') {
          rows.push(j);
          waitingCents += row.requestedCents;
        } else if (outcomes.get(row.token) === 'PERFEZIONATA') funded += row.requestedCents;
      });
      waiting.push(rows);
      return { budget: list.allocationCents, funded, cursor: 0, waitingCents };
    });
    const keys = lists.map((list) => listKey(list.region, list.axis));
    const shape: Shape<R> = { lists, keys, waiting, outcomes, axes, listsByAxis };
    return new Ledger(shape, state, new Map(), []);
  }

  /** A copy whose moves and admissions do not touch this one. */
  clone(): Ledger<R> {
    return new Ledger(
      this.shape,
      this.state.map((s) => ({ ...s })),
      new Map(this.pools),
      [...this.transfers],
    );
  }

  /** The lists of a group, in allocations-file order. */
  listsOf(group: AxisGroup): number[] {
    return this.axesOf(group).flatMap((axis) => this.listsOfAxis(axis));
  }

  axesOf(group: AxisGroup): Axis[] {
    return this.shape.axes.filter((axis) => groupOf(axis) === group);
  }

  listsOfAxis(axis: Axis): readonly number[] {
    return this.shape.listsByAxis.get(axis) ?? [];
  }

  initial(l: number): number {
    return (this.shape.lists[l] as ProvisionalList<R>).allocationCents;
  }

  budget(l: number): number {
    return this.at(l).budget;
  }

  funded(l: number): number {
    return this.at(l).funded;
  }

  /** `budget - funded`: negative for a list that admitted more than it holds (R22a's national rule). */
  residual(l: number): number {
    const s = this.at(l);
    return s.budget - s.funded;
  }

  hasWaiting(l: number): boolean {
    return this.at(l).cursor < (this.shape.waiting[l] as readonly number[]).length;
  }

  /** Total requested by the list's waiting rows (the weight of pass 3). */
  waitingCents(l: number): number {
    return this.at(l).waitingCents;
  }

  /** The first waiting row; only when `hasWaiting(l)`. */
  firstWaiting(l: number): R {
    const j = (this.shape.waiting[l] as readonly number[])[this.at(l).cursor] as number;
    return (this.shape.lists[l] as ProvisionalList<R>).rows[j] as R;
  }

  /** Marks the first waiting row funded (`SUBENTRATA`); its money must already be in the list's budget. */
  fundFirst(l: number): void {
    const s = this.at(l);
    const requested = this.firstWaiting(l).requestedCents;
    s.funded += requested;
    s.waitingCents -= requested;
    s.cursor++;
  }

  /** *admit(l)*: funds the waiting rows in order while each fits the residual; stops at the first that does not. */
  admit(l: number): number {
    let count = 0;
    while (this.hasWaiting(l) && this.firstWaiting(l).requestedCents <= this.residual(l)) {
      this.fundFirst(l);
      count++;
    }
    return count;
  }

  pool(name: string): number {
    return this.pools.get(name) ?? 0;
  }

  /** Moves `cents` (a negative amount moves the other way); 0 cents changes nothing and is not recorded. */
  move(from: Account, to: Account, cents: number, pass: Pass): void {
    if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
    if (cents === 0) return;
    if (cents < 0) return this.move(to, from, -cents, pass);
    this.credit(from, -cents);
    this.credit(to, cents);
    this.transfers.push({ from: this.nameOf(from), to: this.nameOf(to), pass, cents });
  }

  /** Each row's definitive status (R22c), list by list in input order. */
  statuses(l: number): DefinitiveStatus[] {
    const list = this.shape.lists[l] as ProvisionalList<R>;
    const waiting = this.shape.waiting[l] as readonly number[];
    const fundedUpTo = this.at(l).cursor;
    const waitingIndex = new Map(waiting.map((j, k) => [j, k]));
    return list.rows.map((row, j): DefinitiveStatus => {
      if (row.status === 'ANNULLATA') return 'ANNULLATA';
      if (row.status === 'CARENZA_FONDI') {
        return (waitingIndex.get(j) as number) < fundedUpTo ? 'SUBENTRATA' : 'NON_AMMISSIBILE_CARENZA_FONDI';
      }
      return this.shape.outcomes.get(row.token) === 'PERFEZIONATA' ? 'AMMISSIBILE_DEFINITIVA' : 'DECADUTA';
    });
  }

  private credit(account: Account, cents: number): void {
    if (typeof account === 'number') this.at(account).budget += cents;
    else this.pools.set(account, this.pool(account) + cents);
  }

  private nameOf(account: Account): string {
    return typeof account === 'number' ? (this.shape.keys[account] as string) : account;
  }

  private at(l: number): ListState {
    const s = this.state[l];
    if (!s) throw new RangeError(`no list ${l}`);
    return s;
  }
}
