/**
 * The AWS behaviours the project's cognito-local patch adds (patches/cognito-local+5.3.0.patch,
 * `lib/services/sportello.js`), checked on their own with a fake clock: Cognito's lockout timings as the Developer
 * Guide states them, the version 2 pre token generation answer, and the router's checks of self-service tokens and
 * client secrets. The end-to-end behaviour against the running emulator is test/integration/accounts-cognito-patch.
 */
import { createHmac, createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';

interface User {
  Username: string;
  Attributes: { Name: string; Value: string }[];
  SportelloSignIn?: { failures: number; lockedUntil: number; lastAttempt: number };
  SportelloRevokedOrigins?: string[];
  RefreshTokens?: string[];
}
interface Guards {
  requireNotLockedOut(ctx: unknown, pool: unknown, user: User, nowMs: number): Promise<void>;
  recordFailedPassword(ctx: unknown, pool: unknown, user: User, nowMs: number): Promise<void>;
  recordSignIn(user: User): User;
  applyV2Overrides(
    access: Record<string, unknown>,
    id: Record<string, unknown>,
    details: unknown,
    reserved: string[],
  ): { accessToken: Record<string, unknown>; idToken: Record<string, unknown> };
  beforeTarget(ctx: unknown, cognito: unknown, target: string, req: unknown): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the patched emulator is CommonJS without types
const guards = require('cognito-local/lib/services/sportello.js') as Guards;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the emulator's own signing key
const { pem: privateKey } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string };

/** One user in a pool that keeps what `saveUser` is given. */
function pool(user: User) {
  const store = { user };
  return { store, pool: { saveUser: async (_ctx: unknown, u: User) => void (store.user = u) } };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Attempts the password at each instant; what Cognito answers each time. */
async function attempts(steps: { at: number; right: boolean }[]) {
  const { store, pool: p } = pool({ Username: 'u', Attributes: [] });
  const answers: string[] = [];
  for (const { at, right } of steps) {
    try {
      await guards.requireNotLockedOut({}, p, store.user, at);
      if (right) {
        store.user = guards.recordSignIn(store.user);
        answers.push('OK');
      } else {
        await guards.recordFailedPassword({}, p, store.user, at);
        answers.push('WRONG');
      }
    } catch (error) {
      answers.push((error as Error).message);
    }
  }
  return { answers, state: store.user.SportelloSignIn };
}

describe("Cognito's lockout (Developer Guide, lockout behavior for failed sign-in attempts)", () => {
  test('five failures, then 1 s of lockout in which even the right password is refused; then it works', async () => {
    const wrong = Array.from({ length: 5 }, (_, i) => ({ at: i * SECOND, right: false }));
    const { answers } = await attempts([
      ...wrong,
      { at: 4 * SECOND + 500, right: true },
      { at: 5 * SECOND + 1, right: true },
    ]);
    expect(answers).toEqual(['WRONG', 'WRONG', 'WRONG', 'WRONG', 'WRONG', 'Password attempts exceeded', 'OK']);
  });

  test('each further failure doubles the lockout (2^(n-5) s), capped at about 15 minutes; refused attempts do not count', async () => {
    const steps: { at: number; right: boolean }[] = [];
    let at = 0;
    for (let n = 1; n <= 16; n++) {
      steps.push({ at, right: false });
      // Just inside the lockout this failure starts: refused, not counted, not extending it.
      const lock = n >= 5 ? Math.min(2 ** (n - 5) * SECOND, 15 * MINUTE) : 0;
      if (lock > 0) steps.push({ at: at + lock - 1, right: false });
      at += lock + 1;
    }
    const { answers, state } = await attempts(steps);
    expect(answers.filter((a) => a === 'WRONG')).toHaveLength(16);
    expect(answers.filter((a) => a === 'Password attempts exceeded')).toHaveLength(12);
    expect(state?.failures).toBe(16);
    // The 16th failure: 2^11 s would be 34 minutes; capped at 15.
    expect((state?.lockedUntil ?? 0) - (at - 15 * MINUTE - 1)).toBe(15 * MINUTE);
  });

  test('15 minutes without attempts after a lockout reset the count; before any lockout they do not', async () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ at: i * SECOND, right: false }));
    const afterQuiet = await attempts([...five, { at: 4 * SECOND + 15 * MINUTE, right: false }]);
    expect(afterQuiet.state?.failures).toBe(1);
    const four = five.slice(0, 4);
    const noLockout = await attempts([...four, { at: 3 * SECOND + 60 * MINUTE, right: false }]);
    expect(noLockout.answers.at(-1)).toBe('WRONG');
    expect(noLockout.state?.failures).toBe(5);
  });
});

