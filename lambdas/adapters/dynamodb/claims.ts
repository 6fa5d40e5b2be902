/**
 * Claims table (key `claim`, TTL `expiresAt` in epoch seconds). Item: `{claim, owner, claimedAt, expiresAt?}`.
 * DynamoDB TTL deletes lapsed items lazily (up to days later), so every condition and read treats
 * `expiresAt <= now` as absent: a lapsed registration frees its e-mail and token at once, not when TTL gets round to it.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim, ClaimKey, ClaimOutcome, ClaimStore } from '#domain/accounts/claims';
import { epochSeconds } from './items.ts';
import type { Item } from './requests.ts';
import { DynamoTable } from './table.ts';
import { guard, isConditionalFailure } from '#adapters/failures';

export class DynamoClaims extends DynamoTable implements ClaimStore {
  async claim(key: ClaimKey, owner: string, at: Date, expiresAt?: Date): Promise<ClaimOutcome> {
    try {
      await guard('dynamodb:PutItem', () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              claim: key,
              owner,
              claimedAt: at.toISOString(),
              ...(expiresAt ? { expiresAt: epochSeconds(expiresAt) } : {}),
            },
            ConditionExpression:
              'attribute_not_exists(#claim) OR #owner = :owner OR (attribute_exists(expiresAt) AND expiresAt <= :now)',
            ExpressionAttributeNames: { '#claim': 'claim', '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner, ':now': epochSeconds(at) },
          }),
        ),
      );
      return { won: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      const holder = await this.get(key, at);
      // The holder can only vanish between our write and this read if it was released meanwhile: still a loss now.
      return { won: false, heldBy: holder?.owner ?? '' };
    }
  }

  async confirm(key: ClaimKey, owner: string, at: Date): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { claim: key },
          UpdateExpression: 'REMOVE expiresAt',
          ConditionExpression: '#owner = :owner AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':now': epochSeconds(at) },
        }),
      ),
    );
  }

  async release(key: ClaimKey, owner: string): Promise<boolean> {
    return this.conditional(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { claim: key },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async get(key: ClaimKey, at: Date): Promise<Claim | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: { claim: key }, ConsistentRead: true })),
    );
    const item = out.Item as Item | undefined;
    if (!item) return undefined;
    const expires = typeof item.expiresAt === 'number' ? item.expiresAt : undefined;
    if (expires !== undefined && expires <= epochSeconds(at)) return undefined;
    return {
      key,
      owner: String(item.owner),
      claimedAt: String(item.claimedAt),
      ...(expires !== undefined ? { expiresAt: new Date(expires * 1000).toISOString() } : {}),
    };
  }

  private async conditional(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await guard('dynamodb:conditional-write', call);
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
