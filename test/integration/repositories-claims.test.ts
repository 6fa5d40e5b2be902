import { DynamoClaims } from '#adapters/dynamodb/claims';
import { claimKeys } from '#domain/accounts/claims';
import { newToken } from '../support/applications.ts';
import { createTestTables, type TestTables } from './helpers/tables.ts';

let t: TestTables;
let claims: DynamoClaims;
// Instants relative to the real clock: DynamoDB Local's TTL sweeper deletes items whose expiry has really passed.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestTables('claims');
  claims = new DynamoClaims(t.clients.documents, t.names.claims);
});
afterAll(() => t?.drop());

describe('claims: uniqueness (R6) by conditional put', () => {
  test('given 50 registrations racing for one e-mail, exactly one wins and every loser learns who holds it', async () => {
    const key = claimKeys.account('participant', 'Mario.Rossi@Example.it');
    const owners = Array.from({ length: 50 }, (_, i) => `registration-${i}`);

    const outcomes = await Promise.all(owners.map((owner) => claims.claim(key, owner, now)));

    const winners = outcomes.flatMap((o, i) => (o.won ? [owners[i]] : []));
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (!o.won) expect(o.heldBy).toBe(winners[0]);
    expect((await claims.get(claimKeys.account('participant', ' mario.rossi@example.it '), now))?.owner).toBe(
      winners[0],
    );
  });

  test('the same address is a different claim on the other portal; a holder re-claiming is idempotent', async () => {
    const phone = '+393331234567';
    expect(await claims.claim(claimKeys.phone('participant', phone), 'p1', now)).toEqual({ won: true });
    expect(await claims.claim(claimKeys.phone('admin', phone), 'a1', now)).toEqual({ won: true });
    expect(await claims.claim(claimKeys.phone('participant', phone), 'p1', now)).toEqual({ won: true });
    expect(await claims.claim(claimKeys.phone('participant', phone), 'p2', now)).toEqual({ won: false, heldBy: 'p1' });
  });

  test('an unconfirmed claim lapses at its expiry even before TTL deletes it; a confirmed one never does', async () => {
    const token = claimKeys.token(newToken());
    expect((await claims.claim(token, 'reg-a', now, later(24 * 60))).won).toBe(true);
    expect(await claims.claim(token, 'reg-b', later(60))).toEqual({ won: false, heldBy: 'reg-a' });
    expect(await claims.get(token, later(24 * 60 + 1))).toBeUndefined();
    expect(await claims.confirm(token, 'reg-a', later(24 * 60 + 1))).toBe(false);
    expect((await claims.claim(token, 'reg-b', later(24 * 60 + 1), later(48 * 60))).won).toBe(true);

    expect(await claims.confirm(token, 'reg-a', later(24 * 60 + 2))).toBe(false);
    expect(await claims.confirm(token, 'reg-b', later(24 * 60 + 2))).toBe(true);
    const held = await claims.get(token, later(10 * 24 * 60));
    expect(held).toMatchObject({ owner: 'reg-b' });
    expect(held?.expiresAt).toBeUndefined();
  });

  test('release frees a claim only for its holder', async () => {
    const key = claimKeys.account('admin', 'amministrazione@pec.example.it');
    await claims.claim(key, 'admin-1', now);
    expect(await claims.release(key, 'someone-else')).toBe(false);
    expect((await claims.get(key, now))?.owner).toBe('admin-1');
    expect(await claims.release(key, 'admin-1')).toBe(true);
    expect(await claims.get(key, now)).toBeUndefined();
    expect((await claims.claim(key, 'admin-2', now)).won).toBe(true);
  });
});
