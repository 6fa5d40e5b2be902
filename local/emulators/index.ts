/**
 * The emulators of the local cloud, started concurrently under one state directory and stopped together
 * (see docs/local-cloud.md "What runs where").
 */
import { join } from 'node:path';
import type { Portal } from '#catalogue/resources';
import type { ServiceEndpoints } from '#local/endpoints';
import { type CognitoMessage, startCognito } from './cognito.ts';
import { type RunningEmulator, startDynamoDb } from './dynamodb.ts';
import { startKms } from './kms.ts';
import { startLambdas } from './lambda.ts';
import { startMessaging } from './messaging.ts';
import { startStorage } from './storage.ts';

export interface EmulatorOptions {
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** DynamoDB data in memory rather than under `<stateDir>/dynamodb`. */
  readonly dynamoInMemory?: boolean;
  readonly onCognitoMessage: (message: CognitoMessage) => void;
  readonly emulatorLog?: (line: string) => void;
}

export interface Emulators {
  readonly services: ServiceEndpoints;
  /** Tells the emulated pre token generation trigger which portal each provisioned pool is. */
  registerPool(poolId: string, portal: Portal): void;
  stop(): Promise<void>;
}

/** Started concurrently; if one fails, those already running are stopped before the error propagates. */
export async function startEmulators(stateDir: string, options: EmulatorOptions): Promise<Emulators> {
  const started: RunningEmulator[] = [];
  const track = async (emulator: Promise<RunningEmulator>) => {
    const running = await emulator;
    started.push(running);
    return running;
  };
  try {
    // cognito-local's trigger endpoint goes in its config: started first (an in-process server, instant).
    const lambdas = await startLambdas();
    started.push(lambdas);
    // Concurrently: DynamoDB Local's JVM dominates (~5 s), the others hide behind it.
    const [dynamodb, cognito, messaging, storage, kms] = await Promise.all([
      track(startDynamoDb(options.dynamoInMemory ? undefined : join(stateDir, 'dynamodb'), stateDir)),
      track(
        startCognito(join(stateDir, 'cognito'), {
          onMessage: options.onCognitoMessage,
          lambdaEndpoint: lambdas.endpoint,
          ...(options.emulatorLog ? { log: options.emulatorLog } : {}),
        }),
      ),
      track(startMessaging(options.region)),
      track(startStorage(join(stateDir, 's3'), options.credentials)),
      track(startKms({ stateDir: join(stateDir, 'kms'), region: options.region })),
    ]);
    const services: ServiceEndpoints = {
      dynamodb: dynamodb.endpoint,
      cognito: cognito.endpoint,
      sqs: messaging.endpoint,
      sns: messaging.endpoint,
      s3: storage.endpoint,
      kms: kms.endpoint,
    };
    return {
      services,
      registerPool: (poolId, portal) => lambdas.registerPool(poolId, portal),
      stop: () => Promise.all(started.map((e) => e.stop())).then(() => undefined),
    };
  } catch (error) {
    await Promise.allSettled(started.map((e) => e.stop()));
    throw error;
  }
}
