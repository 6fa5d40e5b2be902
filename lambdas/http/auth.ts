/**
 * Every authenticated route verifies the caller itself (on AWS the API Gateway Cognito authorizer does it too):
 * 1. the bearer access token — signature against the pool's JWKS (`jose`, keys cached per cold start), issuer, the
 *    backend client id, `token_use = access`, expiry; a token of the other portal's pool is refused;
 * 2. the session (R11): the token's `jti` must belong to the account's current session — none (logged out, reset,
 *    deleted) → `UNAUTHENTICATED`; another session's → `SESSION_SUPERSEDED`.
 * `sessionAuthenticator` does both and makes the accounts' `Caller`; `tokenAuthenticator` does step 1 only, for the
 * counter, whose use cases check the session with the same batched read as their other items. Either is the
 * `authenticate` option of `httpHandler`, so the route gets its caller typed on `request.caller`.
 */
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Caller, requireCurrentSession } from '#domain/accounts/session';
import { SELF_SERVICE_SCOPE, USER_POOLS } from '#catalogue/resources';
import { PORTALS, type Portal } from '#domain/kernel/portal';
import { fail } from './errors.ts';
import type { Authenticate } from './handler.ts';

/** Where a portal's tokens come from: the pool's issuer and keys, and the backend client they must be issued to. */
export interface TokenIssuer {
  portal: Portal;
  clientId: string;
  /** `iss` of the pool's tokens. */
  issuer: string;
  jwksUrl: string;
}

/** An access token whose signature, issuer, client and expiry were checked (its session not yet). */
export interface VerifiedToken {
  portal: Portal;
  sub: string;
  tokenId: string;
}

/** `portal`: that pool only; `any`: whichever pool issued the token (routes both portals use: `/me`, logout). */
export type TokenVerifier = (portal: Portal | 'any', authorization: string | undefined) => Promise<VerifiedToken>;

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i;

export function accessTokenVerifier(issuers: (portal: Portal) => TokenIssuer): TokenVerifier {
  const keys = new Map<Portal, JWTVerifyGetKey>();
  const keysOf = (issuer: TokenIssuer) => {
    let set = keys.get(issuer.portal);
    if (!set) {
      set = createRemoteJWKSet(new URL(issuer.jwksUrl));
      keys.set(issuer.portal, set);
    }
    return set;
  };
  const verified = rememberVerified(async (portal, token) => {
    const issuer = issuers(portal as Portal);
    return (await jwtVerify(token, keysOf(issuer), { issuer: issuer.issuer, algorithms: ['RS256'] })).payload;
  });
  return async (wanted, authorization) => {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token) throw fail.unauthenticated();
    const portal = wanted === 'any' ? issuingPortal(token, issuers) : wanted;
    const issuer = issuers(portal);
    let payload: JWTPayload;
    try {
      payload = await verified(portal, token);
    } catch (error) {
      // The token is refused only when it is at fault; the pool's keys out of reach (timeout, network, an answer
      // that is not a key set) is ours: 503, and the participant keeps the session and sends again.
      if (isTokenFault(error)) throw fail.unauthenticated();
      throw fail.unavailable(1, error);
    }
    if (payload.token_use !== 'access' || payload.client_id !== issuer.clientId || !hasScopes(payload, portal)) {
      throw fail.unauthenticated(
        "L'accesso effettuato non è valido per questo portale: accedere dal portale corretto.",
      );
    }
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') throw fail.unauthenticated();
    return { portal, sub: payload.sub, tokenId: payload.jti };
  };
}

/** jose's codes for a token that is malformed, forged, expired, for another issuer or signed by an unknown key. */
const TOKEN_FAULTS = new Set([
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

function isTokenFault(error: unknown): boolean {
  return error instanceof errors.JOSEError && TOKEN_FAULTS.has(error.code);
}

/**
 * The portal's scope, which the pre token generation trigger adds to every access token it lets out, and never the
 * self-service scope it suppresses: a token without the trigger's mark is refused (fail closed).
 */
function hasScopes(payload: JWTPayload, portal: Portal): boolean {
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  return scopes.includes(USER_POOLS[portal].scope) && !scopes.includes(SELF_SERVICE_SCOPE);
}

/** The pool whose issuer the (not yet verified) token names; verification then proves it. */
function issuingPortal(token: string, issuers: (portal: Portal) => TokenIssuer): Portal {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw fail.unauthenticated();
  }
  const portal = PORTALS.find((p) => issuers(p).issuer === issuer);
  if (!portal) throw fail.unauthenticated();
  return portal;
}

/** What the session check reads and writes (the accounts' sessions and clock). */
export type SessionCheckDeps = Parameters<typeof requireCurrentSession>[3];

/** Verified token, then current session: the authenticated caller, or the refusal in CONTRACT's order. */
export async function authenticate(
  portal: Portal | 'any',
  authorization: string | undefined,
  verify: TokenVerifier,
  deps: SessionCheckDeps,
): Promise<Caller> {
  const token = await verify(portal, authorization);
  return requireCurrentSession(token.portal, token.sub, token.tokenId, deps);
}

/** Token and session: the accounts routes' caller. */
export function sessionAuthenticator(verify: TokenVerifier, deps: SessionCheckDeps): Authenticate<Caller> {
  return (request, { portal }) => authenticate(portal, request.header('authorization'), verify, deps);
}

/** Token only: the counter's caller, whose use cases check the session first with their own batched read. */
export function tokenAuthenticator(verify: TokenVerifier): Authenticate<VerifiedToken> {
  return (request, { portal }) => verify(portal, request.header('authorization'));
}

/**
 * Verified JWT payloads remembered by the token's exact text until the token's own `exp`, per warm function. The
 * signature covers every byte of the token, so verifying the same text against the same key set and issuer again can
 * only give the same answer until it expires; a click-day participant sends the same access token on every request.
 * API Gateway's Cognito authorizer caches by token the same way. Only successes are remembered; a key rotation is
 * irrelevant here (a token once verified stays validly signed).
 */
export function rememberVerified<P extends { exp?: number | undefined }>(
  verify: (scope: string, token: string) => Promise<P>,
  nowMs: () => number = Date.now,
): (scope: string, token: string) => Promise<P> {
  const remembered = new Map<string, P>();
  return async (scope, token) => {
    const key = `${scope} ${token}`;
    const known = remembered.get(key);
    // Same rule as jose's: expired once now ≥ exp (no tolerance).
    if (known && typeof known.exp === 'number' && nowMs() < known.exp * 1000) return known;
    remembered.delete(key);
    const payload = await verify(scope, token);
    // A token without `exp` is never remembered (nothing would ever end it).
    if (typeof payload.exp === 'number') {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(key, payload);
    }
    return payload;
  };
}

/** Bounded: at this size the memory is dropped whole (cheaper than an LRU; a miss only costs one verification). */
const MAX_REMEMBERED = 20_000;
