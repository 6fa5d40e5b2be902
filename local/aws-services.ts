/**
 * Which AWS services the local cloud starts an emulator for and which it reaches elsewhere, from the SDK's own
 * variables: `AWS_ENDPOINT_URL_<SERVICE>` names one service's endpoint, `AWS_ENDPOINT_URL` every service not named
 * (a LocalStack), and a service named by neither keeps the project's emulator. `SPORTELLO_EXTERNAL_AWS=1` starts no
 * emulator at all: a service named by neither variable is then AWS itself, in `AWS_REGION`.
 */
import type { ServiceEndpoints } from './endpoints.ts';

export type ServiceKey = keyof ServiceEndpoints;

/** The region of the local cloud and of the provisioning CLI when `AWS_REGION` names none (Milan). */
export const LOCAL_REGION = 'eu-south-1';

/** Each service the cloud provisions or calls, with the id the SDK reads in `AWS_ENDPOINT_URL_<id>`. */
export const SDK_SERVICE_IDS: Readonly<Record<ServiceKey, string>> = {
  dynamodb: 'DYNAMODB',
  cognito: 'COGNITO_IDENTITY_PROVIDER',
  sqs: 'SQS',
  sns: 'SNS',
  s3: 'S3',
  kms: 'KMS',
  ses: 'SESV2',
};

/**
 * Services the handlers call that have no emulator of the project (the local cloud passes secrets in the environment
 * instead of Secrets Manager): their variables reach the handlers as given.
 */
export const PASSED_THROUGH = ['SECRETS_MANAGER'] as const;

/** The public endpoint of a service in `region`, where `SPORTELLO_EXTERNAL_AWS=1` names no other. */
const AWS_HOSTS: Readonly<Record<ServiceKey, string>> = {
  dynamodb: 'dynamodb',
  cognito: 'cognito-idp',
  sqs: 'sqs',
  sns: 'sns',
  s3: 's3',
  kms: 'kms',
  ses: 'email',
};

export interface ServicePlan {
  /** Services reached at an endpoint this cloud does not start. */
  readonly external: Partial<ServiceEndpoints>;
  /** Services whose emulator this cloud starts. */
  readonly emulate: readonly ServiceKey[];
}

export const externalAwsRequested = (env: NodeJS.ProcessEnv): boolean =>
  env.SPORTELLO_EXTERNAL_AWS === '1' || env.SPORTELLO_EXTERNAL_AWS === 'true';

/** Throws (Italian, for `npm start`) on an endpoint that is not an http(s) URL. */
export function planServices(env: NodeJS.ProcessEnv, region: string): ServicePlan {
  const external: Partial<Record<ServiceKey, string>> = {};
  const emulate: ServiceKey[] = [];
  const noEmulator = externalAwsRequested(env);
  for (const [key, id] of Object.entries(SDK_SERVICE_IDS) as [ServiceKey, string][]) {
    const name = env[`AWS_ENDPOINT_URL_${id}`] ? `AWS_ENDPOINT_URL_${id}` : 'AWS_ENDPOINT_URL';
    const url = env[name] || (noEmulator ? `https://${AWS_HOSTS[key]}.${region}.amazonaws.com` : undefined);
    if (!url) {
      emulate.push(key);
      continue;
    }
    if (!/^https?:\/\/[^/\s]+/.test(url)) {
      throw new Error(
        `${name}="${url}" non è un indirizzo valido: indicare un URL http(s), es. http://localhost:4566.`,
      );
    }
    external[key] = url.replace(/\/+$/, '');
  }
  return { external, emulate };
}

/** `AWS_ENDPOINT_URL_<SERVICE>` for the services handlers call without an emulator here, as the caller set them. */
export function passedThrough(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of PASSED_THROUGH) {
    const value = env[`AWS_ENDPOINT_URL_${id}`];
    if (value) out[`AWS_ENDPOINT_URL_${id}`] = value;
  }
  return out;
}

/**
 * Keys for external endpoints: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` when set; otherwise `test`/`test` (what
 * LocalStack and the emulators accept), except when every external endpoint is AWS itself: then none, and the SDK's
 * default chain (`AWS_PROFILE`, SSO…) decides.
 */
export function externalCredentials(
  external: Partial<ServiceEndpoints>,
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  // Temporary keys carry a session token: the default chain reads all three from the environment.
  if (env.AWS_SESSION_TOKEN) return undefined;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  }
  const urls = Object.values(external);
  if (urls.length > 0 && urls.every((url) => /\.amazonaws\.com(\.cn)?$/.test(new URL(url).hostname))) return undefined;
  return { accessKeyId: 'test', secretAccessKey: 'test' };
}

/** `SPORTELLO_STAGE` (default `local`): part of every resource name, so lower-case letters, digits and dashes. */
export function stageFrom(env: NodeJS.ProcessEnv): string {
  const stage = env.SPORTELLO_STAGE || 'local';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(
      `SPORTELLO_STAGE="${stage}" non è valido: usare da 1 a 20 caratteri tra lettere minuscole, cifre e trattini, iniziando con una lettera.`,
    );
  }
  return stage;
}
