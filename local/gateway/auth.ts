/**
 * The Cognito authorizer's job, locally: verify the access token of the route's portal (signature against the
 * pool's JWKS, issuer, expiry, `token_use`, the backend client id) and hand its claims to the handler.
 * cognito-local does not check tokens properly itself (EMULATORS.md), so nothing here trusts it.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { type Portal, USER_POOLS } from '#catalogue/resources';
import { rememberVerified } from '#http/auth';
import type { UserPoolEndpoint } from '#local/endpoints';

export type Claims = Record<string, string>;
export type Verification = { ok: true; claims: Claims } | { ok: false; message: string };

export type Verifier = (portal: Portal, authorization: string | undefined) => Promise<Verification>;

/** API Gateway (REST) hands Cognito claims to Lambda as strings; so does this. */
function asStrings(payload: JWTPayload): Claims {
  const claims: Claims = {};
  for (const [key, value] of Object.entries(payload)) {
    claims[key] = typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : JSON.stringify(value);
  }
  return claims;
}

export function cognitoVerifier(pools: Record<Portal, UserPoolEndpoint>): Verifier {
  const jwks = {
    participant: createRemoteJWKSet(new URL(pools.participant.jwksUrl)),
    admin: createRemoteJWKSet(new URL(pools.admin.jwksUrl)),
  };
  // Like API Gateway's authorizer cache: the same token text is verified once until it expires.
  const verified = rememberVerified(async (portal, token) => {
    const pool = pools[portal as Portal];
    return (await jwtVerify(token, jwks[portal as Portal], { issuer: pool.issuer, algorithms: ['RS256'] })).payload;
  });
  return async (portal, authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, message: 'Accesso richiesto: effettua il login.' };
    const pool = pools[portal];
    try {
      const payload = await verified(portal, match[1]);
      // As the authorizer's `authorizationScopes`: the portal scope the pre token generation trigger adds (also
      // locally, where cognito-local calls the emulated trigger) — an ID token or another portal's token has none.
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (
        payload.token_use !== 'access' ||
        payload.client_id !== pool.clientId ||
        !scopes.includes(USER_POOLS[portal].scope)
      ) {
        return { ok: false, message: 'Credenziali non valide per questo portale: effettua di nuovo il login.' };
      }
      return { ok: true, claims: asStrings(payload) };
    } catch {
      return { ok: false, message: 'Sessione non valida o scaduta: effettua di nuovo il login.' };
    }
  };
}
