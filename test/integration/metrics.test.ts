/**
 * A send in the local cloud emits the counter's business metrics as EMF (Powertools Metrics on the function's
 * stdout), which the cloud's sink keeps as CloudWatch would: a first send (`SendRecorded`), its replay
 * (`SendReplayed`), a wrong answer (`SendRefused`, dimension `code`). `events live --once --json` reads them back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_FILE } from '#local/metrics-sink';
import { type ErrorBody, get, post } from './accounts-helpers.ts';
import { endpoints } from './helpers/cloud.ts';
import { runOps } from './helpers/ops.ts';
import {
  answersFor,
  type CounterParticipant,
  type FormBody,
  participantsOn,
  type ReceiptBody,
  setPhase,
} from './counter-helpers.ts';

const SCOPE = { region: 'Veneto', axis: '1.2' } as const;
let people: CounterParticipant[];
let close: () => Promise<void>;

beforeAll(async () => {
  ({ participants: people, close } = await participantsOn(SCOPE, 2));
  await setPhase(SCOPE, 'OPEN');
}, 120_000);
afterAll(() => close?.());

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
  service: string;
  code?: string;
  [metric: string]: unknown;
}

function emitted(since: number): Emf[] {
  const file = join(endpoints().env.LOCAL_CLOUD_DIR as string, METRICS_FILE);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Emf)
    .filter((doc) => doc._aws.Timestamp >= since && doc.service === 'sportello-counter');
}

test('given a first send, its replay and a wrong answer, then SendRecorded, SendReplayed and SendRefused{code} are emitted as EMF', async () => {
  const since = Date.now();
  const [first, second] = people as [CounterParticipant, CounterParticipant];
  const send = async (p: CounterParticipant, wrong = false) => {
    const form = await get<FormBody>('/sportello/form', p.source, p.accessToken);
    const answers = answersFor(form.body, p.token);
    if (wrong) for (const name of Object.keys(answers)) answers[name] = 'x'.repeat((answers[name] ?? '').length);
    return post<{ receipt: ReceiptBody } & ErrorBody>(
      '/sportello/send',
      { formId: form.body.formId, answers },
      p.source,
      p.accessToken,
    );
  };
  expect((await send(first)).status).toBe(201);
  expect((await send(first)).status).toBe(200);
  const refused = await send(second, true);
  expect(refused.body.error.code).toBe('WRONG_ANSWER');

  const docs = emitted(since);
  const sum = (metric: string, code?: string) =>
    docs.filter((d) => code === undefined || d.code === code).reduce((n, d) => n + Number(d[metric] ?? 0), 0);
  expect(sum('SendRecorded')).toBe(1);
  expect(sum('SendReplayed')).toBe(1);
  expect(sum('SendRefused', 'WRONG_ANSWER')).toBe(1);
  expect(docs.every((d) => d._aws.CloudWatchMetrics[0]?.Namespace === 'Sportello')).toBe(true);
  expect(docs.find((d) => d.code)?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'code']]);

  const live = await runOps(
    ['events', 'live', '--once', '--json', '--since', new Date(since).toISOString()],
    process.env.SPORTELLO_ENDPOINTS as string,
  );
  expect(live.code).toBe(0);
  const snapshot = JSON.parse(live.stdout) as { totals: Record<string, number>; refusedByCode: Record<string, number> };
  expect(snapshot.totals.SendRecorded).toBeGreaterThanOrEqual(1);
  expect(snapshot.refusedByCode.WRONG_ANSWER).toBeGreaterThanOrEqual(1);
});
