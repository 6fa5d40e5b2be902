/**
 * R17c on the send path: the total requested by a list's applications (sent or not), from the `byList` index. The
 * total is remembered for a few seconds per warm function: applications change only by `import applications`, and
 * summing a list of thousands on every send of the click-day burst would cost more than the send itself. So an import
 * made while the counter is open changes NCD decisions after at most TOTAL_TTL_MS (the allocation, the other half of
 * the decision, is read on every send).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ListTotals } from '#domain/counter/ports';
import type { Axis, Region } from '#domain/kernel/geography';
import { guard } from '#adapters/failures';

export const LIST_INDEX = 'byList';
export const TOTAL_TTL_MS = 5_000;

export class DynamoListTotals implements ListTotals {
  private readonly totals = new Map<string, { atMs: number; cents: Promise<number> }>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** One query per list and period, shared by concurrent callers; a failed one is not remembered. */
  requestedCents(region: Region, axis: Axis): Promise<number> {
    const key = `${region}#${axis}`;
    const now = this.nowMs();
    const known = this.totals.get(key);
    if (known && now - known.atMs < TOTAL_TTL_MS) return known.cents;
    const cents = sumRequestedCents(this.db, this.applicationsTable, region, axis);
    this.totals.set(key, { atMs: now, cents });
    cents.catch(() => this.totals.delete(key));
    return cents;
  }
}

/** The total requested by a list's applications (sent or not), paging through the `byList` index. */
export async function sumRequestedCents(
  db: DynamoDBDocumentClient,
  applicationsTable: string,
  region: Region,
  axis: Axis,
): Promise<number> {
  return (await listDemand(db, applicationsTable, region, axis)).requestedCents;
}

/** A list's demand (R22a, R17c): the total requested by its applications, sent or not, annulled or not, and their count. */
export async function listDemand(
  db: DynamoDBDocumentClient,
  applicationsTable: string,
  region: Region,
  axis: Axis,
): Promise<{ requestedCents: number; count: number }> {
  let total = 0;
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await guard('dynamodb:Query', () =>
      db.send(
        new QueryCommand({
          TableName: applicationsTable,
          IndexName: LIST_INDEX,
          KeyConditionExpression: '#region = :region AND #axis = :axis',
          ExpressionAttributeNames: { '#region': 'region', '#axis': 'axis' },
          ExpressionAttributeValues: { ':region': region, ':axis': axis },
          ProjectionExpression: 'requestedCents',
          ExclusiveStartKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) total += Number(item.requestedCents ?? 0);
    count += page.Items?.length ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { requestedCents: total, count };
}
