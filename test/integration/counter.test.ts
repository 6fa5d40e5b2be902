/**
 * The counter end to end through the local gateway (real handlers, DynamoDB Local, patched cognito-local): participants
 * registered and logged in with the accounts flow, a timetable on a region × axis no other test uses, moved from phase
 * to phase. What an outside black-box run checks: closed before M5 and from M6, equal-shape forms, wrong answers
 * refused, the first send recorded once with a server-side millisecond time, racing sends of one token, receipts
 * read back and verified against the published keys.
 */
import { type Jwks, verifyReceipt } from '#domain/counter/signing';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { type ErrorBody, get, post } from './accounts-helpers.ts';
import { api } from './helpers/cloud.ts';
import {
  answersFor,
  type CounterParticipant,
  type FormBody,
  participantsOn,
  type ReceiptBody,
  sendsLedger,
  setPhase,
} from './counter-helpers.ts';

const SCOPE = { region: 'Basilicata', axis: '1.2' } as const;
let people: CounterParticipant[];
let close: () => Promise<void>;

const form = (p: CounterParticipant) => get<FormBody & ErrorBody>('/sportello/form', p.source, p.accessToken);
const send = (p: CounterParticipant, body: unknown) =>
  post<{ receipt: ReceiptBody; message?: string } & ErrorBody>('/sportello/send', body, p.source, p.accessToken);

beforeAll(async () => {
  ({ participants: people, close } = await participantsOn(SCOPE, 4));
}, 120_000);
afterAll(() => close?.());

describe('before the counter opens', () => {
  test('given PRE_COUNTER, then the practice form is served and the real form is PHASE_CLOSED', async () => {
    const [p] = people as [CounterParticipant];
    await setPhase(SCOPE, 'PRE_COUNTER');
    const practice = await get<FormBody & { practice: boolean; sampleCode: string }>(
      '/sportello/test-form',
      p.source,
      p.accessToken,
    );
    expect(practice.status).toBe(200);
    expect(practice.body).toMatchObject({ practice: true, formId: expect.any(String) });
    const real = await form(p);
    expect(real.status).toBe(403);
    expect(real.body.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'PRE_COUNTER' });
  });

  test('given the waiting room (before M5), then no form and no send; the practice page is over', async () => {
    const [p] = people as [CounterParticipant];
    await setPhase(SCOPE, 'WAITING_ROOM');
    expect((await form(p)).body.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'WAITING_ROOM' });
    const refused = await send(p, { formId: 'x', answers: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'WAITING_ROOM' });
    const practice = await get<ErrorBody>('/sportello/test-form', p.source, p.accessToken);
    expect(practice.body.error.code).toBe('PHASE_CLOSED');
    expect(await sendsLedger().get(p.token)).toBeUndefined();
  });

  test('without a token the counter routes are UNAUTHENTICATED', async () => {
    const [p] = people as [CounterParticipant];
    expect((await get<ErrorBody>('/sportello/form', p.source)).status).toBe(401);
  });
});

