/**
 * The local cloud: emulators (or an existing AWS-compatible endpoint), resources provisioned from the shared
 * definitions, the outbox and the local gateway, started together and stopped together.
 *
 * Programmatic use (bin/start.ts, the integration tests' global setup, tools):
 *   const cloud = await startLocalCloud({ port: 0, stateDir, fresh: true });
 *   … cloud.url, cloud.endpoints …
 *   await cloud.stop();
 */
// First: before any import loads the X-Ray SDK (see the file).
import './x-ray-manual-mode.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  applyFaults,
  FAULTS_FILE_ENV,
  type FaultInjection,
  type FaultState,
  FaultStateFile,
  HEALTHY,
  installFaults,
  parseFaultFlag,
  type SdkClient,
} from '#local/faults/index';
import {
  LOG_KEY_ENV,
  ORIGIN_SECRET_ENV,
  RECEIPT_SEED_ENV,
  SMS_COUNTRIES_ENV,
  SMS_DELIVERY_ENV,
  VIEWER_ADDRESS_HEADER,
  VIEWER_ADDRESS_HEADER_ENV,
} from '#catalogue/function-needs';
import { loadSiteConfig, smsCountriesOf } from '../web/site.ts';
import type { Portal } from '#catalogue/resources';
import { createServer, type RequestListener } from 'node:http';
import { join, resolve } from 'node:path';
import { externalCredentials, LOCAL_REGION, passedThrough, SDK_SERVICE_IDS, type ServiceKey } from './aws-services.ts';
import { type AwsTarget, awsClients } from './cloud-clients.ts';
import type { CognitoMessage } from '#local/emulators/cognito';
import { type Emulators, startEmulators } from '#local/emulators/index';
import { type Endpoints, type ServiceEndpoints, writeEndpoints } from './endpoints.ts';
import { cognitoVerifier } from '#local/gateway/auth';
import { listen } from '#local/gateway/listen';
import { sendError } from '#local/gateway/respond';
import { gatewayListener } from '#local/gateway/server';
import { captureEmf, METRICS_FILE } from './metrics-sink.ts';
import { runNotificationSubscriber } from './notification-subscriber.ts';
import { fromCognito, mailReader, Outbox, type OutboxMessage } from './outbox.ts';
import { codesRecorder } from '#local/provision/codes';
import { provision, resourceEnv } from '#local/provision/index';
import { discoverIssuers } from '#local/provision/issuers';
import { poolsByName } from '#local/provision/user-pools';
import { startSendsConsumerProcess } from './sends-consumer-supervisor.ts';
import { acquireStateLock, clearStateDir, type StateLock } from './state-lock.ts';

export { waitForHealth } from '#local/gateway/listen';

export const REPO_ROOT = resolve(__dirname, '..');
export const LOCAL_STAGE = 'local';
export { LOCAL_REGION } from './aws-services.ts';
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
  /**
   * Services reached at endpoints this cloud does not start (LocalStack, another cloud's emulators, AWS itself), as
   * `planServices` reads them from `AWS_ENDPOINT_URL[_<SERVICE>]`; every other service gets the project's emulator.
   * Default: none.
   */
  readonly external?: Partial<ServiceEndpoints>;
  /** The resources' stage: `sportello-<stage>-…`. Default `local`. */
  readonly stage?: string;
  readonly log?: (line: string) => void;
  /** Each outbox message as it arrives (the terminal print). */
  readonly onOutbox?: (message: OutboxMessage) => void;
  /** cognito-local's own log lines (noisy; default discarded). */
  readonly emulatorLog?: (line: string) => void;
  /** The fault switch's state at start, as `--faults` gives it: `kms=throttle,sqs=down`. Default: all `ok`. */
  readonly faults?: string;
}

export interface LocalCloud {
  readonly url: string;
  readonly endpoints: Endpoints;
  readonly endpointsFile: string;
  readonly stateDir: string;
  readonly outbox: Outbox;
  /** The fault switch (`/local/faults`) and the count of the product's AWS calls made in this process. */
  readonly faults: FaultInjection;
  stop(): Promise<void>;
}

