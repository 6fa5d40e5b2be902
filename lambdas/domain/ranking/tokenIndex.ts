/**
 * Token → application index, built for a million tokens: an open-addressing table over typed arrays, hashed on
 * the sign plus the first and last eight hex digits (cheap, and spread well for random or sequential tokens),
 * every hit confirmed by full string equality. If the tokens collide pathologically (they differ only in the
 * middle), it falls back to a `Map`, so the worst case stays linear.
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
  /** Index of the token in the list it was built from, or -1. */
  find(token: string): number;
}

/**
 * Builds the index; `onDuplicate(index, firstIndex)` is called for a token already present (the first one stays).
 */
export function buildTokenIndex(
  tokens: (i: number) => string,
  count: number,
  onDuplicate: (index: number, firstIndex: number) => void,
): TokenIndex {
  let size = 1024;
  while (size < count * 3) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(EMPTY);
  const hashes = new Int32Array(size);
  const probeBudget = 8 * count + 1024;
  let probes = 0;
  const duplicates: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const token = tokens(i);
    const h = sampleHash(token);
    let p = h & mask;
    for (;;) {
      const at = slots[p] as number;
      if (at === EMPTY) {
        slots[p] = i;
        hashes[p] = h;
        break;
      }
      if (hashes[p] === h && tokens(at) === token) {
        duplicates.push([i, at]);
        break;
      }
      p = (p + 1) & mask;
      if (++probes > probeBudget) return mapIndex(tokens, count, onDuplicate);
    }
  }
  for (const [index, first] of duplicates) onDuplicate(index, first);
  return {
    find(token) {
      const h = sampleHash(token);
      let p = h & mask;
      for (;;) {
        const at = slots[p] as number;
        if (at === EMPTY) return -1;
        if (hashes[p] === h && tokens(at) === token) return at;
        p = (p + 1) & mask;
      }
    },
  };
}

function mapIndex(
  tokens: (i: number) => string,
  count: number,
  onDuplicate: (index: number, firstIndex: number) => void,
): TokenIndex {
  const byToken = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const token = tokens(i);
    const first = byToken.get(token);
    if (first === undefined) byToken.set(token, i);
    else onDuplicate(i, first);
  }
  return { find: (token) => byToken.get(token) ?? -1 };
}
