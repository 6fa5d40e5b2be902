/**
 * Provisioning from the shared definitions (lambdas/catalogue/resources.ts), against any AWS-compatible endpoints:
 * the local emulators or a LocalStack. Idempotent: on kept state it finds what exists and adds what is missing.
 */
import { MAIL, physicalName, PORTALS, USER_POOLS } from '#catalogue/resources';

/** Who the local cloud's e-mail comes from (the SES emulator accepts any sender). */
export const LOCAL_MAIL_FROM = 'noreply@sportello.localhost';
import type { AwsClients } from '#local/cloud-clients';
import type { Provisioned } from '#local/endpoints';
import { provisionBuckets } from './buckets.ts';
import { provisionCodesTable } from './codes.ts';
import { provisionReceiptKey } from './keys.ts';
import { provisionNotificationQueue, provisionSendQueue, provisionTopic } from './messaging.ts';
import { provisionTables } from './tables.ts';
import { provisionUserPools } from './user-pools.ts';

export interface ProvisionOptions {
  readonly stage: string;
  /** What precedes `/<poolId>` in the user pools' token issuer (the Cognito endpoint's URL locally). */
  readonly cognitoIssuerBase: string;
  /** The verification codes table (local/provision/codes.ts): local clouds and test stages only. Default false. */
  readonly codes?: boolean;
  /** The IAM role the user pools send SMS through: a real one on AWS (`SPORTELLO_COGNITO_SMS_ROLE_ARN`). */
  readonly smsRoleArn?: string;
  readonly warn?: (message: string) => void;
}

export async function provision(clients: AwsClients, options: ProvisionOptions): Promise<Provisioned> {
  const warn = options.warn ?? (() => undefined);
  const messaging = (async () => {
    const [queues, topics] = await Promise.all([
      provisionSendQueue(clients.sqs, options.stage),
      provisionTopic(clients.sns, options.stage),
    ]);
    const deliveries = await provisionNotificationQueue(
      clients.sqs,
      clients.sns,
      options.stage,
      topics.notifications.arn,
    );
    return { queues: { ...queues, ...deliveries }, topics };
  })();
  const [tables, userPools, buckets, { queues, topics }, receipt, codes] = await Promise.all([
    provisionTables(clients.dynamodb, options.stage),
    provisionUserPools(clients.cognito, options.stage, options.cognitoIssuerBase, options.smsRoleArn),
    provisionBuckets(clients.s3, options.stage, warn),
    messaging,
    provisionReceiptKey(clients.kms, options.stage),
    options.codes ? provisionCodesTable(clients.dynamodb, options.stage) : undefined,
  ]);
  return {
    stage: options.stage,
    tables,
    userPools,
    buckets,
    queues,
    topics,
    keys: { receipt },
    ...(codes ? { codes } : {}),
  };
}

/** The environment a handler gets: every resource name under the variable resources.ts assigns it. */
export function resourceEnv(resources: Provisioned): Record<string, string> {
  const env: Record<string, string> = {};
  for (const table of Object.values(resources.tables)) env[table.env] = table.name;
  for (const bucket of Object.values(resources.buckets)) env[bucket.env] = bucket.name;
  env[resources.queues.sends.env] = resources.queues.sends.url;
  env[resources.queues.notifications.env] = resources.queues.notifications.url;
  // The local sender address and configuration set (on AWS: `-c sesFromEmail` and the data stack's set).
  env[MAIL.fromEnv] = LOCAL_MAIL_FROM;
  env[MAIL.configurationSetEnv] = physicalName(resources.stage, MAIL.configurationSet);
  env[resources.topics.notifications.env] = resources.topics.notifications.arn;
  env[resources.keys.receipt.env] = resources.keys.receipt.arn;
  for (const portal of PORTALS) {
    const names = USER_POOLS[portal].env;
    const pool = resources.userPools[portal];
    env[names.poolId] = pool.poolId;
    env[names.clientId] = pool.clientId;
    // Locally the variable carries the secret itself; on AWS it names where the secret is kept.
    env[names.clientSecret] = pool.clientSecret;
  }
  return env;
}
