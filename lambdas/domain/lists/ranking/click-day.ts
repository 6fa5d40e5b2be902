/**
 * Every click-day list of a computation at once (the fast path of `rankIndexed`):
 * 1. one pass over the applications in index order writes each sent one's packed key (arrival at the resolution,
 *    then application index, see `packedSort.ts`) into its list's segment of one buffer: ranked ones first, then
 *    annulled ones;
 * 2. each segment is sorted as plain numbers, then all are split back into application indices and arrival keys;
 * 3. only runs of equal arrival need the edition's criteria: long runs (resolution `s`) are sorted by the first
 *    criterion's numeric key the same way, and the comparator orders what that key leaves tied;
 * 4. `decided_by` comes from those keys wherever they differ (the key never contradicts the criterion), so the
 *    records are read only for neighbours that tie on the key too.
 * Returns undefined when the arrivals cannot be packed exactly (spread over more than about 2^53 / 2^21 ms ≈ 50
 * days for a million applications); the caller then sorts list by list.
 */
import type { TieBreak } from '#domain/lists/editions';
import type { RankedApplication } from '#domain/lists/records';
import { type IndexedInput, LIST_COUNT } from './inputs.ts';
import { comparatorSort, indexSlots, insertionSort, packsExactly, sortByPackedKey, unpack } from './packed-sort.ts';

export interface ClickDayColumns {
  /** RankedApplication indices: the ranked rows, then the annulled ones. */
  order: Int32Array;
  rankedCount: number;
  cumulativeCents: Float64Array;
  /** First ranked row that does not fit the allocation (R17b), `rankedCount` when all fit. */
  firstShortfall: number;
  /** Per ranked row: 0 when no criterion decided it, else 1 + the index of the deciding criterion. */
  decidedBy: Uint8Array;
}

/** Runs longer than this are sorted by the first criterion's key as numbers; shorter ones by insertion. */
const LONG_RUN = 16;

export function rankClickDayLists(
  applications: readonly RankedApplication[],
  indexed: IndexedInput,
  isClickDay: Uint8Array,
  bySecond: boolean,
  clickOrder: readonly TieBreak[],
): (ClickDayColumns | undefined)[] | undefined {
  const { arrivalMs, annulled, listOf } = indexed;
  const count = listOf.length;
  const rankedCount = new Int32Array(LIST_COUNT);
  const annulledCount = new Int32Array(LIST_COUNT);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const list = listOf[i] as number;
    const at = arrivalMs[i] as number;
    if (isClickDay[list] === 0 || Number.isNaN(at)) continue;
    const key = bySecond ? Math.floor(at / 1000) * 1000 : at;
    if (key < min) min = key;
    if (key > max) max = key;
    if (annulled[i] === 0) rankedCount[list] = (rankedCount[list] as number) + 1;
    else annulledCount[list] = (annulledCount[list] as number) + 1;
  }
  const slots = indexSlots(count);
  if (min <= max && !packsExactly(min, max, slots)) return undefined;

  // Segments: list by list, its ranked rows then its annulled ones.
  const start = new Int32Array(LIST_COUNT + 1);
  for (let list = 0; list < LIST_COUNT; list++)
    start[list + 1] = (start[list] as number) + (rankedCount[list] as number) + (annulledCount[list] as number);
  const total = start[LIST_COUNT] as number;
  const nextRanked = start.slice(0, LIST_COUNT);
  const nextAnnulled = new Int32Array(LIST_COUNT);
  for (let list = 0; list < LIST_COUNT; list++)
    nextAnnulled[list] = (start[list] as number) + (rankedCount[list] as number);
  const keys = new Float64Array(total);
  for (let i = 0; i < count; i++) {
    const list = listOf[i] as number;
    const arrival = arrivalMs[i] as number;
    if (isClickDay[list] === 0 || Number.isNaN(arrival)) continue;
    const key = bySecond ? Math.floor(arrival / 1000) * 1000 : arrival;
    if (key !== Math.floor(key)) return undefined; // fractional milliseconds: the packing would not be exact
    const packed = (key - min) * slots + i;
    const next = annulled[i] === 0 ? nextRanked : nextAnnulled;
    const at = next[list] as number;
    keys[at] = packed;
    next[list] = at + 1;
  }
  for (let list = 0; list < LIST_COUNT; list++) {
    const from = start[list] as number;
    const middle = from + (rankedCount[list] as number);
    const to = start[list + 1] as number;
    if (middle - from > 1) keys.subarray(from, middle).sort();
    if (to - middle > 1) keys.subarray(middle, to).sort();
  }
  const order = new Int32Array(total);
  unpack(keys, order, slots, min);

  const ties = new TieOrder(applications, indexed.sortKeys, clickOrder, slots);
  const decidedBy = new Uint8Array(total);
  const columns: (ClickDayColumns | undefined)[] = new Array(LIST_COUNT).fill(undefined);
  for (let list = 0; list < LIST_COUNT; list++) {
    if (isClickDay[list] === 0) continue;
    const from = start[list] as number;
    const ranked = rankedCount[list] as number;
    const middle = from + ranked;
    const to = start[list + 1] as number;
    ties.orderRuns(order, keys, from, middle, decidedBy);
    ties.orderRuns(order, keys, middle, to, undefined);
    // The arrival keys of the ranked rows are not needed any more: their place takes the running sums (one buffer
    // less: typed arrays count as external memory, see inputs.ts).
    const sums = keys.subarray(from, middle);
    const allocation = indexed.allocationCents[list] as number;
    let sum = 0;
    let firstShortfall = ranked;
    for (let j = 0; j < ranked; j++) {
      sum += indexed.requestedCents[order[from + j] as number] as number;
      sums[j] = sum;
      if (sum > allocation && firstShortfall === ranked) firstShortfall = j;
    }
    columns[list] = {
      order: order.subarray(from, to),
      rankedCount: ranked,
      cumulativeCents: sums,
      firstShortfall,
      decidedBy: decidedBy.subarray(from, middle),
    };
  }
  return columns;
}

