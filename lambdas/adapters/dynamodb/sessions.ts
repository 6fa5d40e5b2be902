/**
 * The current session of each account (R11) in the security table: `SESSION#<portal>#<sub>` / `CURRENT` →
 * `{sessionId, startedAt, lastSeenAt, sourceIp, tokenIds, refreshToken}`; a newer login replaces it. A token reset
 * leaves `{endedBy: "TOKEN_RESET", expiresAt}` in its place.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalFailure } from '#adapters/failures';
import type { SessionRecord, SessionStore } from '#domain/accounts/session';
import type { Portal } from '#domain/kernel/portal';
import { epochSeconds, sessionKey, toSession } from './items.ts';
import { DynamoTable } from './table.ts';

export class DynamoSessions extends DynamoTable implements SessionStore {
  async current(portal: Portal, sub: string): Promise<SessionRecord | undefined> {
    const item = await this.item(sessionKey(portal, sub));
    return item ? toSession(item) : undefined;
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

  async close(portal: Portal, sub: string, reason: 'TOKEN_RESET', at: Date, expiresAt: Date): Promise<void> {
    const instant = at.toISOString();
    const closed: SessionRecord = {
      sessionId: '',
      startedAt: instant,
      lastSeenAt: instant,
      sourceIp: '',
      tokenIds: [],
      endedBy: reason,
    };
    await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...sessionKey(portal, sub), ...closed, expiresAt: epochSeconds(expiresAt) },
        }),
      ),
    );
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
