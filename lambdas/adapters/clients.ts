/**
 * The one place that builds AWS SDK v3 clients. Every handler and adapter takes its clients from here, so the
 * endpoint rule, retries and timeouts cannot differ between functions.
 *
 * Endpoint: `AWS_ENDPOINT_URL_<SERVICE>` if set, else `AWS_ENDPOINT_URL`, else the real AWS endpoint of `AWS_REGION`.
 * The local cloud sets these to its emulators; with an endpoint and no credentials in the environment, dummy static
 * credentials are used (emulators accept any). SQS always gets its endpoint explicitly (otherwise it follows the queue
 * URL's host); S3 uses path-style addressing whenever an endpoint is set.
 *
 * Burst tuning (click day: thousands of sends in the first seconds): keep-alive sockets with a generous pool, a short
 * connect timeout (1 s: a peer that does not accept in 1 s is down, not slow) and a bounded request timeout (3 s), and
 * the SDK's `standard` retry mode with 3 attempts (exponential backoff with jitter and a retry-token bucket, so a
 * throttled table sees fewer, spread retries instead of a synchronized storm). The worst case stays well inside API
 * Gateway's 29 s: then the caller gets 503 UNAVAILABLE with retry-after, and nothing was recorded.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Service ids as the SDK spells them in `AWS_ENDPOINT_URL_<SERVICE>`. */
export type ServiceId =
  'DYNAMODB' | 'COGNITO_IDENTITY_PROVIDER' | 'SQS' | 'SNS' | 'S3' | 'KMS' | 'SECRETS_MANAGER' | 'SESV2';

export interface ClientOptions {
  /** Overrides the environment for every service (tests). */
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface AwsClients {
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  cognito: CognitoIdentityProviderClient;
  sqs: SQSClient;
  sns: SNSClient;
  s3: S3Client;
  kms: KMSClient;
  secrets: SecretsManagerClient;
  sesv2: SESv2Client;
}

export const CLIENT_DEFAULTS = {
  maxAttempts: 3,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 3_000,
  maxSockets: 128,
  region: 'eu-south-1',
} as const;

/**
 * Emulators (any explicit endpoint) share a laptop's cores with everything else, and a burst of new connections to a
 * JVM (DynamoDB Local) can wait seconds to be accepted: there, slower is not down.
 */
export const EMULATOR_DEFAULTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 15_000 } as const;

export function endpointFor(service: ServiceId, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** Builds a full set of clients. Handlers use the module-scope `awsClients()` instead. */
export function buildClients(options: ClientOptions = {}): AwsClients {
  const env = options.env ?? process.env;
  const agent = { keepAlive: true, maxSockets: CLIENT_DEFAULTS.maxSockets };
  const common = (service: ServiceId) => {
    const endpoint = options.endpoint ?? endpointFor(service, env);
    const timeouts = endpoint ? EMULATOR_DEFAULTS : CLIENT_DEFAULTS;
    const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
    return {
      region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? CLIENT_DEFAULTS.region,
      maxAttempts: options.maxAttempts ?? CLIENT_DEFAULTS.maxAttempts,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? timeouts.connectionTimeoutMs,
        requestTimeout: options.requestTimeoutMs ?? timeouts.requestTimeoutMs,
        // Without this the handler only warns when the timeout passes and keeps waiting.
        throwOnRequestTimeout: true,
        httpAgent: agent,
        httpsAgent: agent,
      },
      ...(endpoint ? { endpoint } : {}),
      ...(endpoint && !hasCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    } as const;
  };
  const dynamo = new DynamoDBClient(common('DYNAMODB'));
  const s3Endpoint = options.endpoint ?? endpointFor('S3', env);
  return {
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo, {
      // Optional fields are simply absent from items; class instances (Date) must be converted by the adapter.
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, convertClassInstanceToMap: false },
      unmarshallOptions: { wrapNumbers: false },
    }),
    cognito: new CognitoIdentityProviderClient(common('COGNITO_IDENTITY_PROVIDER')),
    sqs: new SQSClient({ ...common('SQS'), useQueueUrlAsEndpoint: false }),
    sns: new SNSClient(common('SNS')),
    s3: new S3Client({ ...common('S3'), forcePathStyle: Boolean(s3Endpoint) }),
    kms: new KMSClient(common('KMS')),
    secrets: new SecretsManagerClient(common('SECRETS_MANAGER')),
    sesv2: new SESv2Client(common('SESV2')),
  };
}

let shared: AwsClients | undefined;

/**
 * Module-scope singletons: built on first use, reused by every invocation of the warm Lambda. On Lambda each call is
 * an X-Ray subsegment (Powertools Tracer; it does nothing outside Lambda).
 */
export function awsClients(): AwsClients {
  if (!shared) {
    shared = buildClients();
    const tracer = new Tracer();
    for (const [name, client] of Object.entries(shared)) {
      // The document client sends through the DynamoDB client's middleware stack: traced once, there.
      if (name !== 'documents') tracer.captureAWSv3Client(client);
    }
  }
  return shared;
}
