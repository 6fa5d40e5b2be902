import { EDITIONS, TOKEN_ORDER } from '#domain/lists/editions';
import { sortByKeyThenCriteria } from '#domain/lists/ranking/click-order';
import { buildTokenIndex } from '#domain/lists/ranking/token-index';
import { application, tok } from './lists/builders.ts';

describe('token index', () => {
  it('finds every token and only those, reporting duplicates with the first position', () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => tok(i * 7919, i % 2 ? '+' : '-'));
    const duplicates: [number, number][] = [];
    const index = buildTokenIndex([...tokens, tokens[42] as string], (i, first) => duplicates.push([i, first]));
    expect(tokens.map((t) => index.find(t))).toEqual(tokens.map((_, i) => i));
    expect(index.find(tok(1, '+'))).toBe(-1);
    expect(index.find('')).toBe(-1);
    const queries: string[] = [...tokens].reverse();
    queries.push(tok(1, '+'), '', tokens[7] as string);
    expect(Array.from(index.findAll(queries))).toEqual(queries.map((q) => index.find(q)));
    expect(index.findAll(queries)[0]).toBe(4999);
    expect(duplicates).toEqual([[5000, 42]]);
  });

  it('stays correct when tokens differ only in the middle (every sampled character equal)', () => {
    const middle = (i: number) => `+${'a'.repeat(8)}${i.toString(16).padStart(48, '0')}${'b'.repeat(8)}`;
    const tokens = Array.from({ length: 3000 }, (_, i) => middle(i));
    const duplicates: [number, number][] = [];
    const index = buildTokenIndex([...tokens, middle(7)], (i, first) => duplicates.push([i, first]));
    expect(tokens.map((t) => index.find(t))).toEqual(tokens.map((_, i) => i));
    expect(index.find(middle(3000))).toBe(-1);
    expect(Array.from(index.findAll([middle(3000), middle(5), middle(2999)]))).toEqual([-1, 5, 2999]);
    expect(duplicates).toEqual([[3000, 7]]);
  });

  it('falls back to exact string lookup when given strings that are not tokens', () => {
    const tokens = [tok(1), 'non-un-codice', tok(0xabc, '-'), tok(0xabc).toUpperCase()];
    const index = buildTokenIndex(tokens, () => undefined);
    expect(tokens.map((t) => index.find(t))).toEqual(tokens.map((_, i) => i));
    expect(index.find(tok(2))).toBe(-1);
  });

  it('tells + from - and a token from one differing only in its last digit', () => {
    const tokens = [tok(0x10, '+'), tok(0x10, '-'), tok(0x11, '+')];
    const index = buildTokenIndex(tokens, () => undefined);
    expect(tokens.map((t) => index.find(t))).toEqual(tokens.map((_, i) => i));
    expect(index.find(tok(0x11, '-'))).toBe(-1);
    expect(index.find(`${tok(0x10, '+').slice(0, 64)}g`)).toBe(-1);
  });
});

describe('click order sort', () => {
  const criteria = [...EDITIONS.isi2024.criteria, TOKEN_ORDER];
  const apps = Array.from({ length: 200 }, (_, i) =>
    application({ token: tok(1000 - i), requestedCents: (i % 3) * 10, registeredAtMs: i % 4 }),
  );

  function naive(members: number[], keys: Float64Array): number[] {
    return [...members].sort((a, b) => {
      const byKey = (keys[a] as number) - (keys[b] as number);
      if (byKey !== 0) return byKey;
      for (const c of criteria) {
        const order = c.compare(apps[a] as never, apps[b] as never);
        if (order !== 0) return order;
      }
      return 0;
    });
  }

  it.each([
    ['close arrivals (packed float64 sort)', (i: number) => 1.7e12 + (i % 13)],
    ['arrivals centuries apart (comparator fallback)', (i: number) => (i % 2 ? -8.64e15 : 8.64e15) + (i % 5)],
    ['all equal (one long run)', () => 0],
  ])('given %s then the same order as a naive sort', (_, arrival) => {
    const keys = new Float64Array(apps.length).map((_, i) => arrival(i));
    const members = Int32Array.from(apps.keys()).reverse();
    const expected = naive(Array.from(members), keys);
    sortByKeyThenCriteria(members, keys, apps, criteria);
    expect(Array.from(members)).toEqual(expected);
  });

  it.each(['isi2024', 'isi2012'] as const)(
    'given long runs of equal arrival and the first criterion key (%s) then the same order as a naive sort',
    (edition) => {
      const order = [...EDITIONS[edition].criteria, TOKEN_ORDER];
      const crowd = Array.from({ length: 300 }, (_, i) =>
        application({
          token: tok(5000 - i, i % 2 ? '+' : '-'),
          registeredAtMs: i % 7,
          registeredAtNanos: i % 2,
          requestedCents: (i % 5) * 100,
          projectCents: (i % 3) * 100,
          workers: i % 4,
          cciaaDate: i % 2 ? '2001-01-01' : '2000-06-30',
          legalityRating: i % 3 === 0,
        }),
      );
      const keys = new Float64Array(crowd.length).map((_, i) => i % 3); // three runs of 100
      const first = order[0]?.key as (a: (typeof crowd)[number]) => number;
      const firstKeys = Float64Array.from(crowd, (a) => first(a));
      const members = Int32Array.from(crowd.keys());
      const expected = Array.from(members).sort((a, b) => {
        const byKey = (keys[a] as number) - (keys[b] as number);
        if (byKey !== 0) return byKey;
        for (const c of order) {
          const o = c.compare(crowd[a] as never, crowd[b] as never);
          if (o !== 0) return o;
        }
        return 0;
      });
      sortByKeyThenCriteria(members, keys, crowd, order, () => firstKeys);
      expect(Array.from(members)).toEqual(expected);
    },
  );
});
