/**
 * Security table (keys `pk`, `sk`; TTL `expiresAt` in epoch seconds). Three kinds of item:
 * - lockout (R10): `LOCKOUT#<portal>#<account>` / `SOURCE#<address>` → `{failures, lockouts, lockedUntil|null, updatedAt,
 *   version, expiresAt}` (instants epoch ms, expiresAt epoch s); written with optimistic concurrency on `version` so parallel wrong passwords are all counted;
 * - current session (R11): `SESSION#<portal>#<sub>` / `CURRENT` → `{sessionId, startedAt, lastSeenAt, sourceIp,
 *   tokenIds}`;
 * - rate counters: `RATE#<name>#<subject>` / `WINDOW#<window start epoch s>` → `{hits, expiresAt}`, atomic ADD.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LockoutState, LockoutStore, Versioned } from '#domain/accounts/lockout';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { SessionRecord, SessionStore } from '#domain/accounts/session';
import type { Portal } from '#domain/kernel/portal';
import { batchWriteAll, epochSeconds, type Item, queryAll } from './requests.ts';
import { guard, isConditionalFailure } from '#adapters/failures';

const lockoutPk = (portal: Portal, account: string) => `LOCKOUT#${portal}#${account.trim().toLowerCase()}`;
export const sessionKey = (portal: Portal, sub: string) => ({ pk: `SESSION#${portal}#${sub}`, sk: 'CURRENT' });

export class DynamoLockouts implements LockoutStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(portal: Portal, account: string, source: string): Promise<Versioned<LockoutState> | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: lockoutPk(portal, account), sk: `SOURCE#${source}` },
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Item as Item | undefined;
    if (!item) return undefined;
    const value: LockoutState = {
      failures: Number(item.failures),
      lockouts: Number(item.lockouts),
      lockedUntil: typeof item.lockedUntil === 'number' ? item.lockedUntil : null,
      updatedAt: Number(item.updatedAt),
    };
    return { value, version: Number(item.version) };
  }

  async write(
    portal: Portal,
    account: string,
    source: string,
    state: LockoutState,
    expectedVersion: number | undefined,
    expiresAt: Date,
  ): Promise<boolean> {
    try {
      await guard('dynamodb:PutItem', () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk: lockoutPk(portal, account),
              sk: `SOURCE#${source}`,
              failures: state.failures,
              lockouts: state.lockouts,
              lockedUntil: state.lockedUntil,
              updatedAt: state.updatedAt,
              version: (expectedVersion ?? 0) + 1,
              expiresAt: epochSeconds(expiresAt),
            },
            ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
            ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async clear(portal: Portal, account: string): Promise<void> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': lockoutPk(portal, account) },
      ProjectionExpression: 'pk, sk',
    });
    await batchWriteAll(
      this.db,
      this.table,
      items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })),
    );
  }
}

export class DynamoSessions implements SessionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async current(portal: Portal, sub: string): Promise<SessionRecord | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: sessionKey(portal, sub), ConsistentRead: true })),
    );
    return out.Item ? toSession(out.Item) : undefined;
  }

  async start(portal: Portal, sub: string, session: SessionRecord): Promise<SessionRecord | undefined> {
    const out = await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...sessionKey(portal, sub), ...session },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes ? toSession(out.Attributes) : undefined;
  }

  async touch(portal: Portal, sub: string, sessionId: string, at: string, tokenId?: string): Promise<boolean> {
    try {
      await guard('dynamodb:UpdateItem', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: sessionKey(portal, sub),
            UpdateExpression: tokenId
              ? 'SET lastSeenAt = :at, tokenIds = list_append(tokenIds, :ids)'
              : 'SET lastSeenAt = :at',
            ConditionExpression: 'sessionId = :sid',
            ExpressionAttributeValues: { ':at': at, ':sid': sessionId, ...(tokenId ? { ':ids': [tokenId] } : {}) },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async end(portal: Portal, sub: string, sessionId?: string): Promise<void> {
    try {
      await guard('dynamodb:DeleteItem', () =>
        this.db.send(
          new DeleteCommand({
            TableName: this.table,
            Key: sessionKey(portal, sub),
            ...(sessionId
              ? { ConditionExpression: 'sessionId = :sid', ExpressionAttributeValues: { ':sid': sessionId } }
              : {}),
          }),
        ),
      );
    } catch (error) {
      // A newer session replaced this one: it is already ended.
      if (!isConditionalFailure(error)) throw error;
    }
  }
}

export class DynamoRateCounter implements RateCounter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number> {
    const { key, windowStart } = rateCounterKey(name, subject, windowSeconds, at);
    const out = await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)',
          // Kept one extra window so a late reader never sees a reset counter mid-window.
          ExpressionAttributeValues: { ':one': 1, ':expires': windowStart + 2 * windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.hits ?? 0);
  }
}

/** The item of one rate counter window (also read directly by the counter's batched send read). */
export function rateCounterKey(name: string, subject: string, windowSeconds: number, at: Date) {
  const now = epochSeconds(at);
  const windowStart = now - (now % windowSeconds);
  return { key: { pk: `RATE#${name}#${subject}`, sk: `WINDOW#${windowStart}` }, windowStart };
}

export function toSession(item: Item): SessionRecord {
  return {
    sessionId: String(item.sessionId),
    startedAt: String(item.startedAt),
    lastSeenAt: String(item.lastSeenAt),
    sourceIp: String(item.sourceIp),
    tokenIds: Array.isArray(item.tokenIds) ? item.tokenIds.map(String) : [],
  };
}
