/**
 * What the counter needs from the configuration table for one list, in ONE strongly consistent BatchGetItem: the
 * timetables of the list's four scopes (region + axis, region, axis, global; the most specific wins, R2b) and the
 * list's allocation. Item layout as `config.ts` writes it (`TIMETABLE` / scope key, `ALLOCATION` / `region#axis`).
 * Nothing is cached: an operator's change applies to the next request (CONTRACT "Operator CLI").
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterConfig, CounterSettings } from '#domain/counter/ports';
import type { Axis, Region } from '#domain/kernel/geography';
import { scopeKey, type Timetable } from '#domain/kernel/timetable';
import { settingsFrom, settingsKeys, toTimetable } from './items.ts';
import type { Item } from './requests.ts';
import { DynamoTable } from './table.ts';
import { guard } from '#adapters/failures';

const MAX_ROUNDS = 6;

export class DynamoCounterConfig extends DynamoTable implements CounterConfig {
  async settingsFor(region: Region, axis: Axis): Promise<CounterSettings> {
    return settingsFrom(await this.batchGet(settingsKeys(region, axis)), region, axis);
  }

  async globalTimetable(): Promise<Timetable | null> {
    const [item] = await this.batchGet([{ pk: 'TIMETABLE', sk: scopeKey({}) }]);
    return item ? toTimetable(item) : null;
  }

  private async batchGet(keys: Record<string, string>[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Record<string, unknown>[] = keys;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error('config BatchGetItem left keys unprocessed');
      const out = await guard('dynamodb:BatchGetItem', () =>
        this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } })),
      );
      items.push(...((out.Responses?.[this.table] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
    }
    return items;
  }
}
