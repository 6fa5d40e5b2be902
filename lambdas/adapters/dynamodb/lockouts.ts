/**
 * Lockout counters (R10) in the security table: `LOCKOUT#<portal>#<account>` / `SOURCE#<address>` →
 * `{failures, lockouts, lockedUntil|null, updatedAt, version, expiresAt}` (instants epoch ms, expiresAt epoch s),
 * written with optimistic concurrency on `version` so parallel wrong passwords are all counted.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalFailure } from '#adapters/failures';
import type { LockoutState, LockoutStore, Versioned } from '#domain/accounts/lockout';
import type { Portal } from '#domain/kernel/portal';
import { epochSeconds } from './items.ts';
import { batchWriteAll, queryAll } from './requests.ts';
import { DynamoTable } from './table.ts';

const lockoutPk = (portal: Portal, account: string) => `LOCKOUT#${portal}#${account.trim().toLowerCase()}`;

export class DynamoLockouts extends DynamoTable implements LockoutStore {
  async read(portal: Portal, account: string, source: string): Promise<Versioned<LockoutState> | undefined> {
    const item = await this.item({ pk: lockoutPk(portal, account), sk: `SOURCE#${source}` });
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
