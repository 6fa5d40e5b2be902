/**
 * What every Cognito flow shares: the client, each portal's pool and backend client, and `call`, which turns Cognito's
 * errors into the domain's terms — a throttle (Cognito's own sign-in throttle included) becomes a `RATE_LIMITED`
 * refusal, a service fault `Unavailable`; expected outcomes are values; anything else is a defect and propagates.
 */
import {
  type AdminGetUserCommandOutput,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { CallContext, IssuedTokens } from '#domain/accounts/ports';
import { refuse } from '#domain/accounts/refusal';
import { Unavailable } from '#domain/kernel/unavailable';
import type { Portal } from '#domain/kernel/portal';
import { isTransient } from '#adapters/failures';
import type { PoolAccess } from './pools.ts';

const THROTTLES = new Set(['TooManyRequestsException', 'LimitExceededException', 'TooManyFailedAttemptsException']);

/** Cognito's answer when its own lockout (5 failures, exponential) applies: not an R10 failure, a 429. */
export const PASSWORD_ATTEMPTS_EXCEEDED = /password attempts exceeded/i;

export function nameOf(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

/** Runs a Cognito call; `expected` maps the error names that are outcomes, throttles and faults are classified. */
export async function call<T, R = never>(
  operation: string,
  run: () => Promise<T>,
  expected: Record<string, (error: Error) => R> = {},
): Promise<T | R> {
  try {
    return await run();
  } catch (error) {
    const name = nameOf(error);
    const outcome = expected[name];
    if (outcome) return outcome(error as Error);
    if (THROTTLES.has(name)) throw refuse.rateLimited(5);
    if (isTransient(error)) throw new Unavailable(`cognito:${operation}`, 1, { cause: error });
    throw error;
  }
}

export const userContext = (ctx: CallContext) => ({ UserContextData: { IpAddress: ctx.sourceIp } });

export function attribute(out: Pick<AdminGetUserCommandOutput, 'UserAttributes'>, name: string): string | undefined {
  return out.UserAttributes?.find((a) => a.Name === name)?.Value;
}

export abstract class CognitoFlow {
  constructor(
    protected readonly cognito: CognitoIdentityProviderClient,
    protected readonly pools: (portal: Portal) => PoolAccess,
  ) {}
}

export const codeOutcomes = {
  CodeMismatchException: () => 'WRONG_CODE' as const,
  ExpiredCodeException: () => 'EXPIRED_CODE' as const,
  UserNotFoundException: () => 'UNKNOWN' as const,
  // Already confirmed, or a code for an address that is not pending: nothing to confirm.
  NotAuthorizedException: () => 'UNKNOWN' as const,
};

/** The tokens as the domain needs them: `sub` and `jti` are read from the access token Cognito just returned. */
export function issued(result: AuthenticationResultType): IssuedTokens {
  const { AccessToken, IdToken, RefreshToken, ExpiresIn } = result;
  if (!AccessToken || !IdToken) throw new Error('Cognito returned no access or ID token');
  const claims = decodeJwt(AccessToken);
  if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string') {
    throw new Error('access token without sub or jti');
  }
  const lifetime = typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : 3600;
  return {
    accessToken: AccessToken,
    idToken: IdToken,
    refreshToken: RefreshToken,
    expiresIn: ExpiresIn ?? lifetime,
    sub: claims.sub,
    tokenId: claims.jti,
  };
}
