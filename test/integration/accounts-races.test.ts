/**
 * Uniqueness (R6) under races, through the local gateway: N simultaneous registrations on one e-mail or one PEC,
 * and two enrolments verifying one phone at the same moment — exactly one wins, the others get the specific 409.
 * Last, the R11 overlap evidence of a second login in the waiting room (it moves this file's timetable to M4).
 */

import { DynamoAudit } from '#adapters/dynamodb/audit';
import { buildClients } from '#adapters/clients';
import { tableNames } from '#http/env';
import {
  codeFor,
  type ErrorBody,
  form,
  get,
  newSource,
  codesSent,
  PASSWORD,
  participantWithSession,
  post,
  seed,
  type Tokens,
  uniqueAddress,
  uniquePhone,
} from './accounts-helpers.ts';

const SCOPE = { region: 'Umbria', axis: '1.1' } as const;
const PEC = `gara.${Date.now().toString(36)}@pec.example.it`;
let seeded: Awaited<ReturnType<typeof seed>>;
const token = (i: number) => seeded.data[i]?.token as string;

beforeAll(async () => {
  // 0: the PEC's company; 1–6: the e-mail race; 7–8: the phone race; 9: the overlap.
  seeded = await seed(SCOPE, [{ pec: PEC }, {}, {}, {}, {}, {}, {}, {}, {}, {}]);
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
  const [, first] = await codesSent(phone, 2);
  const results = await Promise.all([
    post<Tokens>('/auth/mfa', { portal: 'participant', session: sessions[0], code: first?.code }, newSource()),
    post<Tokens>('/auth/mfa', { portal: 'participant', session: sessions[1], code: second }, newSource()),
  ]);
  expect(results.map(outcome).sort()).toEqual(['OK', 'PHONE_TAKEN']);
});

test('a login in the waiting room while the previous session was just used is recorded as overlap evidence', async () => {
  const source = newSource();
  const email = uniqueAddress('sovrapposta');
  const phone = uniquePhone();
  const first = await participantWithSession(email, token(9), phone, source);
  expect((await get('/me', source, first.accessToken)).status).toBe(200); // the first session is in use
  // Now [M4, M5) for this region × axis: the waiting room.
  const now = Date.now();
  const moments = { m1: now - 5e6, m2: now - 4e6, m3: now - 3e6, m4: now - 60_000, m5: now + 3_600_000, m6: now + 7e6 };
  await seeded.config.setTimetable(SCOPE, { moments, registrationCloses: moments.m4 });
  const other = newSource();
  const login = await post<{ session: string }>(
    '/auth/login',
    { portal: 'participant', email, password: PASSWORD },
    other,
  );
  const second = await post(
    '/auth/mfa',
    { portal: 'participant', session: login.body.session, code: await codeFor(phone, 2) },
    other,
  );
  expect(second.status).toBe(200);
  const { documents } = buildClients();
  const evidence = await new DynamoAudit(documents, tableNames(['audit']).audit).listEvidence();
  const mine = evidence.filter((e) => e.kind === 'SESSION_OVERLAP' && e.actor === email.toLowerCase());
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({
    subject: token(9),
    data: { previous: { sourceIp: source }, current: { sourceIp: other } },
  });
});
