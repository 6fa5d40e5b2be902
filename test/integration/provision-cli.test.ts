/**
 * `npm run provision` against the endpoints of the cloud under test, as a tester points it at LocalStack: a second
 * stage provisioned twice is the same stage (same pools, key, queues; one subscription), `--clean` leaves nothing of
 * it and nothing of the running cloud's own stage is touched. In external mode the endpoints are external, and so is
 * this test's stage.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListAliasesCommand } from '@aws-sdk/client-kms';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '#local/cloud-clients';
import { cleanUp } from '#local/provision/clean';
import { api, clients, endpoints } from './helpers/cloud.ts';
import { envAtServices } from './helpers/external.ts';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const STAGE = `pv${Date.now().toString(36).slice(-6)}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a tester runs it, with `AWS_ENDPOINT_URL_<SERVICE>` at the cloud under test's services. */
function provisionCli(args: readonly string[]): Promise<Run> {
  const env = envAtServices();
  return new Promise((done, fail) => {
    const child = spawn(TSX, ['bin/provision.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `NAME=value` lines of a provisioning run: what a handler of the stage gets. */
const printedEnv = (stdout: string) =>
  Object.fromEntries([...stdout.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));

/** Every resource named `sportello-<stage>-…` on the endpoints, one line each, repeated if found twice. */
async function resourcesOf(aws: AwsClients, stage: string): Promise<string[]> {
  const prefix = `sportello-${stage}-`;
  const [tables, queues, topics, subscriptions, buckets, pools, aliases] = await Promise.all([
    aws.dynamodb.send(new ListTablesCommand({})).then((o) => o.TableNames ?? []),
    aws.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix })).then((o) => o.QueueUrls ?? []),
    aws.sns.send(new ListTopicsCommand({})).then((o) => (o.Topics ?? []).map((t) => String(t.TopicArn))),
    aws.sns
      .send(new ListSubscriptionsCommand({}))
      .then((o) => (o.Subscriptions ?? []).map((s) => `${s.TopicArn} → ${s.Endpoint}`)),
    aws.s3.send(new ListBucketsCommand({})).then((o) => (o.Buckets ?? []).map((b) => String(b.Name))),
    aws.cognito
      .send(new ListUserPoolsCommand({ MaxResults: 60 }))
      .then((o) => (o.UserPools ?? []).map((p) => String(p.Name))),
    aws.kms.send(new ListAliasesCommand({})).then((o) => (o.Aliases ?? []).map((a) => String(a.AliasName))),
  ]);
  const mine = (kind: string, names: string[]) =>
    names.filter((n) => n.includes(prefix)).map((n) => `${kind} ${n.slice(n.indexOf(prefix))}`);
  return [
    ...mine('table', tables),
    ...mine('queue', queues),
    ...mine('topic', topics),
    ...mine('subscription', subscriptions),
    ...mine('bucket', buckets),
    ...mine('pool', pools),
    ...mine('alias', aliases),
  ].sort();
}

let aws: AwsClients;
beforeAll(() => {
  aws = clients();
});
afterAll(async () => {
  // Whatever a failed step left behind.
  await cleanUp(aws, STAGE);
  aws?.destroy();
});

test('given a bad stage or flag, when provisioning, then it says what to write and makes nothing', async () => {
  const runs = await Promise.all([provisionCli(['--stage', 'Prova_1']), provisionCli(['--stage', STAGE, '--force'])]);
  expect(runs[0]).toMatchObject({ code: 1, stdout: '' });
  expect(runs[0]?.stderr).toMatch(/Indicare --stage con lettere minuscole, cifre e trattini/);
  expect(runs[1]).toMatchObject({ code: 1, stdout: '' });
  expect(runs[1]?.stderr).toMatch(/Argomento non riconosciuto: --force\. Uso: npm run provision/);
  expect(await resourcesOf(aws, STAGE)).toEqual([]);
});

test('given external endpoints, when a stage is provisioned twice and cleaned, then it is one stage, then none, and the cloud keeps its own', async () => {
  const cloudStage = endpoints().resources.stage;
  const cloudBefore = await resourcesOf(aws, cloudStage);
  expect(cloudBefore.filter((r) => r.startsWith('table '))).toHaveLength(7);

  const first = await provisionCli(['--stage', STAGE]);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(`Stage ${STAGE} pronto.`);
  const made = await resourcesOf(aws, STAGE);
  const second = await provisionCli(['--stage', STAGE]);
  expect(second.code).toBe(0);

  // The same ids and names the second time, and nothing made twice.
  expect(printedEnv(second.stdout)).toEqual(printedEnv(first.stdout));
  expect(printedEnv(first.stdout)).toMatchObject({
    PARTICIPANT_POOL_ID: expect.any(String),
    RECEIPT_KEY_ID: expect.stringMatching(/^arn:aws:kms:/),
    SENDS_TABLE: `sportello-${STAGE}-sends`,
  });
  expect(await resourcesOf(aws, STAGE)).toEqual(made);
  expect(made.filter((r) => r.startsWith('table '))).toHaveLength(7); // six of the product's, the codes table
  expect(made.filter((r) => r.startsWith('queue '))).toHaveLength(4);
  expect(made.filter((r) => r.startsWith('subscription '))).toHaveLength(1);
  expect(made.filter((r) => r.startsWith('pool '))).toHaveLength(2);
  expect(made.filter((r) => /^(topic|bucket|alias) /.test(r))).toHaveLength(4);

  const clean = await provisionCli(['--stage', STAGE, '--clean', '--yes']);
  expect(clean.code).toBe(0);
  expect(clean.stdout).toMatch(/key .* \(deletion scheduled in 7 days\)/);
  expect(await resourcesOf(aws, STAGE)).toEqual([]);
  const again = await provisionCli(['--stage', STAGE, '--clean', '--yes']);
  expect(again).toMatchObject({ code: 0 });
  expect(again.stdout).toContain(`Nulla da cancellare per lo stage ${STAGE}.`);

  expect(await resourcesOf(aws, cloudStage)).toEqual(cloudBefore);
  expect(await api('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
});
