/**
 * Where each portal's user pool and backend app client are, from the environment (USER_POOLS[portal].env). The
 * client secret variable holds a Secrets Manager ARN on AWS (read once per cold start, on first use) and the secret
 * itself in the local cloud. SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId)).
 */
import { createHmac } from 'node:crypto';
import { USER_POOLS } from '#catalogue/resources';
import type { Portal } from '#domain/kernel/portal';
import { endpointFor } from '#adapters/clients';
import { secretFromEnv } from '#adapters/secrets';
import { loadOnce } from '#domain/kernel/once';

export interface PoolAccess {
  portal: Portal;
  poolId: string;
  clientId: string;
  /** Issuer of the pool's tokens (`<base>/<poolId>`) and its JWKS. */
  issuer: string;
  jwksUrl: string;
  secretHash(username: string): Promise<string>;
  /** The backend client's secret itself (RevokeToken takes it instead of a hash). */
  clientSecret(): Promise<string>;
}

/** Issuer base: cognito-local and LocalStack issue under their own URL; AWS under cognito-idp.<region>. */
export function issuerBase(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.SPORTELLO_COGNITO_ISSUER_BASE ?? endpointFor('COGNITO_IDENTITY_PROVIDER', env);
  if (explicit) return explicit.replace(/\/+$/, '');
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-south-1';
  return `https://cognito-idp.${region}.amazonaws.com`;
}

export function poolAccess(portal: Portal, env: NodeJS.ProcessEnv = process.env): PoolAccess {
  const names = USER_POOLS[portal].env;
  const poolId = env[names.poolId];
  const clientId = env[names.clientId];
  if (!poolId || !clientId) throw new Error(`Invalid environment: ${names.poolId} and ${names.clientId} are required`);
  const secret = loadOnce(() => secretFromEnv(names.clientSecret, env));
  const issuer = `${issuerBase(env)}/${poolId}`;
  return {
    portal,
    poolId,
    clientId,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    async secretHash(username: string) {
      return createHmac('sha256', await secret())
        .update(username + clientId)
        .digest('base64');
    },
    clientSecret: () => secret(),
  };
}

/** Both portals' pools, built lazily so a function that serves one portal needs only that portal's variables. */
export function poolsFromEnv(env: NodeJS.ProcessEnv = process.env): (portal: Portal) => PoolAccess {
  const cache = new Map<Portal, PoolAccess>();
  return (portal) => {
    let access = cache.get(portal);
    if (!access) {
      access = poolAccess(portal, env);
      cache.set(portal, access);
    }
    return access;
  };
}
