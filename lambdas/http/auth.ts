/**
 * Every authenticated route verifies the caller itself (on AWS the API Gateway Cognito authorizer does it too):
 * 1. the bearer access token — signature against the pool's JWKS (`jose`, keys cached per cold start), issuer, the
 *    backend client id, `token_use = access`, expiry; a token of the other portal's pool is refused;
 * 2. the session (R11): the token's `jti` must belong to the account's current session — none (logged out, reset,
 *    deleted) → `UNAUTHENTICATED`; another session's → `SESSION_SUPERSEDED`.
 * The OAuth scope is checked by API Gateway on AWS; here the issuer and client id already pin the portal.
 */
import { createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { PoolAccess } from '#adapters/cognito/pools';
import type { AccountsDeps } from '#domain/accounts/ports';
import { type Caller, requireCurrentSession } from '#domain/accounts/session';
import { fail } from './errors.ts';
import type { Guard, Request } from './handler.ts';
import { PORTALS, type Portal } from '#catalogue/resources';
import { rememberVerified } from './verified-tokens.ts';

export interface VerifiedToken {
  portal: Portal;
  sub: string;
  tokenId: string;
}

/** `portal`: that pool only; `any`: whichever pool issued the token (routes both portals use: `/me`, logout). */
export type TokenVerifier = (portal: Portal | 'any', authorization: string | undefined) => Promise<VerifiedToken>;

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i;

export function accessTokenVerifier(pools: (portal: Portal) => PoolAccess): TokenVerifier {
  const keys = new Map<Portal, JWTVerifyGetKey>();
  const keysOf = (pool: PoolAccess) => {
    let set = keys.get(pool.portal);
    if (!set) {
      set = createRemoteJWKSet(new URL(pool.jwksUrl));
      keys.set(pool.portal, set);
    }
    return set;
  };
  const verified = rememberVerified(async (portal, token) => {
    const pool = pools(portal as Portal);
    return (await jwtVerify(token, keysOf(pool), { issuer: pool.issuer, algorithms: ['RS256'] })).payload;
  });
  return async (wanted, authorization) => {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token) throw fail.unauthenticated();
    const portal = wanted === 'any' ? issuingPortal(token, pools) : wanted;
    const pool = pools(portal);
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      payload = await verified(portal, token);
    } catch {
      throw fail.unauthenticated();
    }
    if (payload.token_use !== 'access' || payload.client_id !== pool.clientId) {
      throw fail.unauthenticated(
        "L'accesso effettuato non è valido per questo portale: accedere dal portale corretto.",
      );
    }
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') throw fail.unauthenticated();
    return { portal, sub: payload.sub, tokenId: payload.jti };
  };
}

/** The pool whose issuer the (not yet verified) token names; verification then proves it. */
function issuingPortal(token: string, pools: (portal: Portal) => PoolAccess): Portal {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw fail.unauthenticated();
  }
  const portal = PORTALS.find((p) => pools(p).issuer === issuer);
  if (!portal) throw fail.unauthenticated();
  return portal;
}

/** Verified token, then current session: the authenticated caller, or the refusal in CONTRACT's order. */
export async function authenticate(
  portal: Portal | 'any',
  authorization: string | undefined,
  verify: TokenVerifier,
  deps: Pick<AccountsDeps, 'sessions' | 'clock'>,
): Promise<Caller> {
  const token = await verify(portal, authorization);
  return requireCurrentSession(token.portal, token.sub, token.tokenId, deps);
}

const callers = new WeakMap<Request, Caller>();
const tokens = new WeakMap<Request, VerifiedToken>();

/** Which pool a route's tokens come from: the route table's `auth`; undefined for a route that needs no caller. */
export type PortalOf = (request: Request) => Portal | 'any' | undefined;
const routePortal: PortalOf = (request) => (request.route.auth === 'none' ? undefined : request.route.auth);

/** A guard that runs `check` on the routes that need a caller, with the portal whose token they take. */
function callerGuard(portalOf: PortalOf, check: (request: Request, portal: Portal | 'any') => Promise<void>): Guard {
  return async (request) => {
    const portal = portalOf(request);
    if (portal) await check(request, portal);
  };
}

/**
 * An `httpHandler` guard that authenticates before validation (CONTRACT precedence). `portalOf` says which pool a
 * route's tokens come from (default: the route table's `auth`; routes of both portals say `any`).
 */
export function sessionGuard(
  verify: TokenVerifier,
  deps: Pick<AccountsDeps, 'sessions' | 'clock'>,
  portalOf: PortalOf = routePortal,
): Guard {
  return callerGuard(portalOf, async (request, portal) => {
    callers.set(request, await authenticate(portal, request.header('authorization'), verify, deps));
  });
}

/**
 * An `httpHandler` guard that verifies the bearer token only (step 1 above), for a handler whose use cases check the
 * session themselves with the same batched read as their other items (the counter: one request fewer per click-day
 * request). Those use cases must check the session before any other refusal.
 */
export function tokenGuard(verify: TokenVerifier, portalOf: PortalOf = routePortal): Guard {
  return callerGuard(portalOf, async (request, portal) => {
    tokens.set(request, await verify(portal, request.header('authorization')));
  });
}

/** The token `tokenGuard` verified for this request (its session not yet checked). */
export function verifiedToken(request: Request): VerifiedToken {
  const token = tokens.get(request);
  if (!token) throw fail.unauthenticated();
  return token;
}

/** The caller `sessionGuard` authenticated for this request. */
export function authenticatedCaller(request: Request): Caller {
  const caller = callers.get(request);
  if (!caller) throw fail.unauthenticated();
  return caller;
}
