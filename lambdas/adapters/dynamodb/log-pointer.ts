/**
 * Which log the product appends to: `LOG` / `CURRENT` → `{name, origin, url, openedAt}` in the configuration table,
 * written by `ops log open` once the rules entry is in. No item: the log is off and the consumer only files sends.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '#adapters/failures';
import { DynamoTable } from './table.ts';

export interface LogPointer {
  /** The edition id: the log's files are at `/log/<name>/`. */
  name: string;
  origin: string;
  /** Public prefix of the log (`https://<site>/log/<name>/`). */
  url: string;
  openedAt: string;
}

const KEY = { pk: 'LOG', sk: 'CURRENT' };

export class DynamoLogPointer extends DynamoTable {
  constructor(db: DynamoDBDocumentClient, table: string) {
    super(db, table);
  }

  async current(): Promise<LogPointer | null> {
    const item = await this.item(KEY);
    if (!item) return null;
    return {
      name: String(item.name),
      origin: String(item.origin),
      url: String(item.url),
      openedAt: String(item.openedAt),
    };
  }

  async set(pointer: LogPointer): Promise<void> {
    await guard('dynamodb:PutItem', () =>
      this.db.send(new PutCommand({ TableName: this.table, Item: { ...KEY, ...pointer } })),
    );
  }
}
