import fc from 'fast-check';
import { signFormId, verifyFormId } from '#domain/counter/form';
import {
  buildForm,
  buildPracticeForm,
  charactersAt,
  checkAnswers,
  checkPracticeAnswers,
  drawPositions,
  FORM_EXPIRED_MESSAGE,
  type FormField,
  type RandomSource,
  SEND_FORM_CLOCK_SKEW_MS,
  SEND_FORM_FIELD_LENGTH,
  SEND_FORM_FIELDS,
  SEND_FORM_MAX_AGE_MS,
  WRONG_ANSWER_MESSAGE,
} from '#domain/counter/form';
import { TOKEN_PATTERN } from '#domain/kernel/token';

const SECRET = 'test-secret-of-at-least-thirty-two-bytes!';
const TOKEN = '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca';
const T0 = Date.UTC(2026, 9, 26, 10, 0, 0);
const ACCOUNT = 'acc-1';
const SESSION = 'sess-1';

/** A deterministic source from a list of numbers, for repeatable draws. */
const seeded = (values: readonly number[]): RandomSource => {
  let i = 0;
  return (n) => {
    const v = values[i % values.length] ?? 0;
    i += 1;
    return v % n;
  };
};
const answersFor = (fields: FormField[], code = TOKEN): Record<string, string> =>
  Object.fromEntries(fields.map((f) => [f.name, charactersAt(code, f.positions)]));
const check = (
  formId: string,
  answers: Record<string, unknown>,
  overrides: Partial<{
    token: string;
    account: string;
    session: string;
    now: number;
    secret: string;
    maxAge: number;
  }> = {},
) =>
  checkAnswers(
    verifyFormId(formId, overrides.secret ?? SECRET),
    answers,
    overrides.token ?? TOKEN,
    { sub: overrides.account ?? ACCOUNT, sessionId: overrides.session ?? SESSION },
    overrides.now ?? T0,
    overrides.maxAge ?? SEND_FORM_MAX_AGE_MS,
  );

