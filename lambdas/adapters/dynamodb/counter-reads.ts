/**
 * What the counter's click-day paths decide on, each in ONE strongly consistent BatchGetItem across tables:
 * - a send: the caller's current session and its window of the per-account send counter (security table), the
 *   application item (binding, consumption, annulment), the list's timetables and allocation (configuration table);
 * - a send form: the caller's session and the list's timetables and allocation.
 * One request instead of three on the hot path; the counter is written only when an attempt is refused
 * (`domain/counter/rateLimits.ts`).
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BoundApplication, CounterReads, FormSnapshot, SendSnapshot } from '#domain/counter/ports';
import { SEND_ACCOUNT_LIMIT_NAME, SEND_WINDOW_SECONDS } from '#domain/counter/send';
import type { Item } from './requests.ts';
import { guard, retryThrottled } from '#adapters/failures';
import { rateCounterKey, sessionKey, settingsFrom, settingsKeys, toApplication, toSession } from './items.ts';

const MAX_ROUNDS = 6;

export interface CounterReadTables {
  applications: string;
  config: string;
  security: string;
}

type Keys = Record<string, unknown>[];

export class DynamoCounterReads implements CounterReads {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CounterReadTables,
  ) {}

  async forSend(bound: BoundApplication, sub: string, atMs: number, deadlineMs = atMs): Promise<SendSnapshot> {
    const session = sessionKey('participant', sub);
    const rate = rateCounterKey(SEND_ACCOUNT_LIMIT_NAME, sub, SEND_WINDOW_SECONDS, new Date(atMs)).key;
    const found = await retryThrottled(deadlineMs, () =>
      this.batch({
        [this.tables.applications]: [{ token: bound.token }],
        [this.tables.config]: settingsKeys(bound.region, bound.axis),
        [this.tables.security]: [session, rate],
      }),
    );
    const security = found[this.tables.security] ?? [];
    const applicationItem = found[this.tables.applications]?.[0];
    return {
      session: sessionOf(security, session),
      application: applicationItem ? toApplication(applicationItem) : undefined,
      settings: settingsFrom(found[this.tables.config] ?? [], bound.region, bound.axis),
      refusedAttempts: Number(itemAt(security, rate)?.hits ?? 0),
    };
  }

  async forForm(bound: BoundApplication, sub: string): Promise<FormSnapshot> {
    const session = sessionKey('participant', sub);
    const found = await this.batch({
      [this.tables.config]: settingsKeys(bound.region, bound.axis),
      [this.tables.security]: [session],
    });
    return {
      session: sessionOf(found[this.tables.security] ?? [], session),
      settings: settingsFrom(found[this.tables.config] ?? [], bound.region, bound.axis),
    };
  }

  /** One BatchGetItem (a few more rounds only for keys DynamoDB left unprocessed); items by table. */
  private async batch(keys: Record<string, Keys>): Promise<Record<string, Item[]>> {
    let pending = Object.fromEntries(
      Object.entries(keys).map(([table, tableKeys]) => [table, { Keys: tableKeys, ConsistentRead: true as const }]),
    );
    const found: Record<string, Item[]> = {};
    for (let round = 0; Object.keys(pending).length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error('counter BatchGetItem left keys unprocessed');
      const out = await guard('dynamodb:BatchGetItem', () =>
        this.db.send(new BatchGetCommand({ RequestItems: pending })),
      );
      for (const [table, items] of Object.entries(out.Responses ?? {})) {
        found[table] = [...(found[table] ?? []), ...(items as Item[])];
      }
      pending = Object.fromEntries(
        Object.entries(out.UnprocessedKeys ?? {}).map(([table, request]) => [
          table,
          { Keys: (request.Keys ?? []) as Keys, ConsistentRead: true as const },
        ]),
      );
    }
    return found;
  }
}

/** The item of `key` among a table's answers (BatchGetItem returns them in no particular order). */
const itemAt = (items: readonly Item[], key: { pk: string; sk: string }) =>
  items.find((i) => i.pk === key.pk && i.sk === key.sk);

function sessionOf(items: readonly Item[], key: { pk: string; sk: string }) {
  const item = itemAt(items, key);
  return item ? toSession(item) : undefined;
}