describe('pre token generation, event version 2', () => {
  test('scopes added and suppressed on the access token; reserved claims untouched', () => {
    const { accessToken, idToken } = guards.applyV2Overrides(
      { sub: 's', scope: 'aws.cognito.signin.user.admin', token_use: 'access' },
      { sub: 's', email: 'a@b.it' },
      {
        accessTokenGeneration: {
          scopesToAdd: ['sportello/participant'],
          scopesToSuppress: ['aws.cognito.signin.user.admin'],
          claimsToAddOrOverride: { sub: 'forged', extra: 'x' },
        },
        idTokenGeneration: { claimsToSuppress: ['email'] },
      },
      ['sub', 'token_use'],
    );
    expect(accessToken).toEqual({ sub: 's', scope: 'sportello/participant', token_use: 'access', extra: 'x' });
    expect(idToken).toEqual({ sub: 's' });
  });
});

describe('router checks', () => {
  const user: User = { Username: 'sub-1', Attributes: [{ Name: 'sub', Value: 'sub-1' }] };
  const client = { ClientId: 'client-1', ClientSecret: 'secret-1', UserPoolId: 'pool-1' };
  const cognito = {
    getAppClient: async (_ctx: unknown, id: string) => (id === client.ClientId ? client : undefined),
    getUserPoolForClientId: async () => ({
      getUserByUsername: async (_ctx: unknown, name: string) => (name === user.Username ? user : undefined),
      getUserByRefreshToken: async () => user,
    }),
  };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ client_id: client.ClientId, sub: user.Username, token_use: 'access', ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('1h')
      .sign(createPrivateKey(privateKey));
  const check = (target: string, req: unknown) => guards.beforeTarget({}, cognito, target, req);

  test('a self-service call needs a valid access token with aws.cognito.signin.user.admin, not revoked', async () => {
    const admin = 'aws.cognito.signin.user.admin';
    await expect(check('GetUser', { AccessToken: await sign({ scope: admin }) })).resolves.toBeUndefined();
    await expect(
      check('UpdateUserAttributes', { AccessToken: await sign({ scope: 'sportello/participant' }) }),
    ).rejects.toThrow('Access Token does not have required scopes');
    await expect(
      check('ChangePassword', { AccessToken: await sign({ scope: admin, token_use: 'id' }) }),
    ).rejects.toThrow('Invalid Access Token');
    await expect(check('DeleteUser', { AccessToken: 'not-a-token' })).rejects.toThrow('Invalid Access Token');
    user.SportelloRevokedOrigins = ['origin-1'];
    await expect(
      check('SetUserMFAPreference', { AccessToken: await sign({ scope: admin, origin_jti: 'origin-1' }) }),
    ).rejects.toThrow('Access Token has been revoked');
  });

  test('a client with a secret refuses calls without the right SECRET_HASH (and RevokeToken without the secret)', async () => {
    const hash = (name: string) =>
      createHmac('sha256', client.ClientSecret)
        .update(name + client.ClientId)
        .digest('base64');
    const signUp = (SecretHash?: string) =>
      check('SignUp', { ClientId: client.ClientId, Username: 'a@b.it', SecretHash });
    await expect(signUp()).rejects.toThrow(/SECRET_HASH was not received/);
    await expect(signUp(hash('other@b.it'))).rejects.toThrow(/Unable to verify secret hash/);
    await expect(signUp(hash('a@b.it'))).resolves.toBeUndefined();
    const refresh = (SECRET_HASH: string) =>
      check('InitiateAuth', { ClientId: client.ClientId, AuthParameters: { REFRESH_TOKEN: 'r', SECRET_HASH } });
    await expect(refresh(hash('sub-1'))).resolves.toBeUndefined();
    await expect(check('RevokeToken', { ClientId: client.ClientId, Token: 'r' })).rejects.toThrow(/secret/);
  });
});
