import { formatEuros, parseEuros } from '#domain/kernel/money';

describe('money: decimal euros ↔ integer cents without floating point', () => {
  it.each([
    ['0', 0],
    ['0.29', 29],
    ['0.3', 30],
    ['1234', 123_400],
    ['1234.5', 123_450],
    ['1234.56', 123_456],
    ['007.10', 710],
    ['9999999999999.99', 999_999_999_999_999],
  ])('given %j when parsed then it is %d cents', (text, cents) => {
    expect(parseEuros(text)).toEqual({ ok: true, cents });
  });

  it.each(['', '.5', '5.', '1.234', '-1', '+1', '1,50', '1 000', '1,000.00', '1e3', ' 1', '1 ', 'abc', '0x10'])(
    'given %j when parsed then it is refused with an Italian message',
    (text) => {
      const result = parseEuros(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/importo non valido/);
    },
  );

  it('refuses amounts a safe integer of cents cannot hold', () => {
    expect(parseEuros('99999999999999.00')).toEqual({ ok: false, message: expect.stringMatching(/troppo grande/) });
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [29, '0.29'],
    [100, '1.00'],
    [123_456, '1234.56'],
    [999_999_999_999_999, '9999999999999.99'],
  ])('given %d cents when printed then %j', (cents, text) => {
    expect(formatEuros(cents)).toBe(text);
    expect(text).toMatch(/^\d+\.\d{2}$/);
  });

  it('round-trips every cent value of a range', () => {
    for (let cents = 0; cents < 20_000; cents += 7) expect(parseEuros(formatEuros(cents))).toEqual({ ok: true, cents });
  });

  it('refuses to print what is not a non-negative integer of cents', () => {
    expect(() => formatEuros(-1)).toThrow(RangeError);
    expect(() => formatEuros(1.5)).toThrow(RangeError);
  });
});
