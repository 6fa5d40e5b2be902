/**
 * The documents outcomes (R22b) in the configuration table. Each import is kept whole under its own partition,
 * `OUTCOMES#<importId>` / `<token>` → `{outcome, decidedAt, note}`, and becomes the current one only when every row is
 * written, by ONE put of the pointer `OUTCOMES` / `CURRENT` → `{importId, importedAt, importedBy, rows, source,
 * sha256}`. So the last import wins, a failed one changes nothing that is read, and earlier imports stay (the audit
 * trail names them).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Token } from '#domain/kernel/token';
import type { OutcomeRow } from '#domain/lists/records';
import { guard } from '#adapters/failures';
import { batchWriteAll } from './requests.ts';
import { DynamoTable } from './table.ts';

const POINTER = { pk: 'OUTCOMES', sk: 'CURRENT' };

export interface OutcomesImport {
  importId: string;
  importedAt: string;
  importedBy: string;
  rows: number;
  /** The file's name as the operator gave it, and its SHA-256: which file this was. */
  source: string;
  sha256: string;
}

export class DynamoOutcomes extends DynamoTable {
  async current(): Promise<OutcomesImport | undefined> {
    const item = await this.item(POINTER);
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...meta } = item;
    return meta as unknown as OutcomesImport;
  }

  /** The rows of the current import, by token; empty before the first import. */
  async currentRows(): Promise<OutcomeRow[]> {
    const current = await this.current();
    if (!current) return [];
    return (await this.partition(`OUTCOMES#${current.importId}`)).map((item) => ({
      token: String(item.sk) as Token,
      outcome: item.outcome === 'DECADUTA' ? 'DECADUTA' : 'PERFEZIONATA',
      decidedAt: typeof item.decidedAt === 'string' ? item.decidedAt : null,
      note: typeof item.note === 'string' ? item.note : null,
      line: 0,
    }));
  }

  /** Writes the rows under `meta.importId`, then makes them current. */
  async replace(rows: readonly OutcomeRow[], meta: OutcomesImport): Promise<void> {
    const pk = `OUTCOMES#${meta.importId}`;
    await batchWriteAll(
      this.db,
      this.table,
      rows.map((row) => ({
        PutRequest: {
          Item: {
            pk,
            sk: row.token,
            outcome: row.outcome,
            ...(row.decidedAt === null ? {} : { decidedAt: row.decidedAt }),
            ...(row.note === null ? {} : { note: row.note }),
          },
        },
      })),
    );
    await guard('dynamodb:PutItem', () =>
      this.db.send(new PutCommand({ TableName: this.table, Item: { ...POINTER, ...meta } })),
    );
  }
}
