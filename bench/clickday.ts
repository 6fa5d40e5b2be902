/**
 * `npm run bench -- clickday [--participants N]` (default 2,000): the click-day burst through the local gateway
 * against the emulators, and in the same run the raw DynamoDB Local ceiling for the same writes.
 *
 * Setup (not measured): a local cloud as `npm start` runs it (child process, no demo, DynamoDB in memory); N
 * participants already logged in — a real Cognito account each (SignUp, AdminConfirmSignUp, InitiateAuth in
 * cognito-local) whose access token's `jti` is the current session, as the login flow leaves it — each bound to an
 * application of one over-subscribed list (Lombardia, axis 1.1), so the NCD check runs; M5 a few seconds ahead.
 *
 * Product run: each participant starts at M5 + i/N of the first second, from its own address, and fetches the form,
 * sends it, and sends twice more. Reported: accepted first sends/s (N over the time from M5 to the last 201),
 * p50/p95/p99 latency of forms, first sends and replays, records == N and duplicates == 0 read back from the table.
 *
 * Warm-up (not measured), so that both sides are measured warm: a rehearsal click day of min(200, N) other
 * participants on another list (Lombardia 1.2) through the same gateway — the JVM's JIT and V8 then have compiled
 * every path the product takes (reads, queries, the transaction, the gateway) — and the raw writes on min(200, N)
 * other applications.
 *
 * Ceiling: the same writes — the send ledger's own `recordFirst`, one TransactWriteItems per token (Put send if
 * absent + Update application if bound, not annulled, not sent) — for N other bound applications, all issued at once
 * from this process with the same SDK client settings as the handlers; then the ratios. Targets: product ≥ 35 % of the
 * ceiling, 0 KMS calls and ≤ 2 DynamoDB round trips per first send (the counting pass: 50 participants one at a time,
 * the product's calls counted where they leave it, `/api/local/calls`).
 *
 * Log on vs off: the click day above runs with no transparency log open; after the counting pass, the same click day
 * of N other participants on another over-subscribed list (Lombardia 3) runs with the edition's log open (as
 * `ops log open` leaves it: rules entry, pointer; the consumer then appends each queue batch), measured the same way,
 * then how long after M5 the log held every send. Reported side by side, with the ratio log on / log off.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { ncdDecisionKey } from '#adapters/dynamodb/items';
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { mapLimit } from '#adapters/dynamodb/requests';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { ApplicationData } from '#domain/kernel/application';
import type { SendRecord } from '#domain/counter/ledger';
import { readEndpoints } from '#local/endpoints';
import { loggedInParticipants } from '../test/integration/helpers/logged-in.ts';
import { startCloudProcess, stopCloudProcess } from '../test/integration/helpers/local-cloud-process.ts';
import { cpuByLabel, cpuSpent } from './process-cpu.ts';
import { DynamoLogPointer } from '#adapters/dynamodb/log-pointer';
import { DynamoLogStore } from '#adapters/dynamodb/log-store';
import { LogFiles } from '#adapters/s3/log-files';
import { logKey } from '#adapters/signing/log-key';
import { LOG_KEY_ENV } from '#catalogue/function-needs';
import { BUCKETS } from '#catalogue/resources';
import { sendKey, TransparencyLog } from '#domain/transparency/log';
import { logOrigin, rulesEntry } from '#domain/transparency/rules';

const SCOPE = { region: 'Lombardia', axis: '1.1' } as const;
/** The rehearsal's list: another list, so it changes nothing of the measured list (no allocation: no NCD check). */
const REHEARSAL_SCOPE = { region: 'Lombardia', axis: '1.2' } as const;
/** The list of the counting pass: one participant at a time, the product's AWS calls counted per request. */
const COUNT_SCOPE = { region: 'Lombardia', axis: '2' } as const;
const COUNTED = 50;
/** The same click day with the transparency log on (docs/transparency.md): another over-subscribed list, same size. */
const LOG_SCOPE = { region: 'Lombardia', axis: '3' } as const;
/** How long the bench waits for the consumer to have appended every send of the log-on run. */
const LOG_CATCH_UP_MS = 300_000;
const WINDOW_MS = 1_000;
const TARGET_RATIO = 0.35;
/** Writes in flight for the ceiling: the handlers' SDK socket pool (clients.ts `maxSockets`). */
const RAW_IN_FLIGHT = 128;
/** A participant told 503/429 waits `retry-after` and tries again, as the portal does, at most this often. */
const MAX_RETRIES = 5;