describe('while OPEN', () => {
  beforeAll(() => setPhase(SCOPE, 'OPEN'));

  test('every participant gets the same shape of form, about their own token', async () => {
    const forms = await Promise.all(people.map(form));
    for (const f of forms) expect(f.status).toBe(200);
    const shape = (f: FormBody) => f.fields.map((x) => x.length);
    expect(new Set(forms.map((f) => JSON.stringify(shape(f.body)))).size).toBe(1);
    expect(forms[0]?.body.fields[0]?.label).toMatch(/^Caratteri (\d+, ){3}\d+ del codice identificativo$/);
  });

  test('wrong answers are refused with WRONG_ANSWER and nothing is recorded; there is no receipt yet', async () => {
    const p = people[1] as CounterParticipant;
    const f = (await form(p)).body;
    const wrong = Object.fromEntries(f.fields.map((x) => [x.name, 'zzzz']));
    const refused = await send(p, { formId: f.formId, answers: wrong });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('WRONG_ANSWER');
    const receipt = await get<ErrorBody>('/sportello/receipt', p.source, p.accessToken);
    expect(receipt.status).toBe(404);
    expect(receipt.body.error.code).toBe('NOT_FOUND');
    expect(await sendsLedger().get(p.token)).toBeUndefined();
  });

  test('the first send is recorded once at the server-side millisecond, signed; later sends replay it', async () => {
    const p = people[0] as CounterParticipant;
    const f = (await form(p)).body;
    const before = Date.now();
    const first = await send(p, { formId: f.formId, answers: answersFor(f, p.token) });
    const after = Date.now();
    expect(first.status).toBe(201);
    const receipt = first.body.receipt;
    expect(receipt).toMatchObject({ token: p.token, firstSend: true, receiptId: expect.any(String) });
    expect(receipt.arrivalTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const arrival = Date.parse(receipt.arrivalTime);
    expect(arrival).toBeGreaterThanOrEqual(before);
    expect(arrival).toBeLessThanOrEqual(after);

    const again = await send(p, { formId: f.formId, answers: answersFor(f, p.token) });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      receipt: { ...receipt, firstSend: false },
      message: "L'invio è già stato effettuato",
    });
    // Replay comes before validation too.
    expect((await send(p, { rubbish: 1 })).status).toBe(200);

    const read = await get<{ receipt: ReceiptBody }>('/sportello/receipt', p.source, p.accessToken);
    expect(read.status).toBe(200);
    const { firstSend: _, ...original } = receipt;
    expect(read.body.receipt).toEqual(original);

    const recorded = await sendsLedger().get(p.token);
    expect(recorded).toMatchObject({ receiptId: receipt.receiptId, arrivalTime: receipt.arrivalTime });

    const keys = await get<JSONWebKeySet>('/sportello/keys', p.source);
    expect(keys.status).toBe(200);
    expect(keys.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const verified = await compactVerify(receipt.signature, createLocalJWKSet(keys.body));
    // The receipt key (Ed25519) signed it; its certificate chains to the KMS root key (docs/counter.md).
    const receiptKey = keys.body.keys.find((k: { kty: string }) => k.kty === 'OKP');
    expect(verified.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: receiptKey?.kid });
    expect(verifyReceipt(receipt.signature, keys.body as unknown as Jwks)).toMatchObject({ ok: true });
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({
      receiptId: receipt.receiptId,
      token: p.token,
      arrivalTime: receipt.arrivalTime,
    });
  });

  test('given 50 racing sends of one token, then one 201, one arrival time, one record', async () => {
    const p = people[2] as CounterParticipant;
    const f = (await form(p)).body;
    const body = { formId: f.formId, answers: answersFor(f, p.token) };
    const results = await Promise.all(Array.from({ length: 50 }, () => send(p, body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    // The rest are replays of that receipt, or refused by the per-account limit of a hammering client.
    expect(statuses.every((s) => s === 201 || s === 200 || s === 429)).toBe(true);
    const times = new Set(results.filter((r) => r.status < 300).map((r) => r.body.receipt.arrivalTime));
    expect(times.size).toBe(1);
    const ids = new Set(results.filter((r) => r.status < 300).map((r) => r.body.receipt.receiptId));
    expect(ids.size).toBe(1);
    const recorded = await sendsLedger().get(p.token);
    expect(recorded?.arrivalTime).toBe([...times][0]);
    // Once it is recorded, every later send is a replay, never limited.
    const later = await Promise.all(Array.from({ length: 25 }, () => send(p, body)));
    expect(later.every((r) => r.status === 200)).toBe(true);
  });
});

describe('after M6', () => {
  beforeAll(() => setPhase(SCOPE, 'CLOSED'));

  test('the form and a first send are PHASE_CLOSED, while a recorded send still replays', async () => {
    const p = people[3] as CounterParticipant;
    expect((await form(p)).body.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'CLOSED' });
    const refused = await send(p, { formId: 'x', answers: {} });
    expect(refused.body.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'CLOSED' });
    const sent = people[0] as CounterParticipant;
    const replay = await send(sent, { formId: 'x', answers: {} });
    expect(replay.status).toBe(200);
    expect(replay.body.message).toBe("L'invio è già stato effettuato");
    // Even a body that is not JSON: the replay comes before any other check but authentication (CONTRACT).
    const garbled = await api<{ receipt: ReceiptBody; message?: string }>('/sportello/send', {
      method: 'POST',
      body: '{"formId":',
      headers: { 'x-forwarded-for': sent.source, authorization: `Bearer ${sent.accessToken}` },
    });
    expect(garbled.status).toBe(200);
    expect(garbled.body.receipt).toEqual(replay.body.receipt);
    const refusedGarbled = await api<ErrorBody>('/sportello/send', {
      method: 'POST',
      body: '{"formId":',
      headers: { 'x-forwarded-for': p.source, authorization: `Bearer ${p.accessToken}` },
    });
    expect(refusedGarbled.status).toBe(400);
    expect(refusedGarbled.body.error).toMatchObject({ code: 'VALIDATION' });
  });
});
