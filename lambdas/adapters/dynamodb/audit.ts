/**
 * Audit table (keys `pk`, `sk`), append-only (R20): every put is `attribute_not_exists`, nothing is updated or
 * deleted. The day's trail is spread over `DAY#<YYYY-MM-DD>#<shard>` partitions (16 random shards: a click-day burst
 * of sends would overrun one partition's write limit) and read back by merging the shards; rule evidence (R11, R19)
 * also goes to the single `EVIDENCE` partition, which stays small and is listed by the operator.
 * `sk` = `<ISO instant>#<random hex>`: time-ordered, unique. Item: `{pk, sk, kind, at, actor, subject?, data?}`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog, AuditRecord } from '#domain/kernel/audit';
import { type Item } from './requests.ts';
import { DynamoTable } from './table.ts';
import { guard } from '#adapters/failures';

export const AUDIT_SHARDS = 16;
const EVIDENCE = 'EVIDENCE';

export class DynamoAudit extends DynamoTable implements AuditLog {
  async append(entry: AuditEntry): Promise<AuditRecord> {
    const { item, record } = this.itemFor(entry);
    await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
    return record;
  }

  async appendEvidence(entry: AuditEntry): Promise<AuditRecord> {
    const { item, record } = this.itemFor(entry);
    const put = (pk: string) => ({
      Put: { TableName: this.table, Item: { ...item, pk }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await guard('dynamodb:TransactWriteItems', () =>
      this.db.send(new TransactWriteCommand({ TransactItems: [put(String(item.pk)), put(EVIDENCE)] })),
    );
    return record;
  }

  async listEvidence(): Promise<AuditRecord[]> {
    return (await this.partition(EVIDENCE)).map(toRecord);
  }

  async listDay(day: string): Promise<AuditRecord[]> {
    const shards = await Promise.all(
      Array.from({ length: AUDIT_SHARDS }, (_, shard) => this.partition(`DAY#${day}#${shard}`)),
    );
    return shards
      .flat()
      .map(toRecord)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private itemFor(entry: AuditEntry): { item: Item; record: AuditRecord } {
    const at = new Date(entry.at);
    if (Number.isNaN(at.getTime())) throw new TypeError(`audit entry with an invalid instant: ${entry.at}`);
    const iso = at.toISOString();
    // 64 random bits: two entries in the same millisecond never collide in practice, and the condition proves it.
    const id = `${iso}#${randomBytes(8).toString('hex')}`;
    const record: AuditRecord = { ...entry, at: iso, id };
    return { item: { pk: `DAY#${iso.slice(0, 10)}#${randomInt(AUDIT_SHARDS)}`, sk: id, ...entry, at: iso }, record };
  }
}

function toRecord(item: Item): AuditRecord {
  const record: AuditRecord = {
    id: String(item.sk),
    kind: String(item.kind),
    at: String(item.at),
    actor: String(item.actor),
  };
  if (item.subject !== undefined) record.subject = String(item.subject);
  if (item.data !== undefined) record.data = item.data as Record<string, unknown>;
  return record;
}
