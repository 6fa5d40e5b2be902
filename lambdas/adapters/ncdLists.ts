/**
 * R17c on the send path: a list (region × axis) is NCD when it has an allocation and its applications, sent or not,
 * request in total no more than it (CONTRACT "File formats"). The allocation is read on every call (an `import
 * allocations` applies at once). The list's total comes from the `byList` index and is remembered for a few seconds
 * per warm function: applications change only by `import applications`, and summing a list of thousands on every send
 * of the click-day burst would cost more than the send itself. So an import made while the counter is open changes
 * NCD decisions after at most TOTAL_TTL_MS.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NcdLists } from '#domain/counter/ports';
import type { Axis, Region } from '#domain/geography';
import type { Application, ConfigStore } from '#domain/ports';
import { guard } from './failures.ts';

export const LIST_INDEX = 'byList';
export const TOTAL_TTL_MS = 5_000;

export class DynamoNcdLists implements NcdLists {
  private readonly totals = new Map<string, { atMs: number; cents: Promise<number> }>();

  constructor(
    private readonly config: Pick<ConfigStore, 'allocations'>,
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async isNcd(application: Pick<Application, 'region' | 'axis'>): Promise<boolean> {
    const allocation = (await this.config.allocations()).find(
      (a) => a.region === application.region && a.axis === application.axis,
    );
    if (!allocation) return false;
    return (await this.totalRequested(application.region, application.axis)) <= allocation.allocationCents;
  }

  /** One query per list and period, shared by concurrent callers; a failed one is not remembered. */
  private totalRequested(region: Region, axis: Axis): Promise<number> {
    const key = `${region}#${axis}`;
    const now = this.nowMs();
    const known = this.totals.get(key);
    if (known && now - known.atMs < TOTAL_TTL_MS) return known.cents;
    const cents = this.sum(region, axis);
    this.totals.set(key, { atMs: now, cents });
    cents.catch(() => this.totals.delete(key));
    return cents;
  }

  private async sum(region: Region, axis: Axis): Promise<number> {
    let total = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await guard('dynamodb:Query', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.applicationsTable,
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
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return total;
  }
}
