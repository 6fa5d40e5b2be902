/**
 * The local cloud: emulators (or an existing AWS-compatible endpoint), resources provisioned from the shared
 * definitions, the outbox and the local gateway, started together and stopped together.
 *
 * Programmatic use (bin/start.ts, the integration tests' global setup, tools):
 *   const cloud = await startLocalCloud({ port: 0, stateDir, fresh: true });
 *   … cloud.url, cloud.endpoints …
 *   await cloud.stop();
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { LOG_KEY_ENV, RECEIPT_SEED_ENV } from '#catalogue/function-needs';
import { createServer, type RequestListener } from 'node:http';
import { join, resolve } from 'node:path';
import { type AwsTarget, awsClients } from './cloud-clients.ts';
import { type Emulators, startEmulators } from '#local/emulators/index';
import { type Endpoints, type ServiceEndpoints, writeEndpoints } from './endpoints.ts';
import { cognitoVerifier } from '#local/gateway/auth';
import { listen } from '#local/gateway/listen';
import { sendError } from '#local/gateway/respond';
import { gatewayListener } from '#local/gateway/server';
import { drainNotifications } from './notification-drain.ts';
import { fromCognito, Outbox, type OutboxMessage } from './outbox.ts';
import { provision, resourceEnv } from '#local/provision/index';
import { discoverIssuers } from '#local/provision/issuers';
import { startSendsConsumerProcess } from './sends-consumer-supervisor.ts';

export { waitForHealth } from '#local/gateway/listen';

export const REPO_ROOT = resolve(__dirname, '..');
export const LOCAL_STAGE = 'local';
export const LOCAL_REGION = 'eu-south-1';
const DUMMY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface LocalCloudOptions {
  /** Gateway port on 127.0.0.1; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Default `<repo>/.local-cloud`. */
  readonly stateDir?: string;
  /** Wipe the state directory first. */
  readonly fresh?: boolean;
  /**
   * Keep DynamoDB's data in memory instead of under the state directory: much faster under a burst of
   * transactions (no fsync per write), lost on stop. The integration tests use it. Default false.
   */
  readonly dynamoInMemory?: boolean;
  /** An AWS-compatible endpoint for every service (LocalStack): no emulator is started. Default: none. */
  readonly endpointUrl?: string;
  readonly log?: (line: string) => void;
  /** Each outbox message as it arrives (the terminal print). */
  readonly onOutbox?: (message: OutboxMessage) => void;
  /** cognito-local's own log lines (noisy; default discarded). */
  readonly emulatorLog?: (line: string) => void;
}

export interface LocalCloud {
  readonly url: string;
  readonly endpoints: Endpoints;
  readonly endpointsFile: string;
  readonly stateDir: string;
  readonly outbox: Outbox;
  stop(): Promise<void>;
}

/** Environment variables that point the SDK (and so the handlers' clients) at `services`. */
export function sdkEnv(target: AwsTarget): Record<string, string> {
  return {
    AWS_REGION: target.region,
    AWS_DEFAULT_REGION: target.region,
    AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: target.services.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: target.services.cognito,
    AWS_ENDPOINT_URL_SQS: target.services.sqs,
    AWS_ENDPOINT_URL_SNS: target.services.sns,
    AWS_ENDPOINT_URL_S3: target.services.s3,
    AWS_ENDPOINT_URL_KMS: target.services.kms,
  };
}

/**
 * A secret that Secrets Manager holds on AWS (the receipt key's seed, the log key's): random, kept under the state
 * directory so that what was signed before a restart keeps verifying after it.
 */
