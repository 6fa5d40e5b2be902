/**
 * Where the operator CLI acts (CONTRACT "Operator CLI" and "Where it is served"):
 * - the local cloud: the endpoints file named by `SPORTELLO_ENDPOINTS`, else `.local-cloud/endpoints.json` of this
 *   project. Its `env` is exactly what the handlers get (SDK endpoints, credentials, resource names), so the CLI
 *   talks to the same tables, queue, topic and buckets as the running gateway;
 * - a deployed stage (`--stage <name>`), with the caller's own AWS credentials and region (the SDK's default chain:
 *   `AWS_PROFILE`, `AWS_REGION`, SSO…). Names follow `physicalName` of resources.ts, as the CDK stacks create them:
 *   tables `sportello-<stage>-<id>`; the send queue `sportello-<stage>-sends.fifo`, looked up with `GetQueueUrl`,
 *   whose URL also gives the account; the topic `arn:aws:sns:<region>:<account>:sportello-<stage>-notifications`;
 *   the lists bucket `sportello-<stage>-lists-<account>-<region>` (as `listsBucketName` in the data stack).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { type AwsClients, buildClients } from '#adapters/clients';
import { buildRepositories, type Repositories } from '#adapters/dynamodb/repositories';
import { Unavailable } from '#domain/kernel/unavailable';
import { readEndpoints } from '#local/endpoints';
import { BUCKETS, NOTIFICATIONS_TOPIC, physicalName, SEND_QUEUE, TABLES, type TableId } from '#catalogue/resources';
import { OperationFailed } from './cli.ts';

export interface CloudTarget {
  /** For messages: `cloud locale http://127.0.0.1:3000` or `stage dev (eu-south-1)`. */
  description: string;
  kind: 'local' | 'aws';
  clients: AwsClients;
  repositories: Repositories;
  tables: Record<TableId, string>;
  listsBucket: string;
  sendQueueUrl: string;
  notificationsTopicArn: string;
  /** The public site (lists are served under `/lists/`), when known. */
  siteUrl?: string;
  /** The AWS stage (`--stage`); absent for the local cloud. */
  stage?: string;
  close(): void;
}

export interface ConnectOptions {
  stage?: string;
}

/** Thrown when no cloud can be reached; the CLI exits 2 with this Italian message. */
export class NoCloud extends OperationFailed {}

const PROJECT_ROOT = resolve(__dirname, '..');

// The SDK's notice about future Node versions is not the operator's business and would bury the command's messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export function localEndpointsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPORTELLO_ENDPOINTS || join(PROJECT_ROOT, '.local-cloud', 'endpoints.json');
}

export async function connect(options: ConnectOptions = {}): Promise<CloudTarget> {
  return options.stage ? connectStage(options.stage) : connectLocal();
}

function connectLocal(): CloudTarget {
  const file = localEndpointsFile();
  if (!existsSync(file)) {
    throw new NoCloud(
      `Cloud locale non trovato (${file}): avviarlo con "npm start", indicare un altro file con SPORTELLO_ENDPOINTS oppure uno stage AWS con --stage <nome>.`,
    );
  }
  const endpoints = readEndpoints(file);
  // This process acts like a handler of that cloud: same endpoints, credentials and names.
  Object.assign(process.env, endpoints.env);
  const env = { ...process.env, ...endpoints.env };
  const tables = Object.fromEntries(
    (Object.keys(TABLES) as TableId[]).map((id) => [id, required(env, TABLES[id].env)]),
  ) as Record<TableId, string>;
  const clients = buildClients({ env });
  return {
    description: `cloud locale ${endpoints.url}`,
    kind: 'local',
    clients,
    repositories: buildRepositories(clients.documents, tables),
    tables,
    listsBucket: required(env, BUCKETS.lists.env),
    sendQueueUrl: required(env, SEND_QUEUE.env),
    notificationsTopicArn: required(env, NOTIFICATIONS_TOPIC.env),
    siteUrl: endpoints.url,
    close: () => destroy(clients),
  };
}

async function connectStage(stage: string): Promise<CloudTarget> {
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(stage)) {
    throw new NoCloud(`Nome di stage non valido "${stage}": lettere minuscole, cifre e trattini (es. dev, prod).`);
  }
  const clients = buildClients();
  const region = await clients.sqs.config.region();
  const queueName = physicalName(stage, SEND_QUEUE.name);
  let sendQueueUrl: string;
  try {
    const out = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    sendQueueUrl = out.QueueUrl ?? '';
  } catch (error) {
    destroy(clients);
    throw new NoCloud(
      `Stage "${stage}" non raggiungibile nella regione ${region}: coda ${queueName} non trovata o credenziali AWS mancanti (${(error as Error).name}).`,
    );
  }
  // https://sqs.<region>.amazonaws.com/<account>/<name>
  const account = new URL(sendQueueUrl).pathname.split('/')[1] ?? '';
  const tables = Object.fromEntries(
    (Object.keys(TABLES) as TableId[]).map((id) => [id, physicalName(stage, id)]),
  ) as Record<TableId, string>;
  return {
    description: `stage ${stage} (${region})`,
    kind: 'aws',
    stage,
    clients,
    repositories: buildRepositories(clients.documents, tables),
    tables,
    listsBucket: `${physicalName(stage, BUCKETS.lists.id)}-${account}-${region}`,
    sendQueueUrl,
    notificationsTopicArn: `arn:aws:sns:${region}:${account}:${physicalName(stage, NOTIFICATIONS_TOPIC.name)}`,
    close: () => destroy(clients),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new NoCloud(`Il file degli endpoint non indica ${name}: riavviare il cloud locale.`);
  return value;
}

function destroy(clients: AwsClients): void {
  for (const client of Object.values(clients)) (client as { destroy?: () => void }).destroy?.();
}

/** Runs `work` against the target cloud and always releases the clients (sockets would keep the process alive). */
export async function withCloud<T>(options: ConnectOptions, work: (cloud: CloudTarget) => Promise<T>): Promise<T> {
  const cloud = await connect(options);
  try {
    return await work(cloud);
  } catch (error) {
    if (error instanceof Unavailable) {
      throw new OperationFailed(
        `Servizio non disponibile (${error.operation}) su ${cloud.description}: nessun dato è stato scritto da questa operazione; riprovare.`,
      );
    }
    throw error;
  } finally {
    cloud.close();
  }
}