describe('buildForm (R14)', () => {
  it('asks for 2 fields of 4 token characters, named and labelled in Italian', () => {
    const form = buildForm(ACCOUNT, SESSION, T0, SECRET, () => 0);
    expect(form.fields).toEqual([
      { name: 'parte1', label: 'Caratteri 2, 3, 4, 5 del codice identificativo', length: 4, positions: [2, 3, 4, 5] },
      { name: 'parte2', label: 'Caratteri 6, 7, 8, 9 del codice identificativo', length: 4, positions: [6, 7, 8, 9] },
    ]);
    expect(form.formId).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('draws with the cryptographic source by default: two forms differ', () => {
    const a = buildForm(ACCOUNT, SESSION, T0, SECRET);
    const b = buildForm(ACCOUNT, SESSION, T0, SECRET);
    expect(a.fields.map((f) => f.positions)).not.toEqual(b.fields.map((f) => f.positions));
  });

  it('carries account, session, positions and issue time in the signed formId', () => {
    const form = buildForm(ACCOUNT, SESSION, T0, SECRET);
    expect(verifyFormId(form.formId, SECRET)).toEqual({
      accountId: ACCOUNT,
      sessionId: SESSION,
      positions: form.fields.map((f) => f.positions),
      issuedAt: T0,
    });
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => buildForm(ACCOUNT, SESSION, T0, 'short')).toThrow('at least 32 bytes');
  });
});

describe('checkAnswers', () => {
  const form = buildForm(ACCOUNT, SESSION, T0, SECRET, seeded([5, 17, 31, 50, 2, 40, 9, 23]));
  const right = answersFor(form.fields);

  it('accepts the right characters, trimmed of surrounding whitespace only', () => {
    expect(check(form.formId, right)).toEqual({ ok: true });
    const padded = Object.fromEntries(Object.entries(right).map(([k, v]) => [k, ` \t${v}\n`]));
    expect(check(form.formId, padded)).toEqual({ ok: true });
    expect(check(form.formId, { ...right, extra: 'ignored' })).toEqual({ ok: true });
  });

  it.each([
    ['an inner space', (v: string) => `${v.slice(0, 2)} ${v.slice(2)}`],
    ['upper case', (v: string) => v.toUpperCase()],
    ['one character missing', (v: string) => v.slice(1)],
    ['one character more', (v: string) => `${v}0`],
    ['the characters reversed', (v: string) => [...v].reverse().join('')],
    ['empty', () => ''],
  ])('given %s in the first field then it is WRONG_ANSWER', (_, change) => {
    const first = form.fields[0]?.name as string;
    const changed = change(right[first] as string);
    expect(changed).not.toBe(right[first]); // the fixed draw above has letters and no palindrome
    expect(check(form.formId, { ...right, [first]: changed })).toEqual({
      ok: false,
      code: 'WRONG_ANSWER',
      message: WRONG_ANSWER_MESSAGE,
      // Which field is wrong is said (the portal names its positions): only the first.
      wrong: [form.fields[0]],
    });
  });

  it('treats a missing or non-text answer as wrong', () => {
    const [first, second] = form.fields.map((f) => f.name) as [string, string];
    expect(check(form.formId, { [first]: right[first] })).toMatchObject({ code: 'WRONG_ANSWER' });
    expect(check(form.formId, { ...right, [second]: 1234 })).toMatchObject({ code: 'WRONG_ANSWER' });
    expect(check(form.formId, {})).toMatchObject({ code: 'WRONG_ANSWER' });
  });

  it.each([
    ['another account', { account: 'acc-2' }],
    ['another session', { session: 'sess-2' }],
    ['another secret', { secret: 'another-secret-of-at-least-thirty-two-bytes' }],
    ['a form older than the limit', { now: T0 + SEND_FORM_MAX_AGE_MS + 1 }],
    ['a shorter limit', { now: T0 + 1001, maxAge: 1000 }],
    ['a form from the future', { now: T0 - SEND_FORM_CLOCK_SKEW_MS - 1 }],
  ])('given %s then it is FORM_EXPIRED', (_, overrides) => {
    expect(check(form.formId, right, overrides)).toEqual({
      ok: false,
      code: 'FORM_EXPIRED',
      message: FORM_EXPIRED_MESSAGE,
    });
  });

  it('accepts a form exactly at the age limit and within the clock skew', () => {
    expect(check(form.formId, right, { now: T0 + SEND_FORM_MAX_AGE_MS })).toEqual({ ok: true });
    expect(check(form.formId, right, { now: T0 - SEND_FORM_CLOCK_SKEW_MS })).toEqual({ ok: true });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'no signature'],
    ['a.b.c', 'three parts'],
    ['!!!.???', 'not base64url'],
    [`${'A'.repeat(3000)}.x`, 'oversized'],
  ])('given the formId %j (%s) then it is FORM_EXPIRED', (formId) => {
    expect(check(formId, right)).toMatchObject({ code: 'FORM_EXPIRED' });
  });

  it('refuses a payload edited to ask for other positions, or a signature edited', () => {
    const [payload, signature] = form.formId.split('.') as [string, string];
    const wire = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(
      JSON.stringify({
        ...wire,
        p: [
          [2, 3, 4, 5],
          [6, 7, 8, 9],
        ],
      }),
    ).toString('base64url');
    expect(
      check(
        `${forged}.${signature}`,
        answersFor([
          { name: 'parte1', label: '', length: 4, positions: [2, 3, 4, 5] },
          { name: 'parte2', label: '', length: 4, positions: [6, 7, 8, 9] },
        ]),
      ),
    ).toMatchObject({ code: 'FORM_EXPIRED' });
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(check(`${payload}.${flipped}`, right)).toMatchObject({ code: 'FORM_EXPIRED' });
  });

  it('refuses an authentic formId whose shape is not the current one (e.g. the sign position)', () => {
    const odd = signFormId(
      {
        accountId: ACCOUNT,
        sessionId: SESSION,
        positions: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        issuedAt: T0,
      },
      SECRET,
    );
    const answers = { parte1: charactersAt(TOKEN, [1, 2, 3, 4]), parte2: charactersAt(TOKEN, [5, 6, 7, 8]) };
    expect(check(odd, answers)).toMatchObject({ code: 'FORM_EXPIRED' });
  });
});

