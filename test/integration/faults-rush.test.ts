/**
 * The click-day rush under each fault of the local cloud's fault switch (`POST /api/local/faults`), with the real
 * gateway, handlers, consumer and emulators — a local cloud of this file's own (its receipt key starts uncertified, as
 * on a first click day; the switch is per cloud). 60 participants per fault, each sending 3 times at once. Always:
 * records == participants, no duplicate, every arrival inside its own request's time window, and in the end every
 * receipt signed and verifiable with only the published keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoLiveRanking, sentApplicationsIn } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { RECONCILE_GRACE_MS, reconcileSendEvents } from '#domain/counter/live-ranking';
import { type Jwks, verifyReceipt } from '#domain/counter/signing';
import type { ApplicationData } from '#domain/kernel/application';
import type { Axis, Region } from '#domain/kernel/geography';
import { type LocalCloud, startLocalCloud } from '#local/cloud';
import { type LoggedIn, loggedInParticipants } from './helpers/logged-in.ts';
import { describeNeeding, externalAws } from './helpers/requires.ts';

const PARTICIPANTS = 60;
const SENDS_EACH = 3;

interface Sent {
  status: number;
  startedAt: number;
  endedAt: number;
  body: { receipt?: Receipt; error?: { code: string } };
  retryAfter: string | null;
}
interface Receipt {
  receiptId: string;
  token: string;
  arrivalTime: string;
  signature: string | null;
  signatureStatus: string;
}

let cloud: LocalCloud;
let stateDir: string;
const savedEnv = { ...process.env };

const suite = describeNeeding('fault-switch', __filename);

beforeAll(async () => {
  // Against external endpoints the suite below is skipped: start nothing.
  if (externalAws()) return;
  stateDir = mkdtempSync(join(tmpdir(), 'faults-rush-'));
  cloud = await startLocalCloud({ port: 0, stateDir, fresh: true, dynamoInMemory: true });
  // This file's clients talk to this cloud (the handlers' environment, as the global setup does for its cloud).
  Object.assign(process.env, cloud.endpoints.env);
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

async function api(method: string, path: string, who?: LoggedIn, body?: unknown) {
  const res = await fetch(`${cloud.url}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(who ? { authorization: `Bearer ${who.accessToken}`, 'x-forwarded-for': who.source } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, retryAfter: res.headers.get('retry-after') };
}

const faults = (state: Record<string, string>) => api('POST', '/local/faults', undefined, state);
const HEALTHY = { dynamodb: 'ok', sqs: 'ok', kms: 'ok' };

/** 60 logged-in participants on a list of their own, its counter OPEN (M5 a minute ago). */
async function openList(region: Region, axis: Axis): Promise<LoggedIn[]> {
  const clients = buildClients();
  const apps: ApplicationData[] = Array.from({ length: PARTICIPANTS }, () => ({
    token: `+${randomBytes(32).toString('hex')}`,
    companyName: 'Impresa di prova S.r.l.',
    pec: `rush.${randomBytes(4).toString('hex')}@pec.example.it`,
    region,
    axis,
    requestedCents: 10_000_000,
    projectCents: 20_000_000,
    registeredAt: '2026-05-10T09:15:00+02:00',
    cciaaDate: '2001-01-01',
    legalityRating: false,
    workers: 5,
  }));
  const participants = await loggedInParticipants(cloud.endpoints, clients, apps);
  const now = Date.now();
  const h = 3_600_000;
  await new DynamoConfig(clients.documents, String(process.env.CONFIG_TABLE)).setTimetable(
    { region, axis },
    {
      moments: { m1: now - 4 * h, m2: now - 3 * h, m3: now - 2 * h, m4: now - h, m5: now - 60_000, m6: now + h },
      registrationCloses: now - 2 * h,
    },
  );
  return participants;
}

const answersFor = (form: { fields: { name: string; positions: number[] }[] }, token: string) =>
  Object.fromEntries(form.fields.map((f) => [f.name, f.positions.map((p) => token[p - 1]).join('')]));

