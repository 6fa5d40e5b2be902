/**
 * `lambdas/http/auth.ts`: the access token is verified by the backend itself (signature against the pool's JWKS,
 * issuer, client id, token use, expiry, portal), then the session. Two pools are simulated by two RSA keys served
 * as JWKS from a loopback server, as cognito-local and Cognito serve them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import type { PoolAccess } from '#adapters/cognito/pools';
import { accessTokenVerifier, authenticate } from '#http/auth';
import { type Portal, USER_POOLS } from '#catalogue/resources';
import { FakeClock, FakeSessions } from './accounts-fakes.ts';
import { codeOf, NOW } from './accounts-fixtures.ts';

let server: Server;
let base: string;
const keys: Record<Portal, { privateKey: KeyLike; jwk: JWK }> = {} as never;

beforeAll(async () => {
  for (const portal of ['participant', 'admin'] as const) {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    keys[portal] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: `${portal}-key`, alg: 'RS256' } };
  }
  server = createServer((req, res) => {
    if (req.url?.startsWith('/broken/')) return void res.writeHead(500).end('Internal Server Error');
    const portal = req.url?.includes('/pool-admin/') ? 'admin' : 'participant';
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [keys[portal].jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const pool = (portal: Portal): PoolAccess => ({
  portal,
  poolId: `pool-${portal}`,
  clientId: `client-${portal}`,
  issuer: `${base}/pool-${portal}`,
  jwksUrl: `${base}/pool-${portal}/.well-known/jwks.json`,
  secretHash: async () => 'unused',
  clientSecret: async () => 'unused',
});

interface TokenOptions {
  signer?: Portal;
  issuerOf?: Portal;
  clientOf?: Portal;
  tokenUse?: string;
  expiresInSeconds?: number;
  scope?: string;
}

async function token(portal: Portal, options: TokenOptions = {}) {
  const signer = options.signer ?? portal;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    token_use: options.tokenUse ?? 'access',
    client_id: pool(options.clientOf ?? portal).clientId,
    scope: options.scope ?? USER_POOLS[portal].scope,
  })
    .setProtectedHeader({ alg: 'RS256', kid: `${signer}-key` })
    .setSubject(`sub-${portal}`)
    .setJti(`jti-${portal}`)
    .setIssuer(pool(options.issuerOf ?? portal).issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
    .sign(keys[signer].privateKey);
}

const verify = () => accessTokenVerifier(pool);
const bearer = (t: string) => `Bearer ${t}`;

describe('access token verification', () => {
  it('accepts a valid access token of the route portal, and finds the portal of a two-portal route by issuer', async () => {
    await expect(verify()('participant', bearer(await token('participant')))).resolves.toEqual({
      portal: 'participant',
      sub: 'sub-participant',
      tokenId: 'jti-participant',
    });
    await expect(verify()('any', bearer(await token('admin')))).resolves.toMatchObject({ portal: 'admin' });
  });

  it.each([
    ['missing', async () => undefined],
    ['not a bearer JWT', async () => 'Basic abc'],
    ['of the other portal', async () => bearer(await token('admin'))],
    ['signed by another pool key', async () => bearer(await token('participant', { signer: 'admin' }))],
    ['with another issuer', async () => bearer(await token('participant', { issuerOf: 'admin' }))],
    ['of another client', async () => bearer(await token('participant', { clientOf: 'admin' }))],
    ['an ID token', async () => bearer(await token('participant', { tokenUse: 'id' }))],
    ['expired', async () => bearer(await token('participant', { expiresInSeconds: -10 }))],
    ['without the portal scope', async () => bearer(await token('participant', { scope: 'openid' }))],
    [
      'with the self-service scope',
      async () => bearer(await token('participant', { scope: 'aws.cognito.signin.user.admin sportello/participant' })),
    ],
    [
      'tampered',
      async () => {
        const [h, p, s] = (await token('participant')).split('.');
        const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
        return bearer(`${h}.${forged}.${s}`);
      },
    ],
  ])('refuses a token %s with UNAUTHENTICATED', async (_label, make) => {
    expect(await codeOf(verify()('participant', await make()))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['answers 500', () => `${base}/broken/jwks.json`],
    ['is unreachable', () => 'http://127.0.0.1:9/jwks.json'],
  ])('answers 503 UNAVAILABLE, not 401, when the pool key set %s: the token is not at fault', async (_label, url) => {
    const unreachable = accessTokenVerifier((portal) => ({ ...pool(portal), jwksUrl: url() }));
    expect(await codeOf(unreachable('participant', bearer(await token('participant'))))).toBe('UNAVAILABLE');
    // A forged token is still refused as such once the keys are there.
    expect(await codeOf(verify()('participant', bearer(await token('participant', { signer: 'admin' }))))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('session check after verification (R11)', () => {
  it('a verified token of an older session is SESSION_SUPERSEDED; with no session it is UNAUTHENTICATED', async () => {
    const sessions = new FakeSessions();
    const deps = { sessions, clock: new FakeClock(NOW) };
    const authorization = bearer(await token('participant'));
    expect(await codeOf(authenticate('participant', authorization, verify(), deps))).toBe('UNAUTHENTICATED');
    const record = { startedAt: '', lastSeenAt: new Date(NOW).toISOString(), sourceIp: '192.0.2.1' };
    await sessions.start('participant', 'sub-participant', {
      ...record,
      sessionId: 's1',
      tokenIds: ['jti-participant'],
    });
    await expect(authenticate('participant', authorization, verify(), deps)).resolves.toMatchObject({
      sessionId: 's1',
    });
    await sessions.start('participant', 'sub-participant', { ...record, sessionId: 's2', tokenIds: ['jti-newer'] });
    expect(await codeOf(authenticate('participant', authorization, verify(), deps))).toBe('SESSION_SUPERSEDED');
  });
});
