import type { Provisioned } from '#local/endpoints';

/**
 * On an endpoint we did not start (LocalStack), the tokens' `iss` is whatever that emulator issues: ask each pool's
 * OpenID configuration, as a relying party would, and keep `<endpoint>/<poolId>` when it has none.
 */
export async function discoverIssuers(resources: Provisioned, log: (line: string) => void): Promise<void> {
  for (const pool of Object.values(resources.userPools)) {
    const url = pool.jwksUrl.replace(/jwks\.json$/, 'openid-configuration');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const config = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (response.ok && typeof config.issuer === 'string' && typeof config.jwks_uri === 'string') {
        pool.issuer = config.issuer;
        pool.jwksUrl = config.jwks_uri;
      }
    } catch (error) {
      log(`${pool.name}: no OpenID configuration at ${url} (${(error as Error).message}); issuer ${pool.issuer}`);
    }
  }
}
