/**
 * Sorting a list's applications by arrival time at the resolution, then by the edition's criteria.
 * Fast path: arrival (relative to the earliest) and the member's slot are packed into one float64 so that a plain
 * `Float64Array` sort does the bulk of the work; only runs of equal arrival are then sorted by the criteria.
 * When the packing would not be exact (arrivals spread over decades), a comparator sort does it all.
 */
import type { TieBreak } from '#domain/lists/editions';
import type { RankedApplication } from '#domain/lists/records';
import { comparatorSort } from './packed-sort.ts';

const EXACT_LIMIT = 2 ** 53;

/**
 * Sorts `members` (application indices) in place by `keys[index]`, ties by `tieBreaks` in sequence. Returns the
 * members' keys in the sorted order (so that callers can find equal neighbours without reading `keys` again).
 */
export function sortByKeyThenCriteria(
  members: Int32Array,
  keys: ArrayLike<number>,
  applications: readonly RankedApplication[],
  tieBreaks: readonly TieBreak[],
  firstCriterionKeys?: () => ArrayLike<number>,
): Float64Array {
  const count = members.length;
  // Each member's key is read from the (large, application-indexed) `keys` once, into an array in member order.
  const packed = new Float64Array(count);
  for (let j = 0; j < count; j++) packed[j] = keys[members[j] as number] as number;
  if (count < 2) return packed;
  const byCriteria = (a: number, b: number): number => {
    const x = applications[a] as RankedApplication;
    const y = applications[b] as RankedApplication;
    for (const tieBreak of tieBreaks) {
      const order = tieBreak.compare(x, y);
      if (order !== 0) return order;
    }
    return 0;
  };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < count; j++) {
    const key = packed[j] as number;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  let slots = 1;
  while (slots < count) slots *= 2;
  if ((max - min + 1) * slots > EXACT_LIMIT) {
    const sorted = Array.from(members).sort((a, b) => (keys[a] as number) - (keys[b] as number) || byCriteria(a, b));
    members.set(sorted);
    for (let j = 0; j < count; j++) packed[j] = keys[members[j] as number] as number;
    return packed;
  }
  for (let j = 0; j < count; j++) packed[j] = ((packed[j] as number) - min) * slots + j;
  packed.sort();
  const original = members.slice();
  // Split each packed value back into key (its high part) and slot; `slots` is a power of two, so this is exact and
  // cheaper than a floating-point `%`. The keys stay in `packed`, read in order below instead of through `keys`.
  for (let j = 0; j < count; j++) {
    const value = packed[j] as number;
    const key = Math.floor(value / slots);
    members[j] = original[value - key * slots] as number;
    packed[j] = key;
  }
  // Runs of equal key: only these need the criteria.
  let start = 0;
  while (start < count) {
    const key = packed[start];
    let end = start + 1;
    while (end < count && packed[end] === key) end++;
    if (end - start > 16 && firstCriterionKeys) {
      // A long run of equal arrival (resolution `s`): pre-sort it by the first criterion's numeric key the same
      // fast way, leaving the comparator only the (short) runs where that key ties too.
      sortByKeyThenCriteria(members.subarray(start, end), firstCriterionKeys(), applications, tieBreaks);
    } else if (end - start > 1) comparatorSort(members, start, end, byCriteria);
    start = end;
  }
  return packed;
}
