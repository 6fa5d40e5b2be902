/**
 * The clean-up of a stage provisioned on an external endpoint (LocalStack, a sandbox account): every resource
 * `provision` makes for it, found by the same names from the same definitions (lambdas/catalogue/resources.ts),
 * deleted; what is already gone is skipped, so it can run twice. KMS keys cannot be deleted at once: the receipts'
 * root key loses its alias and is scheduled for deletion after the shortest window KMS allows (7 days).
 */
import { CognitoIdentityProviderClient, DeleteUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DeleteTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  DeleteAliasCommand,
  DescribeKeyCommand,
  type KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DeleteTopicCommand, ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import { DeleteQueueCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  BUCKETS,
  NOTIFICATION_QUEUE,
  NOTIFICATIONS_TOPIC,
  PORTALS,
  physicalName,
  SEND_QUEUE,
  TABLES,
  USER_POOLS,
} from '#catalogue/resources';
import type { AwsClients } from '#local/cloud-clients';
import { CODES_TABLE } from './codes.ts';
import { findPoolId } from './user-pools.ts';

/** An error that says the resource is not there (each service names it its own way). */
const GONE = /NotFound|NonExistent|NoSuch|does not exist|ResourceNotFound/i;
const gone = (error: unknown) =>
  error instanceof ResourceNotFoundException || GONE.test(`${(error as Error).name} ${(error as Error).message}`);

async function removed(what: string, remove: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await remove();
    return what;
  } catch (error) {
    if (gone(error)) return undefined;
    throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

async function tables(dynamodb: DynamoDBClient, stage: string) {
  const names = [...Object.values(TABLES), CODES_TABLE].map((t) => physicalName(stage, t.id));
  return Promise.all(
    names.map((name) => removed(`table ${name}`, () => dynamodb.send(new DeleteTableCommand({ TableName: name })))),
  );
}

async function queues(sqs: SQSClient, stage: string) {
  const names = [SEND_QUEUE, NOTIFICATION_QUEUE]
    .flatMap((q) => [q.name, q.dlqName])
    .map((id) => physicalName(stage, id));
  return Promise.all(
    names.map((name) =>
      removed(`queue ${name}`, async () => {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        await sqs.send(new DeleteQueueCommand({ QueueUrl }));
      }),
    ),
  );
}

async function topic(sns: SNSClient, stage: string) {
  const name = physicalName(stage, NOTIFICATIONS_TOPIC.name);
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ ...(NextToken ? { NextToken } : {}) }));
    const arn = page.Topics?.find((t) => t.TopicArn?.endsWith(`:${name}`))?.TopicArn;
    if (arn) return [await removed(`topic ${name}`, () => sns.send(new DeleteTopicCommand({ TopicArn: arn })))];
    NextToken = page.NextToken;
  } while (NextToken);
  return [];
}

/** The next objects to delete: every version where the endpoint keeps versions, else the objects themselves. */
async function objectsOf(s3: S3Client, bucket: string): Promise<{ Key: string; VersionId?: string }[]> {
  try {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    return [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key as string,
      ...(v.VersionId && v.VersionId !== 'null' ? { VersionId: v.VersionId } : {}),
    }));
  } catch (error) {
    // s3rver has no versioning API.
    if (!/MethodNotAllowed|NotImplemented/.test((error as Error).name)) throw error;
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (page.Contents ?? []).map((o) => ({ Key: o.Key as string }));
  }
}

/** A bucket must be empty, every version included, before it can be deleted. */
async function buckets(s3: S3Client, stage: string) {
  return Promise.all(
    Object.values(BUCKETS).map((bucket) => {
      const name = physicalName(stage, bucket.id);
      return removed(`bucket ${name}`, async () => {
        for (;;) {
          const objects = await objectsOf(s3, name);
          if (objects.length === 0) break;
          await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects, Quiet: true } }));
        }
        await s3.send(new DeleteBucketCommand({ Bucket: name }));
      });
    }),
  );
}

async function pools(cognito: CognitoIdentityProviderClient, stage: string) {
  return Promise.all(
    PORTALS.map(async (portal) => {
      const name = physicalName(stage, USER_POOLS[portal].name);
      const poolId = await findPoolId(cognito, name);
      return poolId
        ? removed(`user pool ${name}`, () => cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId })))
        : undefined;
    }),
  );
}

async function receiptKey(kms: KMSClient, stage: string) {
  const alias = `alias/${physicalName(stage, 'receipts')}`;
  const key = await kms.send(new DescribeKeyCommand({ KeyId: alias })).catch((error: unknown) => {
    if (gone(error)) return undefined;
    throw error;
  });
  const keyId = key?.KeyMetadata?.KeyId;
  if (!keyId) return [];
  return [
    await removed(`alias ${alias}`, () => kms.send(new DeleteAliasCommand({ AliasName: alias }))),
    await removed(`key ${keyId} (deletion scheduled in 7 days)`, () =>
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })),
    ),
  ];
}

/** Deletes the stage's resources; returns what was there and is now deleted (or scheduled for deletion). */
export async function cleanUp(clients: AwsClients, stage: string): Promise<string[]> {
  const done = await Promise.all([
    tables(clients.dynamodb, stage),
    // The topic first: its subscription to the delivery queue goes with it.
    topic(clients.sns, stage).then(async (t) => [...t, ...(await queues(clients.sqs, stage))]),
    buckets(clients.s3, stage),
    pools(clients.cognito, stage),
    receiptKey(clients.kms, stage),
  ]);
  return done.flat().filter((what): what is string => what !== undefined);
}
