/**
 * Verified JWT payloads remembered by the token's exact text until the token's own `exp`, per warm function. The
 * signature covers every byte of the token, so verifying the same text against the same key set and issuer again can
 * only give the same answer until it expires; a click-day participant sends the same access token on every request.
 * API Gateway's Cognito authorizer caches by token the same way. Only successes are remembered; a key rotation is
 * irrelevant here (a token once verified stays validly signed).
 */
export interface ExpiringPayload {
  exp?: number | undefined;
}

/** Bounded: at this size the memory is dropped whole (cheaper than an LRU; a miss only costs one verification). */
const MAX_REMEMBERED = 20_000;

export function rememberVerified<P extends ExpiringPayload>(
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
