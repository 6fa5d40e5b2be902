/**
 * The accounts use cases' own short-lived records, in the security table (keys `pk`, `sk`; TTL `expiresAt` in epoch
 * seconds — DynamoDB deletes lazily, so every read also checks the expiry itself):
 * - pending login: `LOGIN#<id>` / `PENDING` → the login between password and SMS code (≤ 5 minutes), `wrongCodes`;
 * - registration: `REGISTRATION#<portal>#<address>` / `CURRENT` → registration id, sub, token, state, phone; a
 *   participant's is also copied to `REGISTRATION_TOKEN#<token>` / `CURRENT` (same expiry), and the participant a
 *   reset removed is `REGISTRATION_TOKEN#<token>` / `FORMER`;
 * - refresh binding: `REFRESH#<sha256 of the refresh token>` / `BINDING` → portal, sub, session id (the token itself
 *   is never stored);
 * - flag: `FLAG#<key>` / `FLAG` → raised until an instant.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  FormerParticipant,
  FlagStore,
  PendingLogin,
  PendingLoginStore,
  RefreshBinding,
  RefreshStore,
  Registration,
  RegistrationStore,
} from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';
import { epochSeconds } from './items.ts';
import type { Item } from './requests.ts';
import { DynamoTable } from './table.ts';
import { guard, isConditionalFailure } from '#adapters/failures';

const loginKey = (id: string) => ({ pk: `LOGIN#${id}`, sk: 'PENDING' });
const registrationKey = (portal: Portal, address: string) => ({
  pk: `REGISTRATION#${portal}#${address.trim().toLowerCase()}`,
  sk: 'CURRENT',
});
const tokenCopyKey = (token: string) => ({ pk: `REGISTRATION_TOKEN#${token}`, sk: 'CURRENT' });
const formerKey = (token: string) => ({ pk: `REGISTRATION_TOKEN#${token}`, sk: 'FORMER' });
const refreshKey = (token: string) => ({
  pk: `REFRESH#${createHash('sha256').update(token).digest('base64url')}`,
  sk: 'BINDING',
});
const flagKey = (key: string) => ({ pk: `FLAG#${key}`, sk: 'FLAG' });

abstract class SecurityItems extends DynamoTable {
  protected async read(key: Record<string, string>, nowMs: number): Promise<Item | undefined> {
    const item = await this.item(key);
    if (!item) return undefined;
    if (typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= nowMs) return undefined;
    return item;
  }

  protected async write(item: Item): Promise<void> {
    await guard('dynamodb:PutItem', () => this.db.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  protected async remove(key: Record<string, string>): Promise<void> {
    await guard('dynamodb:DeleteItem', () => this.db.send(new DeleteCommand({ TableName: this.table, Key: key })));
  }
}

export class DynamoPendingLogins extends SecurityItems implements PendingLoginStore {
  async put(login: PendingLogin): Promise<void> {
    // `expiresAt` of the item is the TTL (seconds, rounded up so the record never dies before the login does).
    const { expiresAt, ...rest } = login;
    await this.write({
      ...loginKey(login.id),
      ...rest,
      expiresAtMs: expiresAt,
      expiresAt: Math.ceil(expiresAt / 1000),
      wrongCodes: 0,
    });
  }

  async get(id: string, now: Date): Promise<PendingLogin | undefined> {
    const item = await this.read(loginKey(id), now.getTime());
    if (!item || Number(item.expiresAtMs) <= now.getTime()) return undefined;
    const { pk: _pk, sk: _sk, expiresAtMs, expiresAt: _ttl, wrongCodes: _wrong, ...login } = item;
    return { ...(login as unknown as Omit<PendingLogin, 'expiresAt'>), expiresAt: Number(expiresAtMs) };
  }

  async countWrongCode(id: string, challengeSession?: string): Promise<number> {
    try {
      const out = await guard('dynamodb:UpdateItem', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: loginKey(id),
            UpdateExpression: challengeSession
              ? 'ADD wrongCodes :one SET challengeSession = :session'
              : 'ADD wrongCodes :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': 1, ...(challengeSession ? { ':session': challengeSession } : {}) },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return Number(out.Attributes?.wrongCodes ?? 0);
    } catch (error) {
      // Deleted meanwhile (ended by a parallel fifth wrong code): as good as over the limit.
      if (isConditionalFailure(error)) return Number.POSITIVE_INFINITY;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await this.remove(loginKey(id));
  }
}

export class DynamoRegistrations extends SecurityItems implements RegistrationStore {
  async put(registration: Registration, expiresAt?: Date): Promise<void> {
    const item = { ...registration, ...(expiresAt ? { expiresAt: epochSeconds(expiresAt) } : {}) };
    // The copy by token first: a record by address is never without it (the reset finds pending ones by token).
    if (registration.token) await this.write({ ...tokenCopyKey(registration.token), ...item });
    await this.write({ ...registrationKey(registration.portal, registration.email), ...item });
  }

  async get(portal: Portal, email: string): Promise<Registration | undefined> {
    return toRegistration(await this.read(registrationKey(portal, email), Date.now()));
  }

  async delete(portal: Portal, email: string): Promise<void> {
    await this.remove(registrationKey(portal, email));
  }

  async byToken(token: string): Promise<Registration | undefined> {
    return toRegistration(await this.read(tokenCopyKey(token), Date.now()));
  }

  async forgetToken(token: string, id: string): Promise<void> {
    try {
      await guard('dynamodb:DeleteItem', () =>
        this.db.send(
          new DeleteCommand({
            TableName: this.table,
            Key: tokenCopyKey(token),
            ConditionExpression: 'id = :id',
            ExpressionAttributeValues: { ':id': id },
          }),
        ),
      );
    } catch (error) {
      // Absent, or already another registration's copy: nothing of `id` to forget.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async putFormerParticipant(token: string, former: FormerParticipant): Promise<void> {
    await this.write({ ...formerKey(token), former: JSON.stringify(former) });
  }

  async formerParticipant(token: string): Promise<FormerParticipant | undefined> {
    const item = await this.read(formerKey(token), Date.now());
    return typeof item?.former === 'string' ? (JSON.parse(item.former) as FormerParticipant) : undefined;
  }
}

function toRegistration(item: Item | undefined): Registration | undefined {
  if (!item) return undefined;
  return {
    id: String(item.id),
    portal: item.portal as Portal,
    email: String(item.email),
    sub: String(item.sub),
    token: typeof item.token === 'string' ? item.token : undefined,
    confirmed: item.confirmed === true,
    registeredAt: String(item.registeredAt),
    confirmedAt: typeof item.confirmedAt === 'string' ? item.confirmedAt : undefined,
    phone: typeof item.phone === 'string' ? item.phone : undefined,
    sourceIp: typeof item.sourceIp === 'string' ? item.sourceIp : undefined,
  };
}

export class DynamoRefreshes extends SecurityItems implements RefreshStore {
  async put(refreshToken: string, binding: RefreshBinding, expiresAt: Date): Promise<void> {
    await this.write({ ...refreshKey(refreshToken), ...binding, expiresAt: epochSeconds(expiresAt) });
  }

  async get(refreshToken: string, now: Date): Promise<RefreshBinding | undefined> {
    const item = await this.read(refreshKey(refreshToken), now.getTime());
    if (!item) return undefined;
    return { portal: item.portal as Portal, sub: String(item.sub), sessionId: String(item.sessionId) };
  }
}

export class DynamoFlags extends SecurityItems implements FlagStore {
  async raise(key: string, until: Date): Promise<void> {
    await this.write({ ...flagKey(key), until: until.getTime(), expiresAt: Math.ceil(until.getTime() / 1000) });
  }

  async raisedUntil(key: string, now: Date): Promise<Date | undefined> {
    const item = await this.read(flagKey(key), now.getTime());
    const until = Number(item?.until);
    return item && until > now.getTime() ? new Date(until) : undefined;
  }
}
