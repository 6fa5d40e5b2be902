/**
 * Storage of the live provisional ranking in the config table, and the queue/topic edges of the consumer and the
 * reconciler.
 *
 * Entry: `pk = LIVE#<region>#<axis>#<bucket>`, `sk = <arrivalTime>#<token>`, `{token, region, axis, arrivalTime,
 * receiptId, filedAt, notifiedAt?}`. The sort key is the recorded arrival (ISO UTC with milliseconds sorts as time),
 * so a Query returns a list in arrival order whatever order the events came in. A list is spread over the same
 * `SEND_GROUP_BUCKETS` buckets as its message groups (one partition would cap a popular list at ~1,000 writes/s);
 * reading it merges the buckets.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Axis, type Region } from '#domain/kernel/geography';
import type { LiveEntry, LiveRanking, SentApplication } from '#domain/counter/live-ranking';
import { SEND_GROUP_BUCKETS, tokenBucket } from '#domain/counter/send-event';
import { LIST_BUCKET_DIGITS, listBucket } from './items.ts';
import { queryAll } from './requests.ts';
import { guard } from '#adapters/failures';

const livePk = (region: string, axis: string, bucket: number) => `LIVE#${region}#${axis}#${bucket}`;

export class DynamoLiveRanking implements LiveRanking {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly configTable: string,
  ) {}

  async file(entry: LiveEntry, at: Date): Promise<{ notified: boolean }> {
    const out = await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.configTable,
          Key: this.key(entry),
          UpdateExpression:
            'SET #token = :token, #region = :region, #axis = :axis, arrivalTime = :arrival, receiptId = :receipt, filedAt = if_not_exists(filedAt, :at)',
          ExpressionAttributeNames: { '#token': 'token', '#region': 'region', '#axis': 'axis' },
          ExpressionAttributeValues: {
            ':token': entry.token,
            ':region': entry.region,
            ':axis': entry.axis,
            ':arrival': entry.arrivalTime,
            ':receipt': entry.receiptId,
            ':at': at.toISOString(),
          },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return { notified: Boolean(out.Attributes?.notifiedAt) };
  }

  async markNotified(entry: LiveEntry, at: Date): Promise<void> {
    await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.configTable,
          Key: this.key(entry),
          UpdateExpression: 'SET notifiedAt = if_not_exists(notifiedAt, :at)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
  }

  async list(region: Region, axis: Axis): Promise<LiveEntry[]> {
    const buckets = await Promise.all(
      Array.from({ length: SEND_GROUP_BUCKETS }, (_, bucket) =>
        queryAll(this.db, {
          TableName: this.configTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': livePk(region, axis, bucket) },
          ConsistentRead: true,
        }),
      ),
    );
    return buckets
      .flat()
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : String(a.sk) > String(b.sk) ? 1 : 0))
      .map((item) => ({
        token: String(item.token),
        region,
        axis,
        arrivalTime: String(item.arrivalTime),
        receiptId: String(item.receiptId),
      }));
  }

  private key(entry: LiveEntry) {
    return {
      pk: livePk(entry.region, entry.axis, tokenBucket(entry.token)),
      sk: `${entry.arrivalTime}#${entry.token}`,
    };
  }
}

/**
 * Sends of one list, through the sends index `byListBucket` (one query per bucket of the list, `items.ts`).
 */
export async function sentApplicationsIn(
  db: DynamoDBDocumentClient,
  sendsTable: string,
  region: Region,
  axis: Axis,
): Promise<SentApplication[]> {
  const buckets = await Promise.all(
    LIST_BUCKET_DIGITS.map((digit) =>
      queryAll(db, {
        TableName: sendsTable,
        IndexName: 'byListBucket',
        KeyConditionExpression: 'listBucket = :bucket',
        ExpressionAttributeValues: { ':bucket': listBucket(region, axis, digit) },
      }),
    ),
  );
  return buckets.flat().map((item) => ({ token: String(item.token), sentAt: String(item.arrivalTime) }));
}