function stateSecret(stateDir: string, name: string): string {
  const file = join(stateDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const log = options.log ?? (() => undefined);
  const stateDir = resolve(options.stateDir ?? join(REPO_ROOT, '.local-cloud'));
  // The port is taken first: if it is in use, the start fails before anything is started or wiped.
  let listener: RequestListener = (_req, res) => {
    res.setHeader('retry-after', '2');
    sendError(res, 503, 'UNAVAILABLE', 'Il cloud locale è in avvio: riprovare tra qualche secondo.');
  };
  const gateway = createServer((req, res) => listener(req, res));
  const port = await listen(gateway, options.port ?? 3000);
  const url = `http://127.0.0.1:${port}`;
  const closeGateway = async () => {
    const closing = new Promise((r) => gateway.close(r));
    gateway.closeAllConnections();
    await closing;
  };

  const emulated = !options.endpointUrl;
  let outbox: Outbox;
  let emulators: Emulators;
  try {
    if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    outbox = new Outbox(join(stateDir, 'outbox.jsonl'), options.onOutbox);
    emulators = options.endpointUrl
      ? {
          services: Object.fromEntries(
            ['dynamodb', 'cognito', 'sqs', 'sns', 's3', 'kms'].map((s) => [s, options.endpointUrl as string]),
          ) as ServiceEndpoints,
          stop: async () => undefined,
        }
      : await startEmulators(stateDir, {
          region: LOCAL_REGION,
          credentials: DUMMY_CREDENTIALS,
          dynamoInMemory: options.dynamoInMemory ?? false,
          onCognitoMessage: (message) => outbox.add(fromCognito(message)),
          ...(options.emulatorLog ? { emulatorLog: options.emulatorLog } : {}),
        });
  } catch (error) {
    await closeGateway();
    throw error;
  }
  const credentials = emulated
    ? DUMMY_CREDENTIALS
    : {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? DUMMY_CREDENTIALS.accessKeyId,
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? DUMMY_CREDENTIALS.secretAccessKey,
      };
  const target: AwsTarget = {
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    credentials,
    services: emulators.services,
  };
  const clients = awsClients(target);
  let drain: { stop(): Promise<void> } | undefined;
  let sendsConsumer: { stop(): Promise<void> } | undefined;
  const endpointsFile = join(stateDir, 'endpoints.json');
  const stop = async () => {
    // A stopped cloud must not be found by the ops CLI.
    rmSync(endpointsFile, { force: true });
    await drain?.stop();
    // Before the emulators it talks to.
    await sendsConsumer?.stop();
    await closeGateway();
    clients.destroy();
    await emulators.stop();
  };
  try {
    const resources = await provision(clients, {
      stage: LOCAL_STAGE,
      cognitoIssuerBase: process.env.SPORTELLO_COGNITO_ISSUER_BASE ?? emulators.services.cognito,
      outbox: true,
      warn: log,
    });
    if (!emulated && !process.env.SPORTELLO_COGNITO_ISSUER_BASE) await discoverIssuers(resources, log);
    // Handlers read their configuration at cold start from the environment, as on Lambda.
    const env = {
      ...sdkEnv(target),
      ...resourceEnv(resources),
      [RECEIPT_SEED_ENV]: stateSecret(stateDir, 'receipt-seed'),
      [LOG_KEY_ENV]: stateSecret(stateDir, 'log-key'),
      LOCAL_CLOUD_DIR: stateDir,
    };
    Object.assign(process.env, env);
    if (resources.queues.outbox) {
      drain = drainNotifications(clients.sqs, resources.queues.outbox.url, outbox, log);
    }
    // The event source mapping and the reconciler's schedule of AWS (see lambdas/triggers/), in a process of their
    // own at a lower priority, as on their own compute there; not awaited: it polls the queue, events wait in it.
    sendsConsumer = startSendsConsumerProcess({ env, queue: resources.queues.sends, log });
    let endpoints: Endpoints | undefined;
    listener = gatewayListener({
      root: REPO_ROOT,
      verify: cognitoVerifier(resources.userPools),
      outbox,
      endpoints: () => endpoints,
      log,
    });
    endpoints = {
      url,
      apiUrl: `${url}/api`,
      region: target.region,
      credentials,
      emulated,
      services: emulators.services,
      resources,
      env,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    writeEndpoints(endpointsFile, endpoints);
    return { url, endpoints, endpointsFile, stateDir, outbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
