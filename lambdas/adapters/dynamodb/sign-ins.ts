/**
 * The sign-in guard's records (`domain/accounts/sign-in-guard.ts`) in the security table, one partition per account:
 * `SIGNIN#<portal>#<account>` / `SOURCE#<source block>` → a source the account proved itself from (`expiresAt`), and
 * `… / GUARD` → `{unknownAttempts, failures, lastFailureAt, expiresAt}`: attempts forwarded from unknown sources and
 * wrong passwords the provider saw since the last completed login. Counts are atomic ADDs, so parallel attempts from
 * many addresses can never forward more than the allowance.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalFailure } from '#adapters/failures';
import type { ProviderFailures, SignInGuardStore } from '#domain/accounts/sign-in-guard';
import type { Portal } from '#domain/kernel/portal';
import { epochSeconds } from './items.ts';
import { DynamoTable } from './table.ts';

const partition = (portal: Portal, account: string) => `SIGNIN#${portal}#${account.trim().toLowerCase()}`;
const guardKey = (portal: Portal, account: string) => ({ pk: partition(portal, account), sk: 'GUARD' });

export class DynamoSignIns extends DynamoTable implements SignInGuardStore {
  async isKnown(portal: Portal, account: string, source: string): Promise<boolean> {
    const item = await this.item({ pk: partition(portal, account), sk: `SOURCE#${source}` });
    return item !== undefined && Number(item.expiresAt) * 1000 > Date.now();
  }

  async remember(portal: Portal, account: string, source: string, until: Date): Promise<void> {
    await guard('dynamodb:PutItem', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: partition(portal, account), sk: `SOURCE#${source}`, expiresAt: epochSeconds(until) },
        }),
      ),
    );
  }

  async reserveUnknown(portal: Portal, account: string, max: number, expiresAt: Date): Promise<boolean> {
    try {
      await guard('dynamodb:UpdateItem', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: guardKey(portal, account),
            UpdateExpression: 'ADD unknownAttempts :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(unknownAttempts) OR unknownAttempts < :max',
            ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': epochSeconds(expiresAt) },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async countFailure(
    portal: Portal,
    account: string,
    at: Date,
    expiresAt: Date,
    restart: boolean,
  ): Promise<ProviderFailures> {
    const out = await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: guardKey(portal, account),
          UpdateExpression: restart
            ? 'SET failures = :one, lastFailureAt = :at, expiresAt = :expires'
            : 'ADD failures :one SET lastFailureAt = :at, expiresAt = :expires',
          ExpressionAttributeValues: { ':one': 1, ':at': at.getTime(), ':expires': epochSeconds(expiresAt) },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return { failures: Number(out.Attributes?.failures ?? 1), lastFailureAt: Number(out.Attributes?.lastFailureAt) };
  }

  async failures(portal: Portal, account: string): Promise<ProviderFailures | undefined> {
    const item = await this.item(guardKey(portal, account));
    if (!item || typeof item.failures !== 'number') return undefined;
    return { failures: item.failures, lastFailureAt: Number(item.lastFailureAt) };
  }

  async clear(portal: Portal, account: string): Promise<void> {
    await guard('dynamodb:DeleteItem', () =>
      this.db.send(new DeleteCommand({ TableName: this.table, Key: guardKey(portal, account) })),
    );
  }
}