/** Each participant's form, fetched before the fault (what a waiting room shows at M5). */
async function formsOf(participants: LoggedIn[]) {
  return Promise.all(
    participants.map(async (p) => {
      const form = await api('GET', '/sportello/form', p);
      expect(form.status).toBe(200);
      return { formId: form.body.formId as string, answers: answersFor(form.body, p.token) };
    }),
  );
}

/** Every participant sends 3 times at once; each request's own time window is kept. */
async function rush(participants: LoggedIn[], bodies: { formId: string; answers: Record<string, string> }[]) {
  return Promise.all(
    participants.map((p, i) =>
      Promise.all(
        Array.from({ length: SENDS_EACH }, async (): Promise<Sent> => {
          const startedAt = Date.now();
          const res = await api('POST', '/sportello/send', p, bodies[i]);
          return { ...res, startedAt, endedAt: Date.now() };
        }),
      ),
    ),
  );
}

/** The records of the participants' tokens, from the sends table (the truth). */
async function recordsOf(participants: LoggedIn[]) {
  const ledger = new DynamoSends(
    buildClients().documents,
    String(process.env.SENDS_TABLE),
    String(process.env.APPLICATIONS_TABLE),
  );
  const records = await Promise.all(participants.map((p) => ledger.get(p.token)));
  return records;
}

/** Records == participants, one receiptId per token across all answers, each arrival inside its request's window. */
async function expectExactlyOnceInWindow(participants: LoggedIn[], results: Sent[][]) {
  const records = await recordsOf(participants);
  expect(records.filter(Boolean)).toHaveLength(participants.length);
  participants.forEach((p, i) => {
    const record = records[i];
    const answered = (results[i] ?? []).filter((r) => r.status === 200 || r.status === 201);
    // Exactly one first send per participant, and every answer names the one record.
    expect(answered.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of answered) {
      expect(r.body.receipt?.receiptId).toBe(record?.receiptId);
      expect(r.body.receipt?.arrivalTime).toBe(record?.arrivalTime);
    }
    const first = answered.find((r) => r.status === 201) as Sent;
    const arrival = Date.parse(String(record?.arrivalTime));
    expect(arrival).toBeGreaterThanOrEqual(first.startedAt);
    expect(arrival).toBeLessThanOrEqual(first.endedAt);
    expect(record?.token).toBe(p.token);
  });
}

/** Asks for each receipt as the portal does (every 2 s) until signed; then verifies it with the published keys. */
async function expectSignedWithin(participants: LoggedIn[], ms: number) {
  const deadline = Date.now() + ms;
  const pending = new Set(participants);
  const signed = new Map<LoggedIn, Receipt>();
  while (pending.size > 0 && Date.now() < deadline) {
    for (const p of [...pending]) {
      const res = await api('GET', '/sportello/receipt', p);
      if (res.status === 200 && res.body.receipt.signatureStatus === 'SIGNED') {
        signed.set(p, res.body.receipt);
        pending.delete(p);
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 2_000));
  }
  expect(pending.size).toBe(0);
  const keys = (await api('GET', '/sportello/keys')).body as Jwks;
  for (const receipt of signed.values()) {
    expect(verifyReceipt(String(receipt.signature), keys)).toEqual({
      ok: true,
      claims: { receiptId: receipt.receiptId, token: receipt.token, arrivalTime: receipt.arrivalTime },
    });
  }
}

