/**
 * Where each portal's user pool and backend app client are, from the environment (USER_POOLS[portal].env). The
 * client secret variable holds a Secrets Manager ARN on AWS (read once per cold start, on first use) and the secret
 * itself in the local cloud. SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId)).
 */
import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { USER_POOLS } from '#catalogue/resources';
import type { Portal } from '#domain/kernel/portal';
import { endpointFor } from '#adapters/clients';

export interface PoolAccess {
  portal: Portal;
  poolId: string;
  clientId: string;
  /** Issuer of the pool's tokens (`<base>/<poolId>`) and its JWKS. */
  issuer: string;
  jwksUrl: string;
  secretHash(username: string): Promise<string>;
}

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:/;

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
  const secretSource = env[names.clientSecret];
  if (!poolId || !clientId) throw new Error(`Invalid environment: ${names.poolId} and ${names.clientId} are required`);
  let secret: Promise<string> | undefined;
  const loadSecret = () => {
    if (!secretSource) throw new Error(`Invalid environment: ${names.clientSecret} is required`);
    if (!SECRET_ARN.test(secretSource)) return Promise.resolve(secretSource);
    const client = new SecretsManagerClient({});
    return client.send(new GetSecretValueCommand({ SecretId: secretSource })).then((out) => {
      if (!out.SecretString) throw new Error(`secret ${names.clientSecret} has no string value`);
      return out.SecretString;
    });
  };
  const issuer = `${issuerBase(env)}/${poolId}`;
  return {
    portal,
    poolId,
    clientId,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    async secretHash(username: string) {
      secret ??= loadSecret();
      // A failed read is retried on the next call instead of poisoning the warm function.
      const value = await secret.catch((error) => {
        secret = undefined;
        throw error;
      });
      return createHmac('sha256', value)
        .update(username + clientId)
        .digest('base64');
    },
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
