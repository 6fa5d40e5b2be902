import { EDITIONS, TOKEN_ORDER } from '#domain/lists/editions';
import { comparatorSort, indexSlots, sortByKeyOf, sortByPackedKey } from '#domain/lists/ranking/packed-sort';
import { buildTokenIndex, tokenHash } from '#domain/lists/ranking/token-index';
import { application, tok } from './lists/builders.ts';

/** Deterministic random tokens (xorshift), so a failure reproduces. */
function randomTokens(count: number, seed: number): string[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const tokens: string[] = [];
  const seen = new Set<string>();
  while (tokens.length < count) {
    let body = '';
    for (let k = 0; k < 8; k++) body += next().toString(16).padStart(8, '0');
    const token = `${next() & 1 ? '+' : '-'}${body}`;
    if (seen.has(token)) continue;
    seen.add(token);
    tokens.push(token);
  }
  return tokens;
}

/** Two different tokens with the same `tokenHash`: found among random ones (about five pairs in 200,000). */
function collidingPair(): [string, string] {
  const byHash = new Map<number, string>();
  for (const token of randomTokens(200_000, 7)) {
    const h = tokenHash(token);
    const other = byHash.get(h);
    if (other !== undefined) return [other, token];
    byHash.set(h, token);
  }
  throw new Error('no colliding pair in the sample: choose another seed');
}

describe('token join (matchAll)', () => {
  it('gives exactly what find gives, for known, unknown, repeated and same-hash queries', () => {
    const [a, b] = collidingPair();
    expect(a).not.toBe(b);
    expect(tokenHash(a)).toBe(tokenHash(b));
    const tokens = [...randomTokens(5000, 3), a, b];
    const index = buildTokenIndex(tokens, () => undefined);
    const queries = [
      b, // its hash's first slot holds a: confirmed only by the full lookup
      ...tokens.slice(0, 3000).reverse(),
      a,
      tok(1), // unknown
      tokens[10] as string, // repeated: both occurrences find it
      b,
      `${(tokens[20] as string).slice(0, 64)}x`, // differs in the last character
    ];
    const found = index.matchAll(
      queries,
      Int32Array.from(queries, (q) => tokenHash(q)),
    );
    expect(Array.from(found)).toEqual(queries.map((q) => index.find(q)));
    expect(found[0]).toBe(tokens.length - 1);
    expect(Array.from(index.findAll(queries))).toEqual(Array.from(found));
  });

  it('reports duplicate tokens in index order with the first position, however the partitions fall', () => {
    const tokens = randomTokens(20_000, 11);
    const withDuplicates = [...tokens, tokens[19_000] as string, tokens[5] as string, tokens[7000] as string];
    const duplicates: [number, number][] = [];
    buildTokenIndex(withDuplicates, (i, first) => duplicates.push([i, first]));
    expect(duplicates).toEqual([
      [20_000, 19_000],
      [20_001, 5],
      [20_002, 7000],
    ]);
  });
});

describe('packed key sort', () => {
  it('orders by key then index, writing the keys in order; refuses keys that do not pack exactly', () => {
    const keyOf = Float64Array.from({ length: 50 }, (_, i) => (i * 7) % 5);
    const ids = Int32Array.from({ length: 50 }, (_, i) => 49 - i);
    const keys = new Float64Array(50);
    expect(sortByPackedKey(ids, keys, 0, 50, indexSlots(50), keyOf)).toBe(true);
    const expected = Array.from({ length: 50 }, (_, i) => i).sort(
      (x, y) => (keyOf[x] as number) - (keyOf[y] as number) || x - y,
    );
    expect(Array.from(ids)).toEqual(expected);
    expect(Array.from(keys)).toEqual(expected.map((i) => keyOf[i]));

    const untouched = Int32Array.from([2, 1, 0]);
    expect(sortByPackedKey(untouched, new Float64Array(3), 0, 3, 4, Float64Array.from([0.5, 1, 2]))).toBe(false);
    expect(sortByPackedKey(untouched, new Float64Array(3), 0, 3, 4, Float64Array.from([0, 2 ** 52, 1]))).toBe(false);
    expect(Array.from(untouched)).toEqual([2, 1, 0]);
  });

  it('sorts by a key read from the records then the criteria, as a comparator sort does', () => {
    const criteria = [...EDITIONS.isi2024.criteria, TOKEN_ORDER];
    const apps = Array.from({ length: 120 }, (_, i) =>
      application({
        token: tok(500 - i),
        registeredAtMs: i % 6 === 0 ? 1.7e12 + 0.5 : 1.7e12 + (i % 4), // a few fractional keys: comparator fallback
        registeredAtNanos: i % 3,
        requestedCents: (i % 2) * 100,
      }),
    );
    const compare = (x: number, y: number) => {
      for (const c of criteria) {
        const order = c.compare(apps[x] as never, apps[y] as never);
        if (order !== 0) return order;
      }
      return 0;
    };
    const key = (i: number) => (apps[i] as { registeredAtMs: number }).registeredAtMs;
    const expected = Int32Array.from(apps.keys());
    comparatorSort(expected, 0, expected.length, compare);
    const integral = Int32Array.from([...apps.keys()].filter((i) => i % 6 !== 0)).reverse();
    const integralExpected = integral.slice();
    comparatorSort(integralExpected, 0, integralExpected.length, compare);
    sortByKeyOf(integral, 0, integral.length, key, compare);
    expect(Array.from(integral)).toEqual(Array.from(integralExpected));
    const all = Int32Array.from(apps.keys()).reverse();
    sortByKeyOf(all, 0, all.length, key, compare);
    expect(Array.from(all)).toEqual(Array.from(expected));
  });
});
