/**
 * The privacy purge's access to one table (`domain/accounts/privacy-purge.ts` decides what to do with each item):
 * every item read page by page, strongly consistent; deletions in batches; pseudonyms written over the named
 * attributes only, on an item that still exists (a purge never recreates what someone deleted meanwhile).
 */
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalFailure } from '#adapters/failures';
import { batchWriteAll, type Item } from './requests.ts';

export class DynamoPurgeTable {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** The table's key attributes (partition key first). */
    readonly keyNames: readonly string[],
  ) {}

  /** Calls `visit` with each page of the table's items, in turn. */
  async eachPage(visit: (items: Item[]) => Promise<void>): Promise<void> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await guard('dynamodb:Scan', () =>
        this.db.send(new ScanCommand({ TableName: this.table, ConsistentRead: true, ExclusiveStartKey })),
      );
      await visit((page.Items ?? []) as Item[]);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async deleteAll(keys: readonly Item[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.table,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }

  /** Overwrites `changes` on the item of `key`; false when the item is gone. */
  async overwrite(key: Item, changes: Item): Promise<boolean> {
    const names = Object.keys(changes);
    try {
      await guard('dynamodb:UpdateItem', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
            ConditionExpression: 'attribute_exists(#key)',
            ExpressionAttributeNames: {
              '#key': this.keyNames[0] ?? '',
              ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
            },
            ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, changes[name]])),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