describe('send form (property)', () => {
  const random = fc.array(fc.nat(), { minLength: 8, maxLength: 8 }).map((values) => seeded(values));
  const token = fc
    .tuple(
      fc.constantFrom('+', '-'),
      fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 }),
    )
    .map(([s, h]) => s + h.join(''));
  const id = fc.string({ minLength: 1, maxLength: 40 });

  it('gives every form the same shape: 2 × 4 distinct positions in 2..65, increasing within a field', () => {
    fc.assert(
      fc.property(random, (r) => {
        const positions = drawPositions(r);
        expect(positions.map((p) => p.length)).toEqual(Array(SEND_FORM_FIELDS).fill(SEND_FORM_FIELD_LENGTH));
        const flat = positions.flat();
        expect(new Set(flat).size).toBe(flat.length);
        expect(flat.every((x) => x >= 2 && x <= 65)).toBe(true);
        for (const p of positions) expect(p).toEqual([...p].sort((a, b) => a - b));
      }),
    );
  });

  it('accepts the right answers for any token, account and session', () => {
    fc.assert(
      fc.property(random, token, id, id, (r, t, account, session) => {
        const form = buildForm(account, session, T0, SECRET, r);
        expect(
          checkAnswers(
            verifyFormId(form.formId, SECRET),
            answersFor(form.fields, t),
            t,
            { sub: account, sessionId: session },
            T0,
            1000,
          ),
        ).toEqual({
          ok: true,
        });
      }),
    );
  });

  it('refuses any single changed character', () => {
    fc.assert(
      fc.property(random, token, fc.nat(), fc.constantFrom(...'0123456789abcdef+-X '), (r, t, at, c) => {
        const form = buildForm(ACCOUNT, SESSION, T0, SECRET, r);
        const answers = answersFor(form.fields, t);
        const field = form.fields[at % SEND_FORM_FIELDS] as FormField;
        const value = answers[field.name] as string;
        const i = Math.floor(at / SEND_FORM_FIELDS) % SEND_FORM_FIELD_LENGTH;
        fc.pre(value[i] !== c);
        answers[field.name] = value.slice(0, i) + c + value.slice(i + 1);
        expect(
          checkAnswers(verifyFormId(form.formId, SECRET), answers, t, { sub: ACCOUNT, sessionId: SESSION }, T0, 1000),
        ).toMatchObject({
          code: 'WRONG_ANSWER',
        });
      }),
    );
  });

  it('refuses a formId from another session or account, even with the right answers', () => {
    fc.assert(
      fc.property(random, token, id, id, (r, t, session, other) => {
        fc.pre(session !== other);
        const form = buildForm(ACCOUNT, session, T0, SECRET, r);
        const answers = answersFor(form.fields, t);
        expect(
          checkAnswers(verifyFormId(form.formId, SECRET), answers, t, { sub: ACCOUNT, sessionId: other }, T0, 1000),
        ).toMatchObject({
          code: 'FORM_EXPIRED',
        });
        expect(
          checkAnswers(verifyFormId(form.formId, SECRET), answers, t, { sub: other, sessionId: session }, T0, 1000),
        ).toMatchObject({
          code: 'FORM_EXPIRED',
        });
      }),
    );
  });
});

describe('practice form (R3)', () => {
  it("has the real form's shape with other names and text, and a sample code to copy from", () => {
    const practice = buildPracticeForm();
    const real = buildForm(ACCOUNT, SESSION, T0, SECRET);
    expect(practice.practice).toBe(true);
    expect(practice.title).toContain('prova');
    expect(practice.sampleCode).toMatch(TOKEN_PATTERN);
    expect(practice.fields.map((f) => f.length)).toEqual(real.fields.map((f) => f.length));
    expect(practice.fields.map((f) => f.positions.length)).toEqual(real.fields.map((f) => f.positions.length));
    for (const [i, f] of practice.fields.entries()) {
      expect(f.name).not.toBe(real.fields[i]?.name);
      expect(f.label).toMatch(/^Prova: caratteri \d+, \d+, \d+, \d+ del codice di esempio$/);
    }
  });

  it('checks practice answers against the sample code', () => {
    const practice = buildPracticeForm(seeded([3, 1, 4, 1, 5, 9, 2, 6]));
    const answers = answersFor(practice.fields, practice.sampleCode);
    expect(checkPracticeAnswers(practice, answers)).toEqual({ ok: true });
    const first = practice.fields[0]?.name as string;
    const wrong = { ...answers, [first]: (answers[first] as string).replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    expect(checkPracticeAnswers(practice, wrong)).toMatchObject({ ok: false, code: 'WRONG_ANSWER' });
  });
});
