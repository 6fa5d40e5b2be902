/**
 * Everything a send decides on, in ONE strongly consistent BatchGetItem across three tables: the application item
 * (binding, consumption, annulment), the list's timetables and allocation (configuration table), and the caller's
 * current window of the per-account send counter (security table). One request instead of three on the hot path;
 * the counter is written only when an attempt is refused (`domain/counter/rateLimits.ts`).
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BoundApplication, CounterReads, SendSnapshot } from '#domain/counter/ports';
import { SEND_ACCOUNT_LIMIT_NAME, SEND_WINDOW_SECONDS } from '#domain/counter/rateLimits';
import { toApplication } from './applications.ts';
import { settingsFrom, settingsKeys } from './counterConfig.ts';
import type { Item } from './dynamo.ts';
import { guard } from './failures.ts';
import { rateCounterKey } from './security.ts';

const MAX_ROUNDS = 6;

export interface CounterReadTables {
  applications: string;
  config: string;
  security: string;
}

export class DynamoCounterReads implements CounterReads {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CounterReadTables,
  ) {}

  async forSend(bound: BoundApplication, sub: string, atMs: number): Promise<SendSnapshot> {
    const rate = rateCounterKey(SEND_ACCOUNT_LIMIT_NAME, sub, SEND_WINDOW_SECONDS, new Date(atMs)).key;
    let pending: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: true }> = {
      [this.tables.applications]: { Keys: [{ token: bound.token }], ConsistentRead: true },
      [this.tables.config]: { Keys: settingsKeys(bound.region, bound.axis), ConsistentRead: true },
      [this.tables.security]: { Keys: [rate], ConsistentRead: true },
    };
    const found: Record<string, Item[]> = {};
    for (let round = 0; Object.keys(pending).length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error('send BatchGetItem left keys unprocessed');
      const out = await guard('dynamodb:BatchGetItem', () =>
        this.db.send(new BatchGetCommand({ RequestItems: pending })),
      );
      for (const [table, items] of Object.entries(out.Responses ?? {})) {
        found[table] = [...(found[table] ?? []), ...(items as Item[])];
      }
      pending = Object.fromEntries(
        Object.entries(out.UnprocessedKeys ?? {}).map(([table, request]) => [
          table,
          { Keys: (request.Keys ?? []) as Record<string, unknown>[], ConsistentRead: true as const },
        ]),
      );
    }
    const applicationItem = found[this.tables.applications]?.[0];
    return {
      application: applicationItem ? toApplication(applicationItem) : undefined,
      settings: settingsFrom(found[this.tables.config] ?? [], bound.region, bound.axis),
      refusedAttempts: Number(found[this.tables.security]?.[0]?.hits ?? 0),
    };
  }
}
