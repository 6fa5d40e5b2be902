/**
 * SDK v3 clients aimed at the local cloud's services, for provisioning, the outbox and tests. (Handlers get their
 * clients from the adapters' factory through environment variables; this is the local cloud's own plumbing.)
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ServiceEndpoints } from './endpoints.ts';

export interface AwsTarget {
  readonly region: string;
  /** Static keys (emulators, LocalStack); absent: the SDK's default chain (a profile, against AWS itself). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly services: ServiceEndpoints;
}

export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  destroy(): void;
}

export function awsClients(target: AwsTarget): AwsClients {
  const base = {
    region: target.region,
    maxAttempts: 3,
    ...(target.credentials ? { credentials: target.credentials } : {}),
  };
  const clients = {
    dynamodb: new DynamoDBClient({ ...base, endpoint: target.services.dynamodb }),
    cognito: new CognitoIdentityProviderClient({ ...base, endpoint: target.services.cognito }),
    // Explicit endpoint: otherwise the SQS client follows the host inside each queue URL.
    sqs: new SQSClient({ ...base, endpoint: target.services.sqs }),
    sns: new SNSClient({ ...base, endpoint: target.services.sns }),
    s3: new S3Client({ ...base, endpoint: target.services.s3, forcePathStyle: true }),
    kms: new KMSClient({ ...base, endpoint: target.services.kms }),
  };
  return {
    ...clients,
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
