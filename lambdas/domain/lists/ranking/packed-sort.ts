/**
 * Sorting application indices by a numeric key with plain `Float64Array` sorts: the key (relative to the smallest)
 * and the application index are packed into one float64, `key × slots + index`, exact while it stays below 2^53.
 * Equal keys then come out in index order, and the caller orders those runs by the full criteria.
 */
const EXACT_LIMIT = 2 ** 53;

/** The smallest power of two above every application index: the packing's multiplier. */
export function indexSlots(applicationCount: number): number {
  let slots = 1;
  while (slots < applicationCount) slots *= 2;
  return slots;
}

/** Whether integer keys in [min, max] pack exactly with `slots`. */
export function packsExactly(min: number, max: number, slots: number): boolean {
  return Number.isSafeInteger(min) && Number.isSafeInteger(max) && (max - min + 1) * slots <= EXACT_LIMIT;
}

/**
 * Sorts `ids[from, to)` (application indices below `slots`) by `keyOf(id)`, in place, and writes each id's key, in
 * the sorted order, to `keys[from, to)`. Ties stay in index order. Returns false, touching nothing in `ids`, when
 * the keys are not integers that pack exactly (the caller then sorts with a comparator).
 */
export function sortByPackedKey(
  ids: Int32Array,
  keys: Float64Array,
  from: number,
  to: number,
  slots: number,
  keyOf: ArrayLike<number>,
): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = from; j < to; j++) {
    const key = keyOf[ids[j] as number] as number;
    if (key !== Math.floor(key)) return false; // not an integer (or NaN)
    if (key < min) min = key;
    if (key > max) max = key;
  }
  if (to - from < 2) {
    if (to > from) keys[from] = keyOf[ids[from] as number] as number;
    return true;
  }
  if (!packsExactly(min, max, slots)) return false;
  const packed = keys.subarray(from, to);
  for (let j = from; j < to; j++) {
    const id = ids[j] as number;
    packed[j - from] = ((keyOf[id] as number) - min) * slots + id;
  }
  packed.sort();
  unpack(packed, ids.subarray(from, to), slots, min);
  return true;
}

/**
 * Splits packed values back into id (written to `ids`) and key (written back to `packed`, plus `base`). `slots` is
 * a power of two, so the division is exact and cheaper than a floating-point `%`.
 */
export function unpack(packed: Float64Array, ids: Int32Array, slots: number, base: number): void {
  for (let j = 0; j < packed.length; j++) {
    const value = packed[j] as number;
    const key = Math.floor(value / slots);
    ids[j] = value - key * slots;
    packed[j] = key + base;
  }
}

/** Insertion sort of `ids[from, to)`, for the short runs of equal keys; no allocation. */
export function insertionSort(
  ids: Int32Array,
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): void {
  for (let j = from + 1; j < to; j++) {
    const value = ids[j] as number;
    let k = j - 1;
    while (k >= from && compare(ids[k] as number, value) > 0) {
      ids[k + 1] = ids[k] as number;
      k--;
    }
    ids[k + 1] = value;
  }
}

/** Sorts `ids[from, to)` with a comparator: insertion sort when short, else an array sort. */
export function comparatorSort(
  ids: Int32Array,
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): void {
  if (to - from <= 16) insertionSort(ids, from, to, compare);
  else ids.set(Array.from(ids.subarray(from, to)).sort(compare), from);
}

/**
 * Sorts `ids[from, to)` by `keyOf(id)` then `compare`, reading each key once (from the record: for the lists too
 * small or too rare to be worth a column). Packs the key with the position in the range, so any range works.
 */
export function sortByKeyOf(
  ids: Int32Array,
  from: number,
  to: number,
  keyOf: (id: number) => number,
  compare: (a: number, b: number) => number,
): void {
  const length = to - from;
  if (length < 2) return;
  const run = ids.subarray(from, to);
  const keys = new Float64Array(length);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let j = 0; j < length; j++) {
    const key = keyOf(run[j] as number);
    keys[j] = key;
    if (key !== Math.floor(key)) integers = false;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  const slots = indexSlots(length);
  if (!integers || !packsExactly(min, max, slots)) {
    comparatorSort(ids, from, to, compare);
    return;
  }
  for (let j = 0; j < length; j++) keys[j] = ((keys[j] as number) - min) * slots + j;
  keys.sort();
  const positions = new Int32Array(length);
  unpack(keys, positions, slots, min);
  const original = run.slice();
  for (let j = 0; j < length; j++) run[j] = original[positions[j] as number] as number;
  let start = 0;
  while (start < length) {
    const key = keys[start];
    let end = start + 1;
    while (end < length && keys[end] === key) end++;
    if (end - start > 1) comparatorSort(run, start, end, compare);
    start = end;
  }
}
