/**
 * Uniqueness (R6) under races, through the local gateway: N simultaneous registrations on one e-mail or one PEC,
 * and two enrolments verifying one phone at the same moment — exactly one wins, the others get the specific 409.
 */
import {
  codeFor,
  type ErrorBody,
  form,
  newSource,
  outbox,
  PASSWORD,
  post,
  seed,
  type Tokens,
  uniqueAddress,
  uniquePhone,
} from './accountsHelpers.ts';

const SCOPE = { region: 'Umbria', axis: '1.1' } as const;
const PEC = `gara.${Date.now().toString(36)}@pec.example.it`;
let seeded: Awaited<ReturnType<typeof seed>>;
const token = (i: number) => seeded.data[i]?.token as string;

beforeAll(async () => {
  seeded = await seed(SCOPE, [{ pec: PEC }, {}, {}, {}, {}, {}, {}, {}, {}]);
});
afterAll(() => seeded?.close());

const outcome = (r: { status: number; body: unknown }) => (r.status < 300 ? 'OK' : (r.body as ErrorBody).error.code);

test('given 6 simultaneous registrations of one e-mail on different tokens, one wins and 5 get EMAIL_TAKEN', async () => {
  const email = uniqueAddress('stessa');
  const results = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((i) => post('/participant/register', form(email, token(i)), newSource())),
  );
  expect(results.map(outcome).sort()).toEqual([
    'EMAIL_TAKEN',
    'EMAIL_TAKEN',
    'EMAIL_TAKEN',
    'EMAIL_TAKEN',
    'EMAIL_TAKEN',
    'OK',
  ]);
});

test('given 6 simultaneous administrator registrations of one PEC, one wins and 5 get PEC_TAKEN', async () => {
  const body = { pec: PEC, password: PASSWORD, confirmPassword: PASSWORD, firstName: 'Rita', lastName: 'Bruno' };
  const results = await Promise.all(Array.from({ length: 6 }, () => post('/admin/register', body, newSource())));
  expect(results.map(outcome).sort()).toEqual(['OK', 'PEC_TAKEN', 'PEC_TAKEN', 'PEC_TAKEN', 'PEC_TAKEN', 'PEC_TAKEN']);
});

test('given two enrolments verifying one phone at once, one gets the session and the other PHONE_TAKEN', async () => {
  const phone = uniquePhone();
  const people = [uniqueAddress('uno'), uniqueAddress('due')];
  const sessions: string[] = [];
  // Both register on tokens no other test here uses, confirm, log in and ask for the SMS code.
  for (const [i, email] of people.entries()) {
    const source = newSource();
    const t = token(7 + i);
    const registered = await post<ErrorBody>('/participant/register', form(email, t), source);
    expect(registered.status).toBe(201);
    await post('/participant/register/confirm', { email, code: await codeFor(email.toLowerCase()) }, source);
    const login = await post<{ session: string }>(
      '/auth/login',
      { portal: 'participant', email, password: PASSWORD },
      source,
    );
    sessions.push(login.body.session);
    expect(
      (await post('/auth/mfa/setup', { portal: 'participant', session: login.body.session, phone }, source)).status,
    ).toBe(200);
  }
  // One SMS per enrolment, newest first: the second enrolment's code is first.
  const second = await codeFor(phone, 2);
  const [, first] = await outbox(phone, 2);
  const results = await Promise.all([
    post<Tokens>('/auth/mfa', { portal: 'participant', session: sessions[0], code: first?.code }, newSource()),
    post<Tokens>('/auth/mfa', { portal: 'participant', session: sessions[1], code: second }, newSource()),
  ]);
  expect(results.map(outcome).sort()).toEqual(['OK', 'PHONE_TAKEN']);
});
