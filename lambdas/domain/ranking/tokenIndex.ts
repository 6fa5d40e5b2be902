/**
 * Token → application index, built for a million tokens: an open-addressing table in one typed array (slot and
 * hash side by side, one cache line per probe), hashed on the sign plus the first and last eight hex digits (cheap,
 * and well spread for random or sequential tokens), every hit confirmed by full string equality. If the tokens
 * collide pathologically (they differ only in the middle), it falls back to a `Map`, so the worst case stays linear.
 */
const EMPTY = -1;

function sampleHash(token: string): number {
  const length = token.length;
  let h = Math.imul(length ^ 0x9e3779b9, 0x01000193);
  const head = Math.min(9, length);
  for (let i = 0; i < head; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, length - 8); i < length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

export interface TokenIndex {
  /** Position of the token in the array the index was built from, or -1. */
  find(token: string): number;
  /** `find` for many tokens at once, in passes whose iterations are independent (see `findAll` below). */
  findAll(queries: readonly string[]): Int32Array;
}

/** Builds the index; `onDuplicate(index, firstIndex)` is called for a token already present (the first one stays). */
export function buildTokenIndex(
  tokens: readonly string[],
  onDuplicate: (index: number, firstIndex: number) => void,
): TokenIndex {
  const count = tokens.length;
  let size = 1024;
  while (size < count * 1.5) size *= 2; // load ≤ 2/3: few probes, and a table half the size
  const mask = size - 1;
  const table = new Int32Array(size * 2).fill(EMPTY); // [slot, hash] pairs
  const probeBudget = 8 * count + 1024;
  let probes = 0;
  const duplicates: [number, number][] = [];
  // Hashing first, in its own pass, keeps the insertion loop free of string reads except on a hash match.
  const hashes = new Int32Array(count);
  for (let i = 0; i < count; i++) hashes[i] = sampleHash(tokens[i] as string);
  for (let i = 0; i < count; i++) {
    const h = hashes[i] as number;
    let p = h & mask;
    for (;;) {
      const at = table[2 * p] as number;
      if (at === EMPTY) {
        table[2 * p] = i;
        table[2 * p + 1] = h;
        break;
      }
      if (table[2 * p + 1] === h && tokens[at] === tokens[i]) {
        duplicates.push([i, at]);
        break;
      }
      p = (p + 1) & mask;
      if (++probes > probeBudget) return mapIndex(tokens, onDuplicate);
    }
  }
  for (const [index, first] of duplicates) onDuplicate(index, first);
  const find = (token: string): number => {
    const h = sampleHash(token);
    let p = h & mask;
    for (;;) {
      const at = table[2 * p] as number;
      if (at === EMPTY) return -1;
      if (table[2 * p + 1] === h && tokens[at] === token) return at;
      p = (p + 1) & mask;
    }
  };
  /**
   * A million lookups are bound by memory latency, not arithmetic. Splitting them into passes — hash every query,
   * probe the table by hash alone, compare every candidate — leaves no dependency between iterations, so the
   * processor overlaps the cache misses; only a query whose candidate is another token with the same 32-bit hash
   * (rare) takes the full probing path.
   */
  const findAll = (queries: readonly string[]): Int32Array => {
    const count = queries.length;
    const found = new Int32Array(count); // first each query's hash, then its position
    for (let i = 0; i < count; i++) found[i] = sampleHash(queries[i] as string);
    for (let i = 0; i < count; i++) {
      // Probe by hash only: neighbouring slots share the cache line just read, and no string is touched here.
      const h = found[i] as number;
      let p = h & mask;
      let at = table[2 * p] as number;
      while (at !== EMPTY && table[2 * p + 1] !== h) {
        p = (p + 1) & mask;
        at = table[2 * p] as number;
      }
      found[i] = at;
    }
    for (let i = 0; i < count; i++) {
      const at = found[i] as number;
      if (at >= 0 && tokens[at] !== queries[i]) found[i] = -2;
    }
    for (let i = 0; i < count; i++) if (found[i] === -2) found[i] = find(queries[i] as string);
    return found;
  };
  return { find, findAll };
}

function mapIndex(tokens: readonly string[], onDuplicate: (index: number, firstIndex: number) => void): TokenIndex {
  const byToken = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const first = byToken.get(token);
    if (first === undefined) byToken.set(token, i);
    else onDuplicate(i, first);
  }
  const find = (token: string) => byToken.get(token) ?? -1;
  return { find, findAll: (queries) => Int32Array.from(queries, find) };
}
