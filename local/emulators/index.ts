/**
 * The emulators of the local cloud, started concurrently under one state directory and stopped together
 * (see docs/local-cloud.md "What runs where").
 */
import { join } from 'node:path';
import { SDK_SERVICE_IDS, type ServiceKey } from '#local/aws-services';
import type { Portal } from '#catalogue/resources';
import type { ServiceEndpoints } from '#local/endpoints';
import { type CognitoMessage, startCognito } from './cognito.ts';
import { type RunningEmulator, startDynamoDb } from './dynamodb.ts';
import { startKms } from './kms.ts';
import { startMail } from './mail.ts';
import { type PoolFinder, startLambdas } from './lambda.ts';
import { startMessaging } from './messaging.ts';
import { startStorage } from './storage.ts';

export interface EmulatorOptions {
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** DynamoDB data in memory rather than under `<stateDir>/dynamodb`. */
  readonly dynamoInMemory?: boolean;
  readonly onCognitoMessage: (message: CognitoMessage) => void;
  readonly emulatorLog?: (line: string) => void;
  /** Start only these (the others are reached elsewhere). Default: every one. */
  readonly only?: readonly ServiceKey[];
}

export interface Emulators {
  /** The endpoints of the emulators started (all of them unless `only` said otherwise). */
  readonly services: Partial<ServiceEndpoints>;
  /** Tells the emulated pre token generation trigger which portal each provisioned pool is. */
  registerPool(poolId: string, portal: Portal): void;
  /** And how it finds the portal of a pool no one registered (lambda.ts). */
  findPools(find: PoolFinder): void;
  stop(): Promise<void>;
}

/** Started concurrently (none when `only` is empty); if one fails, those already running are stopped before the error propagates. */
export async function startEmulators(stateDir: string, options: EmulatorOptions): Promise<Emulators> {
  const started: RunningEmulator[] = [];
  const track = async (emulator: Promise<RunningEmulator>) => {
    const running = await emulator;
    started.push(running);
    return running;
  };
  const wanted = new Set<ServiceKey>(options.only ?? (Object.keys(SDK_SERVICE_IDS) as ServiceKey[]));
  const when = <T>(needed: boolean, start: () => Promise<T>) => (needed ? start() : Promise.resolve(undefined));
  try {
    // cognito-local's trigger endpoint goes in its config: started first (an in-process server, instant).
    const lambdas = await startLambdas();
    started.push(lambdas);
    // Concurrently: DynamoDB Local's JVM dominates (~5 s), the others hide behind it.
    const [dynamodb, cognito, messaging, storage, kms, mail] = await Promise.all([
      when(wanted.has('dynamodb'), () =>
        track(startDynamoDb(options.dynamoInMemory ? undefined : join(stateDir, 'dynamodb'), stateDir)),
      ),
      when(wanted.has('cognito'), () =>
        track(
          startCognito(join(stateDir, 'cognito'), {
            onMessage: options.onCognitoMessage,
            lambdaEndpoint: lambdas.endpoint,
            ...(options.emulatorLog ? { log: options.emulatorLog } : {}),
          }),
        ),
      ),
      // One emulator for both: started if either is wanted.
      when(wanted.has('sqs') || wanted.has('sns'), () => track(startMessaging(options.region))),
      when(wanted.has('s3'), () => track(startStorage(join(stateDir, 's3'), options.credentials))),
      when(wanted.has('kms'), () => track(startKms({ stateDir: join(stateDir, 'kms'), region: options.region }))),
      when(wanted.has('ses'), () => track(startMail())),
    ]);
    const services: Partial<ServiceEndpoints> = {
      ...(dynamodb ? { dynamodb: dynamodb.endpoint } : {}),
      ...(cognito ? { cognito: cognito.endpoint } : {}),
      ...(messaging && wanted.has('sqs') ? { sqs: messaging.endpoint } : {}),
      ...(messaging && wanted.has('sns') ? { sns: messaging.endpoint } : {}),
      ...(storage ? { s3: storage.endpoint } : {}),
      ...(kms ? { kms: kms.endpoint } : {}),
      ...(mail ? { ses: mail.endpoint } : {}),
    };
    return {
      services,
      registerPool: (poolId, portal) => lambdas.registerPool(poolId, portal),
      findPools: (find) => lambdas.findPools(find),
      stop: () => Promise.all(started.map((e) => e.stop())).then(() => undefined),
    };
  } catch (error) {
    await Promise.allSettled(started.map((e) => e.stop()));
    throw error;
  }
}
