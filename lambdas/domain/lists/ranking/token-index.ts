/**
 * Token → application index, built for a million tokens: an open-addressing table in one typed array (slot and
 * hash side by side, one cache line per probe), every hit confirmed by full string equality. If the tokens collide
 * pathologically (they differ only where the hash does not look), it falls back to a `Map`, so the worst case stays
 * linear.
 */
const EMPTY = -1;
/** In `matchAll`, a query whose candidate was not confirmed yet. */
const UNCONFIRMED = -2;
/** Tokens confirmed per block in `matchAll`: both sides of a block stay in the processor's cache. */
const CONFIRM_BLOCK = 256;
/** A character in the token's second cache line (the first holds the string's header). */
const TOUCHED_CHARACTER = 60;

/**
 * Hash of a token read from 13 of its characters: the sign, four digits spread over the token and its last eight
 * digits, four characters per 32-bit word, mixed murmur-style (the rotations bring every character down to the low
 * bits the table uses). Random tokens are told apart by any of these; tokens that share long prefixes (sequential
 * ids) by their last digits. Other strings (not 65 characters) are hashed on every character.
 */
export function tokenHash(token: string): number {
  if (token.length !== 65) return fullHash(token);
  let h = mix(
    0x9e3779b9,
    token.charCodeAt(0) | (token.charCodeAt(1) << 8) | (token.charCodeAt(17) << 16) | (token.charCodeAt(33) << 24),
  );
  h = mix(
    h,
    token.charCodeAt(49) | (token.charCodeAt(57) << 8) | (token.charCodeAt(58) << 16) | (token.charCodeAt(59) << 24),
  );
  h = mix(
    h,
    token.charCodeAt(60) | (token.charCodeAt(61) << 8) | (token.charCodeAt(62) << 16) | (token.charCodeAt(63) << 24),
  );
  h = mix(h, token.charCodeAt(64));
  return finish(h);
}

function fullHash(text: string): number {
  let h = mix(0x85ebca6b, text.length);
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return finish(h);
}

/** One murmur3 block step. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3 finaliser: every input bit reaches the low bits. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export interface TokenIndex {
  /** Position of the token in the array the index was built from, or -1. */
  find(token: string): number;
  /** `find` for many tokens at once (see `matchAll`). */
  findAll(queries: readonly string[]): Int32Array;
  /**
   * `findAll` for queries whose `tokenHash` the caller already computed (while reading them): the same positions,
   * exactly (every one confirmed by string equality), in passes that touch memory in order where they can.
   */
  matchAll(queries: readonly string[], queryHashes: ArrayLike<number>): Int32Array;
}

/**
 * Builds the index; `onDuplicate(index, firstIndex)` is called for a token already present (the first one stays).
 * `hashes`, when given, must hold `tokenHash` of every token (the caller computed them in its own pass).
 */
export function buildTokenIndex(
  tokens: readonly string[],
  onDuplicate: (index: number, firstIndex: number) => void,
  hashes?: ArrayLike<number>,
): TokenIndex {
  const count = tokens.length;
  const hashOf = hashes ?? Int32Array.from(tokens, tokenHash);
  const layout = partitionLayout(count);
  const { bits } = layout;
  // Tokens grouped by partition (the hash's low bits), in index order within each: each partition's table is then
  // built while it sits in the processor's cache, instead of a million inserts scattered over one large table.
  const grouped = groupByPartition(hashOf, layout);
  const { start } = grouped;
  let spareGroups: Grouped | undefined = grouped;
  const base = new Int32Array(layout.parts + 1); // each partition's table: slots [base, base + size)
  for (let part = 0; part < layout.parts; part++) {
    base[part + 1] = (base[part] as number) + tableSize((start[part + 1] as number) - (start[part] as number));
  }
  const table = new Int32Array(2 * (base[layout.parts] as number)).fill(EMPTY); // [slot, hash] pairs
  const probeBudget = 8 * count + 1024;
  let probes = 0;
  const duplicates: [number, number][] = [];
  for (let part = 0; part < layout.parts; part++) {
    const from = base[part] as number;
    const mask = (base[part + 1] as number) - from - 1;
    for (let k = start[part] as number; k < (start[part + 1] as number); k++) {
      const i = grouped.ids[k] as number;
      const h = grouped.hashes[k] as number;
      let p = (h >>> bits) & mask;
      for (;;) {
        const at = table[2 * (from + p)] as number;
        if (at === EMPTY) {
          table[2 * (from + p)] = i;
          table[2 * (from + p) + 1] = h;
          break;
        }
        if (table[2 * (from + p) + 1] === h && tokens[at] === tokens[i]) {
          duplicates.push([i, at]);
          break;
        }
        p = (p + 1) & mask;
        if (++probes > probeBudget) return mapIndex(tokens, onDuplicate);
      }
    }
  }
  duplicates.sort((x, y) => x[0] - y[0]); // reported in index order
  for (const [index, first] of duplicates) onDuplicate(index, first);
  const partMask = layout.parts - 1;
  const find = (token: string): number => {
    const h = tokenHash(token);
    const part = h & partMask;
    const from = base[part] as number;
    const mask = (base[part + 1] as number) - from - 1;
    let p = (h >>> bits) & mask;
    for (;;) {
      const at = table[2 * (from + p)] as number;
      if (at === EMPTY) return -1;
      if (table[2 * (from + p) + 1] === h && tokens[at] === token) return at;
      p = (p + 1) & mask;
    }
  };
  /**
   * A million lookups are bound by memory latency: the table, and above all the two token strings to compare,
   * scattered over the heap. So:
   * 1. probe the table by hash alone (no string read), partition by partition like the build: the candidate is the
   *    first token with the query's hash, or none, and then the query is certainly unknown;
   * 2. confirm in token order: each token compared with the last query that named it, reading the tokens in order
   *    and only the queries at random (the smaller side: a send is a few fields, an application many);
   * 3. the queries not confirmed — another token with the same 32-bit hash, a query repeated, or a token named by
   *    two queries — take the full `find` (rare).
   */
  const matchAll = (queries: readonly string[], queryHashes: ArrayLike<number>): Int32Array => {
    // The build's grouping buffers are free now: reused (typed arrays count as external memory, see inputs.ts).
    const spare = spareGroups;
    spareGroups = undefined;
    const lastQuery = spare ? spare.ids.fill(EMPTY) : new Int32Array(count).fill(EMPTY);
    const found =
      spare && spare.hashes.length >= queries.length
        ? spare.hashes.subarray(0, queries.length)
        : new Int32Array(queries.length);
    probeByHash(table, base, layout, queryHashes, found, lastQuery);
    confirmInTokenOrder(tokens, queries, lastQuery, found);
    for (let q = 0; q < found.length; q++) if (found[q] === UNCONFIRMED) found[q] = find(queries[q] as string);
    return found;
  };
  const findAll = (queries: readonly string[]) => matchAll(queries, Int32Array.from(queries, tokenHash));
  return { find, findAll, matchAll };
}

