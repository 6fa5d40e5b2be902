import fc from 'fast-check';
import { isToken, parseToken } from '#domain/kernel/token';

const hex64 = 'a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca';

describe('parseToken (R1)', () => {
  it.each([
    [`+${hex64}`, true],
    [`-${hex64}`, true],
    [`  +${hex64}\n`, true],
    [hex64, false],
    [`*${hex64}`, false],
    [`+${hex64.toUpperCase()}`, false],
    [`+${hex64}0`, false],
    [`+${hex64.slice(1)}`, false],
    [`+ ${hex64.slice(1)}`, false],
    ['', false],
  ])('given %j then ok is %s', (input, ok) => {
    expect(parseToken(input).ok).toBe(ok);
  });

  it('names the refused character and hints at lower case', () => {
    const r = parseToken(`+${hex64.slice(0, 63)}G`);
    expect(r).toEqual({ ok: false, message: expect.stringContaining('"G"') });
    const upper = parseToken(`+A${hex64.slice(1)}`);
    expect(upper.ok || upper.message).toContain('minuscolo');
  });

  it('accepts exactly the strings of the pattern (property)', () => {
    const hexChar = fc.constantFrom(...'0123456789abcdef');
    const valid = fc
      .tuple(fc.constantFrom('+', '-'), fc.array(hexChar, { minLength: 64, maxLength: 64 }))
      .map(([s, h]) => s + h.join(''));
    fc.assert(fc.property(valid, (t) => parseToken(t).ok && isToken(t)));
    fc.assert(fc.property(fc.string(), (s) => parseToken(s).ok === /^[+-][0-9a-f]{64}$/.test(s.trim())));
  });
});
