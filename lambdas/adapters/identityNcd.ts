/**
 * R17c for registration (`NcdCheck`): the list's allocation from the configuration and the total requested by its
 * applications (sent or not) from the `byList` index of the applications table. Nothing is remembered between
 * calls: registration is not on the click-day burst, and an `import` must apply to the very next request.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NcdCheck } from '#domain/accounts/ports';
import type { Application, ConfigStore } from '#domain/ports';
import { guard } from './failures.ts';

const LIST_INDEX = 'byList';

export class DynamoNcdCheck implements NcdCheck {
  constructor(
    private readonly config: Pick<ConfigStore, 'allocations'>,
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
  ) {}

  async isNcd({ region, axis }: Pick<Application, 'region' | 'axis'>): Promise<boolean> {
    const allocation = (await this.config.allocations()).find((a) => a.region === region && a.axis === axis);
    if (!allocation) return false;
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
    return total <= allocation.allocationCents;
  }
}