suite('the rush under faults (fault switch of the local cloud)', () => {
  test('KMS down from before M5 to 10 s after: 201 with a PENDING receipt, one record each; signed within 60 s of KMS back', async () => {
    const participants = await openList('Umbria', '2');
    const bodies = await formsOf(participants);
    expect((await faults({ kms: 'down' })).body).toEqual({ ...HEALTHY, kms: 'down' });
    const results = await rush(participants, bodies);
    const firsts = results.map((r) => r.find((s) => s.status === 201));
    expect(
      firsts.every((r) => r?.body.receipt?.signatureStatus === 'PENDING' && r.body.receipt.signature === null),
    ).toBe(true);
    await expectExactlyOnceInWindow(participants, results);
    await new Promise((r) => setTimeout(r, 10_000));
    await faults(HEALTHY);
    await expectSignedWithin(participants, 60_000);
  }, 240_000);

  test('KMS throttling: receipts are signed with no KMS call per send (the receipt key is already certified)', async () => {
    const participants = await openList('Umbria', '3');
    const bodies = await formsOf(participants);
    await faults({ kms: 'throttle' });
    cloud.faults.resetCounts();
    const results = await rush(participants, bodies);
    const kmsCalls = cloud.faults.total('kms');
    await faults(HEALTHY);
    expect(kmsCalls).toBe(0);
    await expectExactlyOnceInWindow(participants, results);
    expect(results.every((r) => r.find((s) => s.status === 201)?.body.receipt?.signatureStatus === 'SIGNED')).toBe(
      true,
    );
  }, 240_000);

  test('SQS down: 201 and the record; after recovery the reconciler delivers every event and the consumer files it', async () => {
    const participants = await openList('Umbria', '4');
    const bodies = await formsOf(participants);
    await faults({ sqs: 'down' });
    const results = await rush(participants, bodies);
    await faults(HEALTHY);
    await expectExactlyOnceInWindow(participants, results);
    // The reconciler's run after recovery (its schedule waits a grace period first: run it as if that had passed).
    const clients = buildClients();
    const tables = { applications: String(process.env.APPLICATIONS_TABLE), config: String(process.env.CONFIG_TABLE) };
    const live = new DynamoLiveRanking(clients.documents, tables.config);
    const report = await reconcileSendEvents({
      lists: async () => [{ region: 'Umbria', axis: '4' }],
      sentIn: (region, axis) => sentApplicationsIn(clients.documents, String(process.env.SENDS_TABLE), region, axis),
      live,
      sends: new DynamoSends(clients.documents, String(process.env.SENDS_TABLE), tables.applications),
      republish: (send) =>
        new SqsSendEvents(clients.sqs, String(process.env.SENDS_QUEUE_URL), () => new Date(), 'reconciler').publish(
          send,
        ),
      clock: () => new Date(Date.now() + RECONCILE_GRACE_MS + 60_000),
    });
    expect(report.sent).toBe(PARTICIPANTS);
    const deadline = Date.now() + 60_000;
    let filed = 0;
    while (Date.now() < deadline && filed < PARTICIPANTS) {
      filed = (await live.list('Umbria', '4')).length;
      if (filed < PARTICIPANTS) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(filed).toBe(PARTICIPANTS);
    await expectSignedWithin(participants, 10_000);
  }, 240_000);

  test('DynamoDB throttling for a few seconds: every send completes, with the arrival instant of its own request', async () => {
    const participants = await openList('Marche', '2');
    const bodies = await formsOf(participants);
    await faults({ dynamodb: 'throttle' });
    const sending = rush(participants, bodies);
    await new Promise((r) => setTimeout(r, 3_000));
    await faults(HEALTHY);
    const results = await sending;
    expect(results.flat().filter((r) => r.status >= 500)).toEqual([]);
    await expectExactlyOnceInWindow(participants, results);
    await expectSignedWithin(participants, 10_000);
  }, 240_000);

  test('DynamoDB down: 503 with retry-after, nothing recorded, no receipt', async () => {
    const participants = await openList('Marche', '3');
    const bodies = await formsOf(participants);
    await faults({ dynamodb: 'down' });
    const results = await rush(participants, bodies);
    await faults(HEALTHY);
    for (const r of results.flat()) {
      expect(r.status).toBe(503);
      expect(r.body.error?.code).toBe('UNAVAILABLE');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect((await recordsOf(participants)).filter(Boolean)).toEqual([]);
    for (const p of participants.slice(0, 5)) expect((await api('GET', '/sportello/receipt', p)).status).toBe(404);
  }, 240_000);
});
