/**
 * Configuration table (keys `pk`, `sk`). Every read is strongly consistent and nothing is cached in the Lambda:
 * an operator's change applies to every request that arrives after the command exits (CONTRACT "Operator CLI").
 * - timetables: `TIMETABLE` / scope key (`GLOBAL`, `REGION#Lazio`, `AXIS#2`, `REGION#Lazio#AXIS#2`, see
 *   `scopeKey`) → `{moments:{m1…m6}, registrationCloses, updatedAt}`, instants as UTC epoch milliseconds;
 * - allocations: `ALLOCATION` / `<region>#<axis>` → `{region, axis, allocationCents}`;
 * - edition: `EDITION` / `CURRENT` → `{edition}`.
 */
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Allocation, ConfigStore, Edition } from '#domain/kernel/config';
import { scopeKey, type Timetable, TimetableSchema, type TimetableScope } from '#domain/kernel/timetable';
import { batchWriteAll, type Item } from './requests.ts';
import { DynamoTable } from './table.ts';
import { guard } from '#adapters/failures';

const TIMETABLE = 'TIMETABLE';
const ALLOCATION = 'ALLOCATION';
const allocationSk = (a: Pick<Allocation, 'region' | 'axis'>) => `${a.region}#${a.axis}`;

export class DynamoConfig extends DynamoTable implements ConfigStore {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(db, table);
  }

  async timetables(): Promise<Map<string, Timetable>> {
    return toTimetables(await this.partition(TIMETABLE));
  }

  async timetablesFor(scopeKeys: readonly string[]): Promise<Map<string, Timetable>> {
    if (scopeKeys.length === 0) return new Map();
    let keys: Record<string, unknown>[] = [...new Set(scopeKeys)].map((sk) => ({ pk: TIMETABLE, sk }));
    const items: Item[] = [];
    for (let attempt = 0; keys.length > 0; attempt++) {
      const out = await guard('dynamodb:BatchGetItem', () =>
        this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } })),
      );
      items.push(...((out.Responses?.[this.table] ?? []) as Item[]));
      keys = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
      if (attempt > 5 && keys.length > 0) return this.timetables().then((all) => pick(all, scopeKeys));
    }
    return toTimetables(items);
  }

  async setTimetable(scope: TimetableScope, timetable: Timetable): Promise<void> {
    const checked = TimetableSchema.parse(timetable);
    await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: TIMETABLE, sk: scopeKey(scope), ...checked, updatedAt: this.clock().toISOString() },
        }),
      ),
    );
  }

  async removeTimetable(scope: TimetableScope): Promise<void> {
    await guard('dynamodb:DeleteItem', () =>
      this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: TIMETABLE, sk: scopeKey(scope) } })),
    );
  }

  async allocations(): Promise<Allocation[]> {
    return (await this.partition(ALLOCATION)).map((i) => ({
      region: i.region as Allocation['region'],
      axis: i.axis as Allocation['axis'],
      allocationCents: Number(i.allocationCents),
    }));
  }

  /** Not one transaction (up to 147 rows): puts first, then deletes of rows no longer present. */
  async replaceAllocations(allocations: readonly Allocation[]): Promise<void> {
    const keep = new Set(allocations.map(allocationSk));
    const stale = (await this.partition(ALLOCATION)).filter((i) => !keep.has(String(i.sk)));
    await batchWriteAll(this.db, this.table, [
      ...allocations.map((a) => ({
        PutRequest: { Item: { pk: ALLOCATION, sk: allocationSk(a), ...a } },
      })),
      ...stale.map((i) => ({ DeleteRequest: { Key: { pk: ALLOCATION, sk: i.sk } } })),
    ]);
  }

  async edition(): Promise<Edition | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(
        new GetCommand({ TableName: this.table, Key: { pk: 'EDITION', sk: 'CURRENT' }, ConsistentRead: true }),
      ),
    );
    const value = out.Item?.edition;
    return value === 'isi2024' || value === 'isi2012' ? value : undefined;
  }

  async setEdition(edition: Edition): Promise<void> {
    await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: 'EDITION', sk: 'CURRENT', edition, updatedAt: this.clock().toISOString() },
        }),
      ),
    );
  }
}

/** Stored timetables are re-validated on read: a hand-edited item fails loudly instead of opening the counter. */
function toTimetables(items: Item[]): Map<string, Timetable> {
  return new Map(
    items.map((i) => [
      String(i.sk),
      TimetableSchema.parse({ moments: i.moments, registrationCloses: i.registrationCloses }),
    ]),
  );
}

function pick(all: Map<string, Timetable>, keys: readonly string[]): Map<string, Timetable> {
  return new Map([...all].filter(([k]) => keys.includes(k)));
}
