import { practiceFormFor, sendFormFor } from '#domain/counter/serve-form';
import { receiptOf } from '#domain/counter/receipt';
import { ALREADY_SENT_MESSAGE, SENDS_PER_ACCOUNT, SENDS_PER_SOURCE, SentReceipts } from '#domain/counter/send';
import { sendApplication } from '../support/routes.ts';
import { Unavailable } from '#domain/kernel/unavailable';
import { charactersAt, type FormField, SEND_FORM_FIELD_LENGTH, SEND_FORM_FIELDS } from '#domain/counter/form';
import { toApiError } from '#http/errors';
import { boundApplication, callerOf, M, SESSION, SUB, TIMETABLE, type World, world } from './counter-fakes.ts';

const me = callerOf(SUB);
const at = (ms: number, sourceIp = '203.0.113.7') => ({ atMs: ms, sourceIp });
const OPEN = M.m5 + 1_234;
const answersFor = (fields: FormField[], token: string) =>
  Object.fromEntries(fields.map((f) => [f.name, charactersAt(token, f.positions)]));

/** The error a promise rejects with, as the HTTP layer will answer it. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a refusal');
  const api = toApiError(error);
  const body: Record<string, unknown> = api.toBody().error;
  return { status: api.statusCode, ...body, retryAfter: api.retryAfterSeconds, error } as Record<string, unknown>;
}

async function validSend(w: World, token: string, when = OPEN, who = me, sourceIp?: string) {
  const form = await sendFormFor(who, at(when), w);
  return sendApplication(who, { formId: form.formId, answers: answersFor(form.fields, token) }, at(when, sourceIp), w);
}

describe('GET /sportello/form', () => {
  it('given the counter is open, when the participant asks, then the form asks for characters of their own token', async () => {
    const app = boundApplication();
    const form = await sendFormFor(me, at(OPEN), world([app]));
    expect(form.fields).toHaveLength(SEND_FORM_FIELDS);
    for (const field of form.fields) {
      expect(field.length).toBe(SEND_FORM_FIELD_LENGTH);
      expect(field.positions).toHaveLength(SEND_FORM_FIELD_LENGTH);
      expect(field.label).toBe(`Caratteri ${field.positions.join(', ')} del codice identificativo`);
    }
    expect(form.formId).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['before M4', M.m4 - 1, 'PRE_COUNTER'],
    ['in the waiting room, one millisecond before M5', M.m5 - 1, 'WAITING_ROOM'],
    ['at M6', M.m6, 'CLOSED'],
  ])('given %s, then PHASE_CLOSED with the phase', async (_, when, phase) => {
    const r = await refusal(sendFormFor(me, at(when), world([boundApplication()])));
    expect(r).toMatchObject({ status: 403, code: 'PHASE_CLOSED', phase });
  });

  it('opens at exactly M5 (half-open intervals)', async () => {
    await expect(sendFormFor(me, at(M.m5), world([boundApplication()]))).resolves.toHaveProperty('formId');
  });

  it("uses the timetable of the application's region and axis over the global one (R2b)", async () => {
    const later = { moments: { ...M, m5: M.m5 + 3_600_000, m6: M.m6 + 3_600_000 }, registrationCloses: M.m4 };
    const w = world(
      [boundApplication({ region: 'Molise', axis: '3' })],
      new Map([
        ['GLOBAL', TIMETABLE],
        ['REGION#Molise#AXIS#3', later],
      ]),
    );
    expect(await refusal(sendFormFor(me, at(OPEN), w))).toMatchObject({ code: 'PHASE_CLOSED', phase: 'WAITING_ROOM' });
    await expect(sendFormFor(me, at(M.m5 + 3_600_000), w)).resolves.toHaveProperty('formId');
  });

  it('refuses an account that holds no token with FORBIDDEN', async () => {
    const r = await refusal(sendFormFor(me, at(OPEN), world([boundApplication({ participant: undefined })])));
    expect(r).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

describe('GET /sportello/test-form', () => {
  it('before M4 gives a practice form of the same shape as the real one, with other names and text', async () => {
    const w = world([boundApplication()]);
    const practice = await practiceFormFor(me, at(M.m4 - 1), w);
    const real = await sendFormFor(me, at(OPEN), w);
    expect(Object.keys(practice)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(practice.fields.map((f) => f.length)).toEqual(real.fields.map((f) => f.length));
    expect(practice.fields.map((f) => f.name)).not.toEqual(real.fields.map((f) => f.name));
    expect(practice.fields[0]?.label).toMatch(/^Prova: /);
    expect(practice.formId.length).toBeGreaterThan(0);
  });

  it('from M4 on is closed', async () => {
    const r = await refusal(practiceFormFor(me, at(M.m4), world([boundApplication()])));
    expect(r).toMatchObject({ code: 'PHASE_CLOSED', phase: 'WAITING_ROOM' });
  });

  it('a practice formId can never be sent (another session)', async () => {
    const app = boundApplication();
    const w = world([app]);
    const practice = await practiceFormFor(me, at(M.m4 - 1), w);
    const answers = Object.fromEntries(
      practice.fields.map((f, i) => [`parte${i + 1}`, charactersAt(app.token, f.positions)]),
    );
    const r = await refusal(sendApplication(me, { formId: practice.formId, answers }, at(OPEN), w));
    expect(r).toMatchObject({ status: 422, code: 'FORM_EXPIRED' });
    expect(w.ledger.records.size).toBe(0);
  });
});

describe('POST /sportello/send', () => {
  it('records the first valid send once, at the platform arrival instant, signed, and announces it', async () => {
    const app = boundApplication();
    const w = world([app]);
    const result = await validSend(w, app.token);
    expect(result).toEqual({
      firstSend: true,
      receipt: {
        receiptId: 'R-1',
        token: app.token,
        arrivalTime: new Date(OPEN).toISOString(),
        firstSend: true,
        signature: `jws(R-1,${app.token},${new Date(OPEN).toISOString()})`,
        signatureStatus: 'SIGNED',
      },
    });
    expect(w.ledger.records.get(app.token)).toMatchObject({
      participantSub: SUB,
      sessionId: SESSION,
      region: 'Lazio',
      axis: '2',
    });
    expect(w.fakeEvents.published.map((e) => e.token)).toEqual([app.token]);
  });

  it('answers every later send with the original receipt and the message, never a second record or time', async () => {
    const app = boundApplication();
    const w = world([app]);
    const first = await validSend(w, app.token);
    const later = await validSend(w, app.token, OPEN + 5_000);
    expect(later).toEqual({
      firstSend: false,
      receipt: { ...first.receipt, firstSend: false },
      message: ALREADY_SENT_MESSAGE,
    });
    expect(w.ledger.records.size).toBe(1);
    expect(w.fakeSigner.signed).toHaveLength(1);
  });

  it('a replay answered by another function instance reads the original record; in the same instance, nothing', async () => {
    const app = boundApplication();
    const w = world([app]);
    const first = await validSend(w, app.token);
    const reads: string[] = [];
    const ledgerGet = w.ledger.get.bind(w.ledger);
    w.sends = {
      ...w.ledger,
      recordFirst: w.ledger.recordFirst.bind(w.ledger),
      listAll: w.ledger.listAll.bind(w.ledger),
      get: (t) => {
        reads.push(t);
        return ledgerGet(t);
      },
    };
    const forSend = w.reads.forSend;
    w.reads = {
      ...w.reads,
      forSend: (bound, sub, atMs) => {
        reads.push(`app:${bound.token}`);
        return forSend(bound, sub, atMs);
      },
    };
    expect((await sendApplication(me, {}, at(OPEN + 1), w)).receipt.receiptId).toBe(first.receipt.receiptId);
    expect(reads).toEqual([]);
    const other = { ...w, sent: new SentReceipts() };
    const replayed = await sendApplication(me, {}, at(OPEN + 2), other);
    expect(replayed).toMatchObject({
      firstSend: false,
      receipt: { receiptId: first.receipt.receiptId, arrivalTime: first.receipt.arrivalTime },
    });
    expect(reads).toEqual([`app:${app.token}`, app.token]);
  });

  it('replays before any other check: after M6, with a broken body, beyond the rate limit', async () => {
    const app = boundApplication();
    const w = world([app]);
    const first = await validSend(w, app.token);
    for (let i = 0; i < SENDS_PER_ACCOUNT + 5; i++) {
      const later = await sendApplication(me, { nonsense: true }, at(M.m6 + 1), w);
      expect(later).toMatchObject({ firstSend: false, receipt: { arrivalTime: first.receipt.arrivalTime } });
    }
  });

  it('refuses wrong answers with WRONG_ANSWER and records nothing', async () => {
    const app = boundApplication();
    const w = world([app]);
    const form = await sendFormFor(me, at(OPEN), w);
    const answers = Object.fromEntries(form.fields.map((f) => [f.name, 'zzzz']));
    const r = await refusal(sendApplication(me, { formId: form.formId, answers }, at(OPEN), w));
    expect(r).toMatchObject({ status: 422, code: 'WRONG_ANSWER' });
    expect(w.ledger.records.size).toBe(0);
  });

  it('refuses a form of another session with FORM_EXPIRED', async () => {
    const app = boundApplication();
    const w = world([app]);
    // A form fetched in an earlier session, sent after logging in again (a new session and a new token).
    w.fakeSessions.set(SUB, { sessionId: 'older-session', tokenIds: ['jti-older'] });
    const form = await sendFormFor(callerOf(SUB, 'jti-older'), at(OPEN), w);
    w.fakeSessions.set(SUB, {});
    const r = await refusal(
      sendApplication(me, { formId: form.formId, answers: answersFor(form.fields, app.token) }, at(OPEN), w),
    );
    expect(r).toMatchObject({ status: 422, code: 'FORM_EXPIRED' });
  });

  it('refuses before M5 and from M6 with PHASE_CLOSED', async () => {
    const app = boundApplication();
    const w = world([app]);
    const form = await sendFormFor(me, at(OPEN), w);
    const body = { formId: form.formId, answers: answersFor(form.fields, app.token) };
    expect(await refusal(sendApplication(me, body, at(M.m5 - 1), w))).toMatchObject({
      code: 'PHASE_CLOSED',
      phase: 'WAITING_ROOM',
    });
    expect(await refusal(sendApplication(me, body, at(M.m6), w))).toMatchObject({
      code: 'PHASE_CLOSED',
      phase: 'CLOSED',
    });
    expect(w.ledger.records.size).toBe(0);
  });

  it('refuses an annulled application and one of an NCD list with TOKEN_CONSUMED', async () => {
    const annulled = boundApplication({
      annulment: { reason: 'sessioni concorrenti', annulledAt: '2026-10-20T10:00:00Z' },
    });
    expect(await refusal(validSend(world([annulled]), annulled.token))).toMatchObject({
      status: 410,
      code: 'TOKEN_CONSUMED',
    });
    const app = boundApplication({ region: 'Toscana', axis: '5.1' });
    const w = world([app]);
    // The whole list requests no more than its allocation (R17c).
    w.allocations.set('Toscana#5.1', app.requestedCents);
    const r = await refusal(validSend(w, app.token));
    expect(r).toMatchObject({ status: 410, code: 'TOKEN_CONSUMED' });
    expect(String(r.message)).toMatch(/NCD/);
  });

  it('refuses a malformed body with VALIDATION and the fields', async () => {
    const w = world([boundApplication()]);
    const r = await refusal(sendApplication(me, { formId: 7 }, at(OPEN), w));
    expect(r).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect((r.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['answers', 'formId']);
  });

  it('stops a script hammering one account, before validation, with a retry-after', async () => {
    const w = world([boundApplication()]);
    for (let i = 0; i < SENDS_PER_ACCOUNT; i++) {
      expect(await refusal(sendApplication(me, { formId: 'x', answers: {} }, at(OPEN), w))).toMatchObject({
        code: 'FORM_EXPIRED',
      });
    }
    const r = await refusal(sendApplication(me, { broken: true }, at(OPEN), w));
    expect(r).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(r.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it('counts refused attempts against the account, never the one successful send', async () => {
    const app = boundApplication();
    const w = world([app]);
    await refusal(sendApplication(me, { formId: 'x', answers: {} }, at(OPEN), w));
    await validSend(w, app.token);
    const counted = [...w.rateCounter.counts].filter(([k]) => k.startsWith('send-account-refused#'));
    expect(counted.map(([, n]) => n)).toEqual([1]);
  });

  it('lets an office send for many companies from one address, and stops a flood from it', async () => {
    const apps = Array.from({ length: 150 }, (_, i) =>
      boundApplication({ participant: { sub: `office-${i}`, email: `p${i}@x.it`, boundAt: 'x' } }),
    );
    const w = world(apps);
    const results = await Promise.all(
      apps.map((a, i) => validSend(w, a.token, OPEN, callerOf(`office-${i}`), '198.51.100.1')),
    );
    expect(results.every((r) => r.firstSend)).toBe(true);
    // The source cap is far above an office and still finite: prefill the window and see it refuse.
    w.rateCounter.counts.set(`send-source#198.51.100.1#${Math.floor(OPEN / 10_000)}`, SENDS_PER_SOURCE);
    const extra = boundApplication({ participant: { sub: 'late', email: 'l@x.it', boundAt: 'x' } });
    w.apps.set(extra.token, extra);
    const r = await refusal(validSend(w, extra.token, OPEN, callerOf('late'), '198.51.100.1'));
    expect(r).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('given 50 racing sends of one token, then one first send, one arrival time and one record', async () => {
    const app = boundApplication();
    const w = world([app]);
    const form = await sendFormFor(me, at(OPEN), w);
    const body = { formId: form.formId, answers: answersFor(form.fields, app.token) };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => sendApplication(me, body, at(OPEN + i), w)),
    );
    const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(done.filter((r) => r.firstSend)).toHaveLength(1);
    expect(new Set(done.map((r) => r.receipt.arrivalTime)).size).toBe(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(toApiError(o.reason).code).toBe('RATE_LIMITED');
    expect(w.ledger.records.size).toBe(1);
  });

  it('given the database is unavailable, then Unavailable (503) and nothing recorded or announced', async () => {
    const app = boundApplication();
    const w = world([app]);
    w.ledger.failWith = new Unavailable('dynamodb:TransactWriteItems', 2);
    const r = await refusal(validSend(w, app.token));
    expect(r).toMatchObject({ status: 503, code: 'UNAVAILABLE', retryAfter: 2 });
    expect(w.ledger.records.size).toBe(0);
    expect(w.fakeEvents.published).toHaveLength(0);
  });

  it('given the commit happened but its answer was lost (a timeout), then the receipt, not a 503', async () => {
    const app = boundApplication();
    const w = world([app]);
    const commit = w.ledger.recordFirst.bind(w.ledger);
    w.sends = {
      get: w.ledger.get.bind(w.ledger),
      listAll: w.ledger.listAll.bind(w.ledger),
      recordFirst: async (send) => {
        await commit(send);
        throw new Unavailable('dynamodb:TransactWriteItems');
      },
    };
    const result = await validSend(w, app.token);
    expect(result).toMatchObject({
      firstSend: true,
      receipt: { receiptId: 'R-1', arrivalTime: new Date(OPEN).toISOString() },
    });
    expect(w.ledger.records.size).toBe(1);
  });

  it('signs only after the record: the ledger is written before the signer is asked', async () => {
    const app = boundApplication();
    const w = world([app]);
    const order: string[] = [];
    const record = w.ledger.recordFirst.bind(w.ledger);
    w.ledger.recordFirst = async (send, deadline) => {
      order.push(`record ${send.token}`);
      return record(send, deadline);
    };
    const sign = w.fakeSigner.sign.bind(w.fakeSigner);
    w.fakeSigner.sign = async (claims) => {
      order.push(`sign ${claims.token}`);
      return sign(claims);
    };
    await validSend(w, app.token);
    expect(order).toEqual([`record ${app.token}`, `sign ${app.token}`]);
  });

  it('given the receipt key cannot be certified (KMS down), the send is recorded and answered 201 PENDING', async () => {
    const app = boundApplication();
    const w = world([app]);
    w.fakeSigner.pending = true;
    const result = await validSend(w, app.token);
    expect(result).toMatchObject({
      firstSend: true,
      receipt: {
        receiptId: 'R-1',
        arrivalTime: new Date(OPEN).toISOString(),
        signature: null,
        signatureStatus: 'PENDING',
      },
    });
    expect(w.ledger.records.size).toBe(1);
    // KMS is back: the receipt page gets the signature of the same claims; nothing else changes.
    w.fakeSigner.pending = false;
    const receipt = await receiptOf(me, OPEN + 60_000, w);
    expect(receipt).toEqual({
      ...result.receipt,
      firstSend: undefined,
      signature: `jws(R-1,${app.token},${new Date(OPEN).toISOString()})`,
      signatureStatus: 'SIGNED',
    });
  });

  it('given signing throws unexpectedly after the record, the record stands and its replay is the original', async () => {
    const app = boundApplication();
    const w = world([app]);
    w.fakeSigner.failWith = new Unavailable('kms:Sign');
    expect(await refusal(validSend(w, app.token))).toMatchObject({ status: 503 });
    expect(w.ledger.records.size).toBe(1);
    w.fakeSigner.failWith = undefined;
    const again = await sendApplication(me, {}, at(OPEN + 5), w);
    expect(again).toMatchObject({
      firstSend: false,
      receipt: { receiptId: 'R-1', arrivalTime: new Date(OPEN).toISOString() },
    });
  });

  it('given the queue is unavailable after the commit, then the receipt stands and the problem is logged', async () => {
    const app = boundApplication();
    const w = world([app]);
    w.fakeEvents.failWith = new Unavailable('sqs:SendMessage');
    const result = await validSend(w, app.token);
    expect(result.firstSend).toBe(true);
    expect(w.ledger.records.get(app.token)?.receiptId).toBe(result.receipt.receiptId);
    expect(w.warnings).toHaveLength(1);
  });

  it('given the binding changed between the read and the transaction, then FORBIDDEN and nothing recorded', async () => {
    const app = boundApplication();
    const w = world([app]);
    const form = await sendFormFor(me, at(OPEN), w);
    const body = { formId: form.formId, answers: answersFor(form.fields, app.token) };
    const forSend = w.reads.forSend;
    w.reads = {
      ...w.reads,
      forSend: async (bound, sub, atMs) => {
        const found = await forSend(bound, sub, atMs);
        w.apps.set(app.token, { ...app, participant: { sub: 'other', email: 'o@x.it', boundAt: 'x' } });
        return found;
      },
    };
    expect(await refusal(sendApplication(me, body, at(OPEN), w))).toMatchObject({ code: 'FORBIDDEN' });
    expect(w.ledger.records.size).toBe(0);
  });
});

describe('session check on every counter route (R11), before any other refusal', () => {
  const routes = {
    form: (w: World) => sendFormFor(me, at(OPEN), w),
    'practice form': (w: World) => practiceFormFor(me, at(M.m4 - 1), w),
    send: (w: World) => sendApplication(me, { not: 'a form' }, at(OPEN), w),
    receipt: (w: World) => receiptOf(me, OPEN, w),
  };

  it.each(Object.entries(routes))('%s: no current session → UNAUTHENTICATED, nothing recorded', async (_, call) => {
    const w = world([boundApplication()]);
    w.fakeSessions.end(SUB);
    expect(await refusal(call(w))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(w.ledger.records.size).toBe(0);
  });

  it.each(Object.entries(routes))("%s: another session's token → SESSION_SUPERSEDED", async (_, call) => {
    const w = world([boundApplication()]);
    w.fakeSessions.set(SUB, { sessionId: 'newer', tokenIds: ['jti-newer'] });
    expect(await refusal(call(w))).toMatchObject({ status: 401, code: 'SESSION_SUPERSEDED' });
  });

  it('comes before FORBIDDEN for an account that holds no token', async () => {
    const w = world([]);
    w.fakeSessions.end(SUB);
    expect(await refusal(sendApplication(me, {}, at(OPEN), w))).toMatchObject({ code: 'UNAUTHENTICATED' });
    w.fakeSessions.set(SUB, {});
    expect(await refusal(sendApplication(me, {}, at(OPEN), w))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('is made on a replay answered from memory too', async () => {
    const app = boundApplication();
    const w = world([app]);
    await validSend(w, app.token);
    w.fakeSessions.set(SUB, { sessionId: 'newer', tokenIds: ['jti-newer'] });
    expect(await refusal(sendApplication(me, {}, at(OPEN + 1), w))).toMatchObject({ code: 'SESSION_SUPERSEDED' });
  });

  it('records the last use at most once a minute, at the arrival instant', async () => {
    const w = world([boundApplication()]);
    w.fakeSessions.set(SUB, { lastSeenAt: new Date(OPEN - 60_000).toISOString() });
    await sendFormFor(me, at(OPEN), w);
    w.fakeSessions.set(SUB, { lastSeenAt: new Date(OPEN - 59_999).toISOString() });
    await sendFormFor(me, at(OPEN), w);
    expect(w.fakeSessions.touched).toEqual([{ sub: SUB, sessionId: SESSION, at: new Date(OPEN).toISOString() }]);
  });
});

describe('GET /sportello/receipt', () => {
  it('is NOT_FOUND before the send and the original receipt after it', async () => {
    const app = boundApplication();
    const w = world([app]);
    expect(await refusal(receiptOf(me, OPEN, w))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const sent = await validSend(w, app.token);
    const { firstSend: _, ...original } = sent.receipt;
    expect(await receiptOf(me, OPEN, w)).toEqual(original);
  });
});
