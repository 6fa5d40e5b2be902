/**
 * Turns a function's needs (`lambdas/catalogue/function-needs.ts`) into exactly two things: IAM statements on its role and
 * environment variables (names from `resources.ts`). Nothing else grants a Sportello function anything.
 */
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  type FunctionNeeds,
  LOG_KEY_ENV,
  RECEIPT_KEY_ENV,
  EDGE_ENV,
  RECEIPT_SEED_ENV,
  SMS_SENDER_ID_ENV,
  SMS_COUNTRIES_ENV,
  SMS_DELIVERY_ENV,
  type TableNeed,
  tableActions,
  type UserPoolNeed,
} from '#catalogue/function-needs';
import {
  BUCKETS,
  MAIL,
  NOTIFICATIONS_TOPIC,
  type Portal,
  SEND_QUEUE,
  TABLES,
  type TableId,
  USER_POOLS,
} from '#catalogue/resources';

/** The backend's view of one portal's identity provider. */
export interface PortalIdentity {
  readonly userPool: cognito.IUserPool;
  readonly clientId: string;
  /** Secrets Manager secret holding the backend app client's secret (read once at cold start). */
  readonly clientSecret: secrets.ISecret;
}

/** Where the product's notices are delivered (the data stack's queue, SES sender and configuration set). */
export interface NotificationDelivery {
  readonly queue: sqs.IQueue;
  /** The verified SES sender (`-c sesFromEmail`). */
  readonly from: string;
  readonly configurationSetName: string;
  readonly smsSenderId?: string;
}

/** Everything a need can name. */
export interface SportelloResources {
  readonly tables: Readonly<Record<TableId, dynamodb.ITableV2>>;
  readonly sendQueue: sqs.IQueue;
  readonly notificationsTopic: sns.ITopic;
  readonly receiptKey: kms.IKey;
  readonly receiptSeed: secrets.ISecret;
  /** The secret the transparency log's checkpoint key is derived from. */
  readonly logKeySecret: secrets.ISecret;
  readonly listsBucket: s3.IBucket;
  readonly identities: Readonly<Record<Portal, PortalIdentity>>;
  readonly notifications: NotificationDelivery;
  /** Countries (ISO 3166 codes) whose mobile numbers may receive the product's SMS. */
  readonly smsCountries: readonly string[];
  /** What the origin secret's rotation writes: the secret, the web ACL and the distribution. */
  readonly edge?: {
    readonly originSecret: secrets.ISecret;
    readonly webAcl: { readonly arn: string; readonly name: string; readonly id: string; readonly originRule: string };
    readonly distribution: { readonly arn: string; readonly id: string };
  };
}

function required<K extends keyof SportelloResources>(
  resources: Partial<SportelloResources>,
  key: K,
): SportelloResources[K] {
  const value = resources[key];
  if (!value) throw new Error(`A function needs "${key}" but it was not provided`);
  return value as SportelloResources[K];
}