interface Participant {
  token: string;
  accessToken: string;
  source: string;
}
interface Timed {
  status: number;
  ms: number;
  body: {
    receipt?: { receiptId: string; arrivalTime: string };
    formId?: string;
    fields?: { name: string; positions: number[] }[];
  };
  endAt: number;
  retryAfterS: number;
}

export async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--participants');
  const n = at >= 0 ? Number(argv[at + 1]) : 2_000;
  if (!Number.isInteger(n) || n < 1) throw new Error('--participants must be a positive integer');
  const stateDir = mkdtempSync(join(tmpdir(), 'sportello-clickday-'));
  const cloud = await startCloudProcess({ stateDir, args: ['--port', '0', '--no-demo', '--in-memory'] });
  try {
    await run(n, readEndpoints(cloud.endpointsFile), cloud.child.pid as number);
  } finally {
    await stopCloudProcess(cloud.child);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Which part of the local cloud a process is, for the CPU table. */
function partOf(cmdline: string, isRoot: boolean): string {
  if (isRoot) return 'gateway + handlers (the `npm start` process)';
  if (cmdline.includes('DynamoDBLocal')) return 'DynamoDB Local (JVM)';
  // The entry files' names (kebab-case since the layout): an unmatched name would fall into 'other'.
  if (cmdline.includes('sends-consumer-process')) return 'sends consumer + reconciler (niced)';
  if (cmdline.includes('messaging-process')) return 'SQS + SNS (fauxqs)';
  if (cmdline.includes('cognito-local')) return 'cognito-local';
  return 'other';
}

/** CPU of the local cloud's processes and of this client, between `start()` and the returned `stop()`. */
function cpuMeter(cloudPid: number) {
  const cloudBefore = cpuByLabel(cloudPid, partOf);
  const clientBefore = process.cpuUsage();
  const wallBefore = performance.now();
  return () => {
    const spent = cpuSpent(cloudBefore, cpuByLabel(cloudPid, partOf));
    const client = process.cpuUsage(clientBefore);
    spent.set('benchmark client (this process)', (client.user + client.system) / 1000);
    return { spent, wallMs: performance.now() - wallBefore };
  };
}

async function run(n: number, endpoints: ReturnType<typeof readEndpoints>, cloudPid: number) {
  Object.assign(process.env, endpoints.env);
  const clients = buildClients();
  const tables = {
    applications: String(process.env.APPLICATIONS_TABLE),
    sends: String(process.env.SENDS_TABLE),
    security: String(process.env.SECURITY_TABLE),
    config: String(process.env.CONFIG_TABLE),
  };
  const applications = new DynamoApplications(clients.documents, tables.applications);
  const config = new DynamoConfig(clients.documents, tables.config);

  const setupStart = Date.now();
  const product = Array.from({ length: n }, () => bench(`+${randomBytes(32).toString('hex')}`));
  const productOn = Array.from({ length: n }, () => bench(`+${randomBytes(32).toString('hex')}`, LOG_SCOPE));
  const rehearsal = Array.from({ length: Math.min(200, n) }, () =>
    bench(`+${randomBytes(32).toString('hex')}`, REHEARSAL_SCOPE),
  );
  const counted = Array.from({ length: COUNTED }, () => bench(`+${randomBytes(32).toString('hex')}`, COUNT_SCOPE));
  const raw = Array.from({ length: n }, () => bench(`-${randomBytes(32).toString('hex')}`));
  const warm = Array.from({ length: Math.min(200, n) }, () => bench(`-${randomBytes(32).toString('hex')}`));
  await applications.importMany([...raw, ...warm]);
  // Over-subscribed: the lists are click-day lists, the NCD check has a total to compare.
  await config.replaceAllocations([
    { ...SCOPE, allocationCents: Math.floor((n * 12_000_000) / 3) },
    { ...LOG_SCOPE, allocationCents: Math.floor((n * 12_000_000) / 3) },
  ]);
  process.stderr.write(`setup: ${n} participants (Cognito accounts, bindings, sessions)…\n`);
  const participants = await loggedInParticipants(
    endpoints,
    clients,
    [...product, ...rehearsal, ...counted, ...productOn],
    {
      progress: (done) => {
        if (done % 250 === 0) process.stderr.write(`  ${done}\n`);
      },
    },
  );
  await mapLimit([...raw, ...warm], 16, (app) =>
    applications.bindParticipant(app.token, {
      sub: `raw-${app.token.slice(1, 13)}`,
      email: 'raw@example.it',
      boundAt: 'x',
    }),
  );
  const setupSeconds = (Date.now() - setupStart) / 1000;

  const gateway = new URL(endpoints.apiUrl);
  // One keep-alive pool per click day: a socket left idle longer than the gateway's keep-alive timeout may be closed
  // by the server just as the client reuses it (ECONNRESET), which a real participant's browser would retry.
  const callsVia =
    (agent: Agent): Call =>
    (method, path, p, body) =>
      timedCall(agent, gateway, method, path, p, body);

  // Warm-up, both sides: a rehearsal click day on another list through the gateway, and the raw writes.
  const rehearsed = participants.slice(n, n + rehearsal.length);
  const countedParticipants = participants.slice(n + rehearsal.length, n + rehearsal.length + COUNTED);
  const measuredOn = participants.slice(n + rehearsal.length + COUNTED);
  const measured = participants.slice(0, n);
  const rehearsalRun = await clickDay(rehearsed, REHEARSAL_SCOPE, config, callsVia);
  const rehearsalOk = rehearsalRun.firsts.filter((r) => r.status === 201).length;
  if (rehearsalOk !== rehearsed.length) {
    throw new Error(`rehearsal: ${rehearsalOk} of ${rehearsed.length} first sends accepted`);
  }
  await rawBurst(clients.documents, tables, warm);

  const productMeter = cpuMeter(cloudPid);
  const { m5, forms, firsts, replays, retried, tokenOfFirst } = await clickDay(measured, SCOPE, config, callsVia);
  const productCpu = productMeter();
  const perRequest = await countCalls(countedParticipants, config, clients.documents, callsVia);

  // The same click day on another list with the transparency log on: the send path is unchanged, the consumer
  // appends each batch; measured the same way, then how long after M5 the log held every send.
  const log = await openBenchLog(clients, tables.config, endpoints.url);
  const on = await clickDay(measuredOn, LOG_SCOPE, config, callsVia);
  const onRate = acceptedRate(on.firsts, on.m5);
  const caughtUp = await waitForLog(log.store, measuredOn);
  const inLog =
    caughtUp === null
      ? `NOT within ${LOG_CATCH_UP_MS / 1000} s`
      : `${((caughtUp - on.m5) / 1000).toFixed(1)} s after M5`;

  const accepted = firsts.filter((r) => r.status === 201);
  const productRate = acceptedRate(firsts, m5);
  const ledger = new DynamoSends(clients.documents, tables.sends, tables.applications);
  const records = await mapLimit(measured, 32, (p) => ledger.get(p.token));
  const recorded = records.filter((r) => r !== undefined).length;
  const receiptByToken = new Map(records.flatMap((r) => (r ? [[r.token, r.receiptId] as const] : [])));
  const createdPerToken = new Map<string, number>();
  for (const r of accepted) {
    const token = tokenOfFirst.get(r) as string;
    createdPerToken.set(token, (createdPerToken.get(token) ?? 0) + 1);
  }
  const duplicates =
    [...createdPerToken.values()].filter((c) => c > 1).length +
    replays.filter((r) => r.status !== 200).length +
    accepted.filter((r) => receiptByToken.get(tokenOfFirst.get(r) as string) !== r.body.receipt?.receiptId).length;

  // A patient client with as many writes in flight as the handlers' socket pool: the ceiling is DynamoDB Local's
  // throughput, not the SDK's request timeout.
  const rawClients = buildClients({ requestTimeoutMs: 120_000 });
  const rawMeter = cpuMeter(cloudPid);
  const ceiling = await rawBurst(rawClients.documents, tables, raw);
  const rawCpu = rawMeter();
  rawClients.dynamo.destroy();
  const statuses = (list: Timed[]) =>
    [...new Set(list.map((r) => r.status))].map((s) => `${s}×${list.filter((r) => r.status === s).length}`).join(' ');

  const lines = [
    `### Click day — ${n} participants, first sends spread over the first second after M5`,
    '',
    `Setup (not measured): ${setupSeconds.toFixed(1)} s; warm-up (not measured): a rehearsal click day of ${rehearsed.length} participants on another list, ${warm.length} raw writes. Node ${process.version}, ${cpus().length} cores.`,
    '',
    '| measure | product (gateway → counter → DynamoDB Local) | raw TransactWriteItems (same writes) | product / raw |',
    '|---|---|---|---|',
    `| accepted first sends/s | ${productRate.toFixed(0)} | ${ceiling.rate.toFixed(0)} | ${(productRate / ceiling.rate).toFixed(2)} |`,
    `| first send p50 / p95 / p99 (ms) | ${pct(firsts)} | ${pct(ceiling.calls)} | ${ratio(firsts, ceiling.calls, 0.5)} / ${ratio(firsts, ceiling.calls, 0.95)} / ${ratio(firsts, ceiling.calls, 0.99)} |`,
    `| form p50 / p95 / p99 (ms) | ${pct(forms)} | — | — |`,
    `| replay p50 / p95 / p99 (ms) | ${pct(replays)} | — | — |`,
    `| statuses: forms / first sends / replays | ${statuses(forms)} / ${statuses(firsts)} / ${statuses(replays)} | ${statuses(ceiling.calls)} | — |`,
    `| first sends answered 503/429 and retried after retry-after | ${retried.length} (${statuses(retried) || 'none'}) | — | — |`,
    `| records == N | ${recorded} == ${n}: ${recorded === n ? 'yes' : 'NO'} | ${ceiling.committed} == ${n} | — |`,
    `| duplicates == 0 | ${duplicates} | — | — |`,
    `| DynamoDB round trips per form / first send / replay (mean of ${COUNTED}, one at a time) | ${perRequest.dynamodb} | 1 per write | — |`,
    `| KMS calls per form / first send / replay | ${perRequest.kms} | — | — |`,
    '',
    `Targets: product ≥ ${TARGET_RATIO * 100} % of the raw ceiling — ${productRate / ceiling.rate >= TARGET_RATIO ? 'met' : 'NOT met'}; ` +
      `0 KMS calls per first send — ${perRequest.kmsPerFirst === 0 ? 'met' : 'NOT met'}; ` +
      `≤ 2 DynamoDB round trips per first send — ${perRequest.dynamodbPerFirst <= 2 ? 'met' : 'NOT met'}.`,
    '',
    ...cpuTable(productCpu, rawCpu, n),
    '',
    `Transparency log, same run: the click day above had no log open; the same click day of ${n} other participants on ${LOG_SCOPE.region} ${LOG_SCOPE.axis} ran with the log open (the consumer appends each queue batch in one compare-and-set).`,
    '',
    '| run | accepted first sends/s | first send p50 / p95 / p99 (ms) | statuses of first sends | every send in the log |',
    '|---|---|---|---|---|',
    `| log off (${SCOPE.region} ${SCOPE.axis}) | ${productRate.toFixed(0)} | ${pct(firsts)} | ${statuses(firsts)} | — |`,
    `| log on (${LOG_SCOPE.region} ${LOG_SCOPE.axis}) | ${onRate.toFixed(0)} | ${pct(on.firsts)} | ${statuses(on.firsts)} | ${inLog} |`,
    '',
    `Log on / log off: ${(onRate / productRate).toFixed(2)} (no loss when ≥ 1 within the run's noise).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  clients.dynamo.destroy();
}

/**
 * Where the CPU went, per participant (product: from 3 s before M5 until its last answer; the consumer's backlog after
 * that is not counted) and per raw write. With every core busy, throughput is cores ÷ CPU per participant.
 */
function cpuTable(
  product: ReturnType<ReturnType<typeof cpuMeter>>,
  raw: ReturnType<ReturnType<typeof cpuMeter>>,
  n: number,
): string[] {
  const parts = [...new Set([...product.spent.keys(), ...raw.spent.keys()])].filter(
    (part) => (product.spent.get(part) ?? 0) + (raw.spent.get(part) ?? 0) > 0,
  );
  const each = (m: Map<string, number>, part: string) => ((m.get(part) ?? 0) / n).toFixed(1);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const cores = (x: ReturnType<ReturnType<typeof cpuMeter>>) => (total(x.spent) / x.wallMs).toFixed(2);
  return [
    `CPU time per participant (product) and per write (raw), ms — ${cpus().length} cores:`,
    '',
    '| process | product, per participant | raw, per write |',
    '|---|---|---|',
    ...parts.map((part) => `| ${part} | ${each(product.spent, part)} | ${each(raw.spent, part)} |`),
    `| **total** | **${(total(product.spent) / n).toFixed(1)}** | **${(total(raw.spent) / n).toFixed(1)}** |`,
    `| cores busy on average (CPU ÷ wall) | ${cores(product)} over ${(product.wallMs / 1000).toFixed(1)} s | ${cores(raw)} over ${(raw.wallMs / 1000).toFixed(1)} s |`,
  ];
}

type Call = (method: string, path: string, p: Participant | undefined, body?: unknown) => Promise<Timed>;

/**
 * The product's AWS calls per request, counted where they leave the product (the local cloud's `/api/local/calls`,
 * gateway process): each participant of the counting list in turn fetches its form, sends it once, then once more.
 * The list's NCD decision is frozen first (as at registration close), so the send reads it with its settings.
 */
async function countCalls(
  participants: readonly Participant[],
  config: DynamoConfig,
  documents: DynamoDBDocumentClient,
  callsVia: (agent: Agent) => Call,
) {
  const agent = new Agent({ keepAlive: true });
  const call = callsVia(agent);
  const now = Date.now();
  const h = 3_600_000;
  await config.setTimetable(COUNT_SCOPE, {
    moments: { m1: now - 4 * h, m2: now - 3 * h, m3: now - 2 * h, m4: now - h, m5: now - 60_000, m6: now + h },
    registrationCloses: now - 2 * h,
  });
  // The frozen decision as the counter reads it (adapters/dynamodb/items.ts `ncdDecisionKey`).
  await documents.send(
    new PutCommand({
      TableName: String(process.env.CONFIG_TABLE),
      Item: { ...ncdDecisionKey(COUNT_SCOPE.region, COUNT_SCOPE.axis), ncd: false },
    }),
  );
  const totals = {
    form: new Map<string, number>(),
    first: new Map<string, number>(),
    replay: new Map<string, number>(),
  };
  const counted = async (what: keyof typeof totals, run: () => Promise<Timed>) => {
    await call('POST', '/local/calls', undefined);
    const answer = await run();
    if (answer.status >= 300) throw new Error(`counting pass: ${what} answered ${answer.status}`);
    const { body } = await call('GET', '/local/calls', undefined);
    for (const [key, n] of Object.entries((body as { counts: Record<string, number> }).counts)) {
      const service = key.slice(0, key.indexOf('.'));
      totals[what].set(service, (totals[what].get(service) ?? 0) + n);
    }
    return answer;
  };
  for (const p of participants) {
    const form = await counted('form', () => call('GET', '/sportello/form', p));
    const answers = Object.fromEntries(
      (form.body.fields ?? []).map((f) => [f.name, f.positions.map((x) => p.token[x - 1]).join('')]),
    );
    const body = { formId: form.body.formId, answers };
    await counted('first', () => call('POST', '/sportello/send', p, body));
    await counted('replay', () => call('POST', '/sportello/send', p, body));
  }
  agent.destroy();
  const mean = (service: string) =>
    (['form', 'first', 'replay'] as const)
      .map((what) => ((totals[what].get(service) ?? 0) / participants.length).toFixed(2))
      .join(' / ');
  const perFirst = (service: string) => (totals.first.get(service) ?? 0) / participants.length;
  return {
    dynamodb: mean('dynamodb'),
    kms: mean('kms'),
    dynamodbPerFirst: perFirst('dynamodb'),
    kmsPerFirst: perFirst('kms'),
  };
}

/**
 * One click day on `scope`: M5 three seconds ahead; participant i starts at M5 + i/N of the first second, fetches the
 * form, sends it (waiting `retry-after` on 503/429, as the portal does), then sends twice more.
 */
async function clickDay(
  participants: readonly Participant[],
  scope: typeof SCOPE | typeof REHEARSAL_SCOPE | typeof LOG_SCOPE,
  config: DynamoConfig,
  callsVia: (agent: Agent) => Call,
) {
  const n = participants.length;
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const call = callsVia(agent);
  const m5 = Date.now() + 3_000;
  const h = 3_600_000;
  await config.setTimetable(scope, {
    moments: { m1: m5 - 4 * h, m2: m5 - 3 * h, m3: m5 - 2 * h, m4: m5 - 60_000, m5, m6: m5 + h },
    registrationCloses: m5 - 2 * h,
  });
  await sleep(m5 - Date.now());

  const forms: Timed[] = [];
  const firsts: Timed[] = [];
  const replays: Timed[] = [];
  const retried: Timed[] = [];
  const tokenOfFirst = new Map<Timed, string>();
  await Promise.all(
    participants.map(async (p, i) => {
      await sleep(m5 + (i * WINDOW_MS) / n - Date.now());
      const form = await call('GET', '/sportello/form', p);
      forms.push(form);
      const answers = Object.fromEntries(
        (form.body.fields ?? []).map((f) => [f.name, f.positions.map((x) => p.token[x - 1]).join('')]),
      );
      const body = { formId: form.body.formId, answers };
      const started = performance.now();
      let first = await call('POST', '/sportello/send', p, body);
      for (let k = 0; k < MAX_RETRIES && (first.status === 503 || first.status === 429); k++) {
        retried.push(first);
        await sleep(first.retryAfterS * 1000);
        first = await call('POST', '/sportello/send', p, body);
      }
      // The participant's wait is from the first click to the receipt, retries included.
      firsts.push({ ...first, ms: performance.now() - started });
      tokenOfFirst.set(firsts[firsts.length - 1] as Timed, p.token);
      for (let k = 0; k < 2; k++) replays.push(await call('POST', '/sportello/send', p, body));
    }),
  );
  agent.destroy();
  return { m5, forms, firsts, replays, retried, tokenOfFirst };
}

/** First sends accepted per second, from M5 to the last 201. */
function acceptedRate(firsts: readonly Timed[], m5: number): number {
  const accepted = firsts.filter((r) => r.status === 201);
  return accepted.length / ((Math.max(...accepted.map((r) => r.endAt)) - m5) / 1000);
}

/** Opens the edition's log as `ops log open` does (rules entry, pointer), with a counter window around the bench. */
async function openBenchLog(clients: ReturnType<typeof buildClients>, configTable: string, siteUrl: string) {
  const name = 'isi2024';
  const origin = logOrigin(siteUrl, name);
  const files = new LogFiles(clients.s3, String(process.env[BUCKETS.lists.env]), name);
  const store = new DynamoLogStore(clients.documents, configTable, files);
  const log = new TransparencyLog(store, { origin, signer: logKey(String(process.env[LOG_KEY_ENV]), origin).signer });
  const now = Date.now();
  const h = 3_600_000;
  const moments = { m1: now - 4 * h, m2: now - 3 * h, m3: now - 2 * h, m4: now - h, m5: now - 60_000, m6: now + 2 * h };
  await log.append([
    rulesEntry({
      origin,
      edition: name,
      resolution: 'ms',
      allocation: { mode: 'chronological' },
      timetables: new Map([['GLOBAL', { moments, registrationCloses: now - 2 * h }]]),
      applicationsTable: 'bench',
      allocationsTable: 'bench',
    }),
  ]);
  await new DynamoLogPointer(clients.documents, configTable).set({
    name,
    origin,
    url: `${siteUrl}/log/${name}/`,
    openedAt: new Date(now).toISOString(),
  });
  return { log, store };
}

/**
 * The instant the log first held a send of every participant, polled every 200 ms; null if not within
 * LOG_CATCH_UP_MS. By key, not by size: the reconciler may also append the sends of the earlier runs.
 */
async function waitForLog(store: DynamoLogStore, participants: readonly Participant[]): Promise<number | null> {
  const keys = participants.map((p) => sendKey(p.token));
  const until = Date.now() + LOG_CATCH_UP_MS;
  while (Date.now() < until) {
    if ((await store.findLeaves(keys)).size === keys.length) return Date.now();
    await sleep(200);
  }
  return null;
}

function bench(
  token: string,
  scope: { region: 'Lombardia'; axis: '1.1' | '1.2' | '2' | '3' } = SCOPE,
): ApplicationData {
  return {
    token,
    companyName: 'Impresa di prova S.r.l.',
    pec: `bench.${token.slice(1, 9)}@pec.example.it`,
    region: scope.region,
    axis: scope.axis,
    requestedCents: 12_000_000,
    projectCents: 20_000_000,
    registeredAt: '2026-05-10T09:15:00+02:00',
    cciaaDate: '2001-01-01',
    legalityRating: false,
    workers: 5,
  };
}

/**
 * The counter's exact transaction for each application, RAW_IN_FLIGHT at a time: the send ledger's own `recordFirst`
 * (`adapters/sends.ts`), which on a fresh bound application is one TransactWriteItems and nothing else.
 */
async function rawBurst(
  documents: ReturnType<typeof buildClients>['documents'],
  tables: { applications: string; sends: string },
  apps: readonly ApplicationData[],
) {
  const ledger = new DynamoSends(documents, tables.sends, tables.applications);
  const start = Date.now();
  const calls = await mapLimit(apps, RAW_IN_FLIGHT, async (app): Promise<Timed> => {
    const send: SendRecord = {
      token: app.token,
      receiptId: randomUUID(),
      arrivalTime: new Date().toISOString(),
      participantSub: `raw-${app.token.slice(1, 13)}`,
      region: app.region,
      axis: app.axis,
      sessionId: randomUUID(),
    };
    const t0 = performance.now();
    const status = await ledger.recordFirst(send).then(
      (outcome) => (outcome.kind === 'recorded' ? 201 : 409),
      () => 500,
    );
    return { status, ms: performance.now() - t0, body: {}, endAt: Date.now(), retryAfterS: 0 };
  });
  const committed = calls.filter((c) => c.status === 201).length;
  const end = Math.max(...calls.map((c) => c.endAt));
  return { calls, committed, rate: committed / ((end - start) / 1000) };
}

function timedCall(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  p: Participant | undefined,
  body?: unknown,
): Promise<Timed> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: `${base.pathname}${path}`,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(p ? { authorization: `Bearer ${p.accessToken}`, 'x-forwarded-for': p.source } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - t0,
            body: text ? JSON.parse(text) : {},
            endAt: Date.now(),
            retryAfterS: Number(res.headers['retry-after'] ?? 1),
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const sortedMs = (list: Timed[]) => list.map((r) => r.ms).sort((a, b) => a - b);
const pct = (list: Timed[]) => {
  const s = sortedMs(list);
  return [0.5, 0.95, 0.99].map((q) => quantile(s, q).toFixed(0)).join(' / ');
};
const ratio = (a: Timed[], b: Timed[], q: number) => (quantile(sortedMs(a), q) / quantile(sortedMs(b), q)).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