/** Environment variables that point the SDK (and so the handlers' clients) at `services`. */
export function sdkEnv(target: AwsTarget): Record<string, string> {
  return {
    AWS_REGION: target.region,
    AWS_DEFAULT_REGION: target.region,
    ...(target.credentials
      ? { AWS_ACCESS_KEY_ID: target.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey }
      : {}),
    AWS_ENDPOINT_URL_DYNAMODB: target.services.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: target.services.cognito,
    AWS_ENDPOINT_URL_SQS: target.services.sqs,
    AWS_ENDPOINT_URL_SNS: target.services.sns,
    AWS_ENDPOINT_URL_S3: target.services.s3,
    AWS_ENDPOINT_URL_KMS: target.services.kms,
    AWS_ENDPOINT_URL_SESV2: target.services.ses,
  };
}

/**
 * A secret that Secrets Manager holds on AWS (the receipt key's seed, the log key's): random, kept under the state
 * directory so that what was signed before a restart keeps verifying after it.
 */
function receiptSeed(stateDir: string): string {
  return keptSecret(stateDir, 'receipt-seed');
}

/** A random secret kept under the state directory (mode 600), made on first use. */
function keptSecret(stateDir: string, name: string): string {
  const file = join(stateDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * An external SES's store if its first read works (the project's emulator run by another cloud), else no e-mail at
 * all, said once. After a first success, failures are reported as for the cloud's own emulator.
 */
function storeIfAny(read: () => Promise<OutboxMessage[]>, url: string, log: (line: string) => void) {
  let usable: boolean | undefined;
  return async (): Promise<OutboxMessage[]> => {
    if (usable === false) return [];
    try {
      const mail = await read();
      usable = true;
      return mail;
    } catch (error) {
      if (usable) throw error;
      usable = false;
      log(
        `SES ${url} keeps no store this cloud can read: its e-mails do not reach the outbox (${(error as Error).message})`,
      );
      return [];
    }
  };
}

/** The `--faults` value as a state; a bad one stops the start with the Italian message of each field. */
function startFaults(flag: string | undefined): FaultState {
  if (!flag) return HEALTHY;
  const parsed = parseFaultFlag(flag);
  if (!parsed.ok) throw new Error(`--faults: ${parsed.fields.map((f) => f.message).join(' ')}`);
  return applyFaults(HEALTHY, parsed.changes);
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

  const external = options.external ?? {};
  const emulate = (Object.keys(SDK_SERVICE_IDS) as ServiceKey[]).filter((s) => !external[s]);
  const emulated = emulate.length === Object.keys(SDK_SERVICE_IDS).length;
  const stage = options.stage ?? LOCAL_STAGE;
  // Bound once the clients exist; cognito-local delivers nothing before the pools are provisioned.
  let recordCode: ((message: CognitoMessage) => Promise<void>) | undefined;
  let outbox: Outbox;
  let emulators: Emulators;
  let lock: StateLock | undefined;
  try {
    mkdirSync(stateDir, { recursive: true });
    // Before anything reads or wipes the folder: a live cloud's files are never shared, nor deleted by --fresh.
    lock = acquireStateLock(stateDir, port, log);
    if (options.fresh) clearStateDir(stateDir);
    outbox = new Outbox(join(stateDir, 'outbox.jsonl'), options.onOutbox);
    emulators = await startEmulators(stateDir, {
      region: LOCAL_REGION,
      credentials: DUMMY_CREDENTIALS,
      dynamoInMemory: options.dynamoInMemory ?? false,
      only: emulate,
      onCognitoMessage: (message) => {
        outbox.add(fromCognito(message));
        void recordCode?.(message);
      },
      ...(options.emulatorLog ? { emulatorLog: options.emulatorLog } : {}),
    });
  } catch (error) {
    lock?.release();
    await closeGateway();
    throw error;
  }
  const credentials = emulated ? DUMMY_CREDENTIALS : externalCredentials(external, process.env);
  const services = { ...emulators.services, ...external } as ServiceEndpoints;
  const target: AwsTarget = { region: process.env.AWS_REGION ?? LOCAL_REGION, credentials, services };
  const clients = awsClients(target);
  if (!external.cognito) {
    recordCode = codesRecorder(clients, log);
    // Other stages' pools on this Cognito (a cloud reaching it as an external endpoint) get their trigger too.
    const poolOf = poolsByName(clients.cognito);
    emulators.findPools(async (poolId) => (await poolOf(poolId))?.portal);
  }
  // The fault switch: the product's DynamoDB, SQS and KMS calls (handlers here, the consumer in its process) fail as
  // AWS fails while it says so; the cloud's own plumbing is exempt (local/faults/README.md).
  const faultsFile = new FaultStateFile(join(stateDir, 'faults.json'));
  faultsFile.write(startFaults(options.faults));
  const faults = installFaults(faultsFile);
  faults.exempt(...Object.values(clients).filter((c): c is SdkClient => typeof c === 'object'));
  let subscriber: { stop(): Promise<void> } | undefined;
  // The functions' EMF lines, as CloudWatch would extract them from their logs (local/metrics-sink.ts).
  const releaseStdout = captureEmf(process.stdout, join(stateDir, METRICS_FILE));
  let sendsConsumer: { stop(): Promise<void> } | undefined;
  const endpointsFile = join(stateDir, 'endpoints.json');
  const stop = async () => {
    // A stopped cloud must not be found by the ops CLI.
    rmSync(endpointsFile, { force: true });
    await subscriber?.stop();
    // Before the emulators it talks to.
    await sendsConsumer?.stop();
    await closeGateway();
    clients.destroy();
    faults.uninstall();
    await emulators.stop();
    releaseStdout();
    lock?.release();
  };
  try {
    const resources = await provision(clients, {
      stage,
      cognitoIssuerBase: process.env.SPORTELLO_COGNITO_ISSUER_BASE ?? services.cognito,
      codes: true,
      warn: log,
    });
    if (external.cognito && !process.env.SPORTELLO_COGNITO_ISSUER_BASE) await discoverIssuers(resources, log);
    // An external Cognito runs the pools' triggers itself, or not at all (docs/local-cloud.md).
    if (!external.cognito) {
      for (const [portal, pool] of Object.entries(resources.userPools)) {
        emulators.registerPool(pool.poolId, portal as Portal);
      }
    }
    // Handlers read their configuration at cold start from the environment, as on Lambda.
    const env = {
      ...sdkEnv(target),
      ...passedThrough(process.env),
      ...resourceEnv(resources),
      [RECEIPT_SEED_ENV]: receiptSeed(stateDir),
      [LOG_KEY_ENV]: keptSecret(stateDir, 'log-key'),
      [FAULTS_FILE_ENV]: faultsFile.path,
      // The gateway plays CloudFront: it stamps the viewer address and the origin secret, which the handlers check
      // before trusting the address, as on AWS.
      [VIEWER_ADDRESS_HEADER_ENV]: VIEWER_ADDRESS_HEADER,
      [ORIGIN_SECRET_ENV]: keptSecret(stateDir, 'origin-secret'),
      // The product's own SMS go to the outbox through the topic (the SNS emulator cannot text a phone), to the
      // countries of the site configuration, as on AWS.
      [SMS_DELIVERY_ENV]: 'topic',
      [SMS_COUNTRIES_ENV]: smsCountriesOf(loadSiteConfig()).join(','),
      LOCAL_CLOUD_DIR: stateDir,
    };
    Object.assign(process.env, env);
    // The e-mails the SES emulator took: ours, or an external one if it keeps them the same way (the project's emulator
    // run by another cloud); LocalStack and AWS keep their own, and the outbox then has no e-mail (docs/testing.md).
    const readMail = external.ses ? storeIfAny(mailReader(external.ses), external.ses, log) : mailReader(services.ses);
    const syncMail = async () => {
      for (const message of await readMail()) outbox.add(message);
    };
    outbox.syncMail = syncMail;
    subscriber = runNotificationSubscriber({
      sqs: clients.sqs,
      queue: resources.queues.notifications,
      outbox,
      syncMail,
      warn: log,
    });
    // The event source mapping and the reconciler's schedule of AWS (see lambdas/triggers/), in a process of their
    // own at a lower priority, as on their own compute there; not awaited: it polls the queue, events wait in it.
    sendsConsumer = startSendsConsumerProcess({ env, queue: resources.queues.sends, log });
    let endpoints: Endpoints | undefined;
    listener = gatewayListener({
      root: REPO_ROOT,
      verify: cognitoVerifier(resources.userPools),
      edge: { originSecret: env[ORIGIN_SECRET_ENV] },
      outbox,
      faults: faultsFile,
      calls: faults,
      endpoints: () => endpoints,
      log,
    });
    endpoints = {
      url,
      apiUrl: `${url}/api`,
      region: target.region,
      credentials,
      emulated,
      services,
      external: Object.keys(external) as ServiceKey[],
      resources,
      env,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    writeEndpoints(endpointsFile, endpoints);
    return { url, endpoints, endpointsFile, stateDir, outbox, faults, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
