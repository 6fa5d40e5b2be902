/**
 * What every repository over one table shares: the document client, the table's physical name, a strongly consistent
 * read of one item by key and a paged query of one partition (every read an operator's change must see at once).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '#adapters/failures';
import { type Item, queryAll } from './requests.ts';

export abstract class DynamoTable {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  /** One item by key, read strongly consistent; undefined when absent. */
  protected async item(key: Record<string, unknown>): Promise<Item | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })),
    );
    return out.Item as Item | undefined;
  }

  /** Every item of one partition (`pk`), read strongly consistent. */
  protected partition(pk: string): Promise<Item[]> {
    return queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
  }
}