/** Orders runs of equal arrival by the criteria and records which criterion placed each row. */
class TieOrder {
  private scratch = new Float64Array(64);
  private readonly byCriteria: (a: number, b: number) => number;
  private readonly byKeyThenCriteria: (a: number, b: number) => number;

  constructor(
    private readonly applications: readonly RankedApplication[],
    private readonly firstKeys: ArrayLike<number> | undefined,
    private readonly clickOrder: readonly TieBreak[],
    private readonly slots: number,
  ) {
    this.byCriteria = (a, b) => {
      const x = applications[a] as RankedApplication;
      const y = applications[b] as RankedApplication;
      for (let c = 0; c < clickOrder.length; c++) {
        const order = (clickOrder[c] as TieBreak).compare(x, y);
        if (order !== 0) return order;
      }
      return 0;
    };
    const keys = firstKeys;
    this.byKeyThenCriteria = keys
      ? (a, b) => (keys[a] as number) - (keys[b] as number) || this.byCriteria(a, b)
      : this.byCriteria;
  }

  /**
   * Sorts every run of equal `keys` within `ids[from, to)` by the criteria; with `decidedBy`, fills it for every
   * row that follows an equal arrival.
   */
  orderRuns(ids: Int32Array, keys: Float64Array, from: number, to: number, decidedBy: Uint8Array | undefined): void {
    let start = from;
    while (start < to) {
      const key = keys[start];
      let end = start + 1;
      while (end < to && keys[end] === key) end++;
      if (end - start > 1) this.orderRun(ids, start, end, decidedBy);
      start = end;
    }
  }

  private orderRun(ids: Int32Array, from: number, to: number, decidedBy: Uint8Array | undefined): void {
    const firstKeys = this.firstKeys;
    if (firstKeys && to - from > LONG_RUN) {
      const length = to - from;
      if (this.scratch.length < length) this.scratch = new Float64Array(Math.max(length, 2 * this.scratch.length));
      const run = ids.subarray(from, to);
      const runKeys = this.scratch;
      if (sortByPackedKey(run, runKeys, 0, length, this.slots, firstKeys)) {
        let start = 0;
        while (start < length) {
          const key = runKeys[start];
          let end = start + 1;
          while (end < length && runKeys[end] === key) end++;
          if (end - start > 1) comparatorSort(run, start, end, this.byCriteria);
          start = end;
        }
        if (decidedBy) {
          for (let j = 1; j < length; j++) {
            decidedBy[from + j] =
              runKeys[j] !== runKeys[j - 1] ? 1 : this.decide(run[j - 1] as number, run[j] as number);
          }
        }
        return;
      }
    }
    if (to - from > LONG_RUN) comparatorSort(ids, from, to, this.byKeyThenCriteria);
    else insertionSort(ids, from, to, this.byKeyThenCriteria);
    if (!decidedBy) return;
    for (let j = from + 1; j < to; j++) {
      const previous = ids[j - 1] as number;
      const current = ids[j] as number;
      decidedBy[j] = firstKeys && firstKeys[previous] !== firstKeys[current] ? 1 : this.decide(previous, current);
    }
  }

  /** 1 + the first criterion that tells `previous` from `current`, or 0. */
  private decide(previous: number, current: number): number {
    const a = this.applications[previous] as RankedApplication;
    const b = this.applications[current] as RankedApplication;
    for (let c = 0; c < this.clickOrder.length; c++) {
      if ((this.clickOrder[c] as TieBreak).compare(a, b) !== 0) return c + 1;
    }
    return 0;
  }
}
