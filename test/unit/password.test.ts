import fc from 'fast-check';
import {
  checkPassword,
  describeCharacter,
  firstPasswordProblem,
  PASSWORD_RULES,
  PASSWORD_SPECIAL_CHARACTERS,
  type PasswordRule,
  passwordProblems,
} from '#domain/accounts/password';

const rulesOf = (pw: string, confirm = pw): PasswordRule[] => passwordProblems(pw, confirm).map((p) => p.rule);

describe('passwordProblems (R7)', () => {
  it('knows exactly the 29 special characters of seed 002', () => {
    expect([...PASSWORD_SPECIAL_CHARACTERS].sort().join(' ')).toBe(
      [...'@#$%^&*-_+=[]{}|\\:\',?/`~"();.'].sort().join(' '),
    );
    expect(new Set(PASSWORD_SPECIAL_CHARACTERS).size).toBe(29);
  });

  it.each([
    ['Abcdefg1', []],
    ['abcdefg1@', []],
    ['ABCDEFG1@', []],
    ['Abcdefgh@', []],
    ['abc@1234', []],
    ['Aa1@Aa1@Aa1@Aa1@', []],
    ['Abcdef1', ['LENGTH']],
    ['Aa1@Aa1@Aa1@Aa1@x', ['LENGTH']],
    ['', ['LENGTH', 'CLASSES']],
    ['abcdefgh', ['CLASSES']],
    ['abcdefg1', ['CLASSES']],
    ['ABCDEFGH', ['CLASSES']],
    ['12345678', ['CLASSES']],
    ['@@@@@@@@', ['CLASSES']],
    ['Abcdefg 1', ['CHARACTERS']],
    ['Abcdefg!1', ['CHARACTERS']],
    ['Abcdefg<1', ['CHARACTERS']],
    ['Abcdéfg1', ['CHARACTERS']],
    ['Abcdefg€1', ['CHARACTERS']],
    ['é', ['LENGTH', 'CLASSES', 'CHARACTERS']],
  ])('given %j then the broken rules are %j', (pw, rules) => {
    expect(rulesOf(pw)).toEqual(rules);
  });

  it.each([...PASSWORD_SPECIAL_CHARACTERS])('accepts the special character %s as a class', (c) => {
    // lower + digit is two classes; the special character makes the third.
    expect(rulesOf('abcdefg1')).toEqual(['CLASSES']);
    expect(rulesOf(`abcdefg${c}1`)).toEqual([]);
    expect(rulesOf(`ABCDEFG${c}`)).toEqual(['CLASSES']);
    expect(rulesOf(`Abcdefg${c}`)).toEqual([]);
  });

  it('counts code points, not UTF-16 units', () => {
    // 7 characters, 8 UTF-16 units: too short, and the emoji is refused by its picture.
    const pw = 'Abc1@x😀';
    expect(pw.length).toBe(8);
    const problems = passwordProblems(pw, pw);
    expect(problems.map((p) => p.rule)).toEqual(['LENGTH', 'CHARACTERS']);
    expect(problems[0]?.message).toBe('La password deve avere da 8 a 16 caratteri: ne ha 7.');
    expect(problems[1]?.message).toBe('La password contiene un carattere non ammesso: "😀".');
  });

  it.each([
    ['Abcdefg 1', 'La password contiene un carattere non ammesso: spazio.'],
    ['Abcdéfg1', 'La password contiene un carattere non ammesso: "é".'],
    ['Ab!cd<e1!', 'La password contiene caratteri non ammessi: "!", "<".'],
    ['Abcde\u0301fg1', 'La password contiene un carattere non ammesso: il carattere invisibile U+0301.'],
    ['Abc\u200Bdefg1', 'La password contiene un carattere non ammesso: il carattere invisibile U+200B.'],
    ['Abc\tdefg1', 'La password contiene un carattere non ammesso: tabulazione.'],
  ])('given %j then the refused characters are named: %s', (pw, message) => {
    expect(passwordProblems(pw, pw).find((p) => p.rule === 'CHARACTERS')?.message).toBe(message);
  });

  it('reports a confirmation that differs, together with every other broken rule', () => {
    expect(rulesOf('Abcdefg1', 'Abcdefg2')).toEqual(['CONFIRMATION']);
    expect(rulesOf('abc', 'abd')).toEqual(['LENGTH', 'CLASSES', 'CONFIRMATION']);
    // No trimming and no normalisation: a trailing space or another composition is a different password.
    expect(rulesOf('Abcdefg1', 'Abcdefg1 ')).toEqual(['CONFIRMATION']);
  });

  it('combines or picks the messages', () => {
    expect(checkPassword('Abcdefg1', 'Abcdefg1')).toEqual({ ok: true });
    const r = checkPassword('abc', 'abd');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(3);
    expect(r.message).toBe(r.problems.map((p) => p.message).join(' '));
    expect(firstPasswordProblem('abc', 'abd')).toBe(r.problems[0]?.message);
    expect(firstPasswordProblem('Abcdefg1', 'Abcdefg1')).toBeUndefined();
  });

  it('lists every rule for the portals, with one problem message per rule', () => {
    expect(PASSWORD_RULES.map((r) => r.rule)).toEqual(['LENGTH', 'CLASSES', 'CHARACTERS', 'CONFIRMATION']);
    expect(describeCharacter(' ')).toBe('spazio');
  });
});

describe('passwordProblems combined rules (property)', () => {
  const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
  const digit = fc.constantFrom(...'0123456789');
  const special = fc.constantFrom(...PASSWORD_SPECIAL_CHARACTERS);
  const allowed = fc.oneof(upper, lower, digit, special);
  const classCount = (pw: string): number =>
    [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;

  it('accepts a password of allowed characters iff its length and classes are right', () => {
    fc.assert(
      fc.property(fc.array(allowed, { maxLength: 20 }), (chars) => {
        const pw = chars.join('');
        const expectedOk = chars.length >= 8 && chars.length <= 16 && classCount(pw) >= 3;
        expect(passwordProblems(pw, pw).length === 0).toBe(expectedOk);
      }),
    );
  });

  it('refuses every character outside the four classes, naming it', () => {
    const outsider = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
      .map((g) => [...g][0] as string)
      .filter((c) => !/^[A-Za-z0-9]$/.test(c) && !PASSWORD_SPECIAL_CHARACTERS.includes(c));
    fc.assert(
      fc.property(outsider, fc.nat(8), (c, at) => {
        const base = [...'Abcdefg1'];
        base.splice(at, 0, c);
        const pw = base.join('');
        const problem = passwordProblems(pw, pw).find((p) => p.rule === 'CHARACTERS');
        expect(problem?.message).toContain(describeCharacter(c));
      }),
    );
  });

  it('reports the confirmation rule iff the two strings differ', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (pw, confirm) => {
        expect(rulesOf(pw, confirm).includes('CONFIRMATION')).toBe(pw !== confirm);
      }),
    );
  });
});