export function bindNeeds(fn: lambda.Function, needs: FunctionNeeds, resources: Partial<SportelloResources>): void {
  const allow = (actions: string[], arns: string[]) =>
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: arns }));

  for (const [id, need] of Object.entries(needs.tables ?? {}) as [TableId, TableNeed][]) {
    const table = required(resources, 'tables')[id];
    const actions = tableActions(need);
    const arns = [table.tableArn];
    // Each index by name (not `index/*`): a Query may use exactly the indexes resources.ts defines.
    if (actions.includes('Query'))
      arns.push(...TABLES[id].indexes.map((index) => `${table.tableArn}/index/${index.name}`));
    allow(
      actions.map((action) => `dynamodb:${action}`),
      arns,
    );
    fn.addEnvironment(TABLES[id].env, table.tableName);
  }

  if (needs.sendQueue) {
    const queue = required(resources, 'sendQueue');
    fn.addEnvironment(SEND_QUEUE.env, queue.queueUrl);
    if (needs.sendQueue === 'send') allow(['sqs:SendMessage'], [queue.queueArn]);
    else fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
  }

  if (needs.notificationsTopic === 'publish') {
    const topic = required(resources, 'notificationsTopic');
    allow(['sns:Publish'], [topic.topicArn]);
    fn.addEnvironment(NOTIFICATIONS_TOPIC.env, topic.topicArn);
  }

  if (needs.notifications === 'deliver') bindDelivery(fn, required(resources, 'notifications'));
  if (needs.originRotation) {
    const edge = required(resources, 'edge') as NonNullable<SportelloResources['edge']>;
    allow(
      [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      [edge.originSecret.secretArn],
    );
    // GetRandomPassword names no resource.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }));
    allow(['wafv2:GetWebACL', 'wafv2:UpdateWebACL'], [edge.webAcl.arn]);
    allow(['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'], [edge.distribution.arn]);
    fn.addEnvironment(EDGE_ENV.webAclName, edge.webAcl.name);
    fn.addEnvironment(EDGE_ENV.webAclId, edge.webAcl.id);
    fn.addEnvironment(EDGE_ENV.originRule, edge.webAcl.originRule);
    fn.addEnvironment(EDGE_ENV.distributionId, edge.distribution.id);
  }

  if (needs.sms === 'send') {
    // Phone numbers have no ARN: allowing every resource that is NOT an SNS ARN allows phone numbers and nothing else.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }));
    fn.addEnvironment(SMS_DELIVERY_ENV, 'sns');
    fn.addEnvironment(SMS_COUNTRIES_ENV, required(resources, 'smsCountries').join(','));
  }

  for (const [portal, need] of Object.entries(needs.userPools ?? {}) as [Portal, UserPoolNeed][]) {
    const identity = required(resources, 'identities')[portal];
    const names = USER_POOLS[portal].env;
    fn.addEnvironment(names.poolId, identity.userPool.userPoolId);
    fn.addEnvironment(names.clientId, identity.clientId);
    if (need.admin.length > 0) {
      allow(
        need.admin.map((action) => `cognito-idp:${action}`),
        [identity.userPool.userPoolArn],
      );
    }
    if (need.clientSecret) {
      allow(['secretsmanager:GetSecretValue'], [identity.clientSecret.secretArn]);
      fn.addEnvironment(names.clientSecret, identity.clientSecret.secretArn);
    }
  }

  if (needs.receiptKey) {
    const seed = required(resources, 'receiptSeed');
    allow(['secretsmanager:GetSecretValue'], [seed.secretArn]);
    fn.addEnvironment(RECEIPT_SEED_ENV, seed.secretArn);
  }
  if (needs.receiptKey === 'certify') {
    const key = required(resources, 'receiptKey');
    allow(['kms:Sign', 'kms:GetPublicKey'], [key.keyArn]);
    fn.addEnvironment(RECEIPT_KEY_ENV, key.keyArn);
  }

  if (needs.listsBucket) {
    const bucket = required(resources, 'listsBucket');
    if (needs.listsBucket === 'read') {
      allow(['s3:ListBucket'], [bucket.bucketArn]);
      allow(['s3:GetObject'], [bucket.arnForObjects('*')]);
    } else {
      allow(['s3:PutObject'], [bucket.arnForObjects('*')]);
    }
    fn.addEnvironment(BUCKETS.lists.env, bucket.bucketName);
  }

  if (needs.logFiles) {
    const bucket = required(resources, 'listsBucket');
    // Only the log's files: a log writer cannot touch the published lists.
    const actions = needs.logFiles === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
    allow(actions, [bucket.arnForObjects('log/*')]);
    fn.addEnvironment(BUCKETS.lists.env, bucket.bucketName);
  }

  if (needs.logKey) {
    const secret = required(resources, 'logKeySecret');
    allow(['secretsmanager:GetSecretValue'], [secret.secretArn]);
    fn.addEnvironment(LOG_KEY_ENV, secret.secretArn);
  }
}

/**
 * The notification sender: consumes the delivery queue; `ses:SendEmail` as the sender's identity (the address and its
 * domain) through the configuration set only; `sns:Publish` to phone numbers only — SMS has no resource ARN, so the
 * publish is allowed on `*` and denied on every topic.
 */
function bindDelivery(fn: lambda.Function, delivery: NotificationDelivery): void {
  const stack = Stack.of(fn);
  fn.addEventSource(new SqsEventSource(delivery.queue, { batchSize: 10, reportBatchItemFailures: true }));
  const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  const domain = delivery.from.split('@')[1] ?? delivery.from;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        identity(delivery.from),
        identity(domain),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: delivery.configurationSetName }),
      ],
    }),
  );
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['sns:Publish'],
      resources: [stack.formatArn({ service: 'sns', resource: '*' })],
    }),
  );
  fn.addEnvironment(MAIL.fromEnv, delivery.from);
  fn.addEnvironment(MAIL.configurationSetEnv, delivery.configurationSetName);
  if (delivery.smsSenderId) fn.addEnvironment(SMS_SENDER_ID_ENV, delivery.smsSenderId);
}
