/** R22d's split: floor of P·w_i/Σw, leftover cents to the largest remainders, ties to the first; exact in BigInt. */
import { splitCents } from '#domain/lists/redistribution/split';

describe('splitCents', () => {
  it('splits exactly when the weights divide the amount', () => {
    expect(splitCents(30000, [1000, 2000])).toEqual([10000, 20000]);
  });

  it('gives the leftover cents to the largest fractional remainders', () => {
    // 100·1/3 = 33.33, 100·2/3 = 66.67 → floors 33 + 66 = 99, the cent left goes to the .67.
    expect(splitCents(100, [1, 2])).toEqual([33, 67]);
    // 38001 over 7:3:2:1 → 20462+1/13, 8769+6/13, 5846+4/13, 2923+2/13: one cent left, to the 6/13.
    expect(splitCents(38001, [70000, 30000, 20000, 10000])).toEqual([20462, 8770, 5846, 2923]);
  });

  it('breaks equal remainders in favour of the first weight (allocations-file order)', () => {
    expect(splitCents(1, [5, 5])).toEqual([1, 0]);
    expect(splitCents(2, [1, 1, 1])).toEqual([1, 1, 0]);
    // 5·3/8 = 1 + 7/8 twice, 5·1/8 = 0 + 5/8 twice: three cents left → both 7/8, then the first 5/8.
    expect(splitCents(5, [3, 1, 1, 3])).toEqual([2, 1, 0, 2]);
  });

  it('splits equally when every weight is 0', () => {
    expect(splitCents(10001, [0, 0])).toEqual([5001, 5000]);
    expect(splitCents(7, [0, 0, 0])).toEqual([3, 2, 2]);
  });

  it('spreads a negative amount with the same floor and tie rules, summing to it exactly', () => {
    // −4000·10000/12000 = −3333.33 → floor −3334 (remainder 8000), −4000·2000/12000 = −666.67 → −667 (4000):
    // one cent left to add, to the larger remainder.
    expect(splitCents(-4000, [10000, 2000])).toEqual([-3333, -667]);
  });

  it('is exact where floating point is not (products beyond 2^53)', () => {
    // Expected values from Python's integers; a float division gives 333333333333334 for the first share.
    const shares = splitCents(10 ** 15 + 1, [10 ** 15 + 3, 10 ** 15 + 7, 999_999_999_999_989]);
    expect(shares).toEqual([333333333333335, 333333333333336, 333333333333330]);
    expect(splitCents(Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER, 1])).toEqual([Number.MAX_SAFE_INTEGER - 1, 1]);
  });

  it('returns zeros for nothing to split, and refuses what it cannot split', () => {
    expect(splitCents(0, [3, 4])).toEqual([0, 0]);
    expect(splitCents(0, [])).toEqual([]);
    expect(() => splitCents(1, [])).toThrow(RangeError);
    expect(() => splitCents(1.5, [1])).toThrow(RangeError);
    expect(() => splitCents(1, [-1, 2])).toThrow(RangeError);
  });
});