interface PartitionLayout {
  /** Partition = the hash's low `bits` bits; the slot within it comes from the bits above. */
  bits: number;
  parts: number;
}

/** About 2,048 tokens per partition: its table (4,096 slots of 8 bytes) fits the processor's L2 cache. */
function partitionLayout(count: number): PartitionLayout {
  let bits = 0;
  while (bits < 12 && 2048 << bits < count) bits++;
  return { bits, parts: 1 << bits };
}

/** Slots for a partition of `count` tokens: load ≤ 2/3, a power of two. */
function tableSize(count: number): number {
  let size = 16;
  while (size < count * 1.5) size *= 2;
  return size;
}

/** Indices and hashes grouped by partition (a counting sort, stable): partition `p` is `[start[p], start[p + 1])`. */
interface Grouped {
  ids: Int32Array;
  hashes: Int32Array;
  start: Int32Array;
}

function groupByPartition(hashes: ArrayLike<number>, layout: PartitionLayout): Grouped {
  const partMask = layout.parts - 1;
  const start = new Int32Array(layout.parts + 1);
  for (let i = 0; i < hashes.length; i++) {
    const part = ((hashes[i] as number) & partMask) + 1;
    start[part] = (start[part] as number) + 1;
  }
  for (let part = 0; part < layout.parts; part++)
    start[part + 1] = (start[part + 1] as number) + (start[part] as number);
  const next = start.slice(0, layout.parts);
  const ids = new Int32Array(hashes.length);
  const grouped = new Int32Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] as number;
    const part = h & partMask;
    const at = next[part] as number;
    ids[at] = i;
    grouped[at] = h;
    next[part] = at + 1;
  }
  return { ids, hashes: grouped, start };
}

/**
 * Step 1 of `matchAll`: each query's candidate is the first token with its hash (UNCONFIRMED, and the token
 * remembers its last query), or none (EMPTY: no token has that hash, so none equals the query).
 */
function probeByHash(
  table: Int32Array,
  base: Int32Array,
  layout: PartitionLayout,
  queryHashes: ArrayLike<number>,
  found: Int32Array,
  lastQuery: Int32Array,
): void {
  const { bits } = layout;
  const partMask = layout.parts - 1;
  for (let q = 0; q < queryHashes.length; q++) {
    const h = queryHashes[q] as number;
    const part = h & partMask;
    const from = base[part] as number;
    const mask = (base[part + 1] as number) - from - 1;
    let p = (h >>> bits) & mask;
    let at = table[2 * (from + p)] as number;
    while (at !== EMPTY && table[2 * (from + p) + 1] !== h) {
      p = (p + 1) & mask;
      at = table[2 * (from + p)] as number;
    }
    if (at !== EMPTY) {
      found[q] = UNCONFIRMED;
      lastQuery[at] = q;
    } else found[q] = EMPTY;
  }
}

/**
 * Step 2 of `matchAll`, block by block: touch the block's tokens in order, then its queries (loops of independent
 * loads, so the processor overlaps the cache misses), then compare both, now in cache. One loop doing all three
 * waits on every miss in turn.
 */
function confirmInTokenOrder(
  tokens: readonly string[],
  queries: readonly string[],
  lastQuery: Int32Array,
  found: Int32Array,
): void {
  const count = tokens.length;
  let touched = 0;
  for (let block = 0; block < count; block += CONFIRM_BLOCK) {
    const end = Math.min(count, block + CONFIRM_BLOCK);
    for (let i = block; i < end; i++) touched += (tokens[i] as string).charCodeAt(TOUCHED_CHARACTER);
    for (let i = block; i < end; i++) {
      const q = lastQuery[i] as number;
      if (q !== EMPTY) touched += (queries[q] as string).charCodeAt(TOUCHED_CHARACTER);
    }
    for (let i = block; i < end; i++) {
      const q = lastQuery[i] as number;
      if (q !== EMPTY && queries[q] === tokens[i]) found[q] = i;
    }
  }
  if (touched === -1) throw new RangeError('unreachable'); // uses the sum, so the touching loops stay
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
  const findAll = (queries: readonly string[]) => Int32Array.from(queries, find);
  return { find, findAll, matchAll: findAll };
}
