import type { Provisioned } from '#local/endpoints';

/**
 * On an endpoint we did not start (LocalStack), the tokens' `iss` is whatever that emulator issues: ask each pool's
 * OpenID configuration, as a relying party would, and keep `<endpoint>/<poolId>` when it has none — or when its keys
 * are not where it says (cognito-local names its default address there, `localhost:9229`, whatever port it runs on,
 * while its tokens carry the configured issuer, which is the default here).
 */
export async function discoverIssuers(resources: Provisioned, log: (line: string) => void): Promise<void> {
  for (const pool of Object.values(resources.userPools)) {
    const url = pool.jwksUrl.replace(/jwks\.json$/, 'openid-configuration');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const config = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (response.ok && typeof config.issuer === 'string' && typeof config.jwks_uri === 'string') {
        const keys = await fetch(config.jwks_uri, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
        if (!keys?.ok) throw new Error(`its keys are not at ${config.jwks_uri}`);
        pool.issuer = config.issuer;
        pool.jwksUrl = config.jwks_uri;
      }
    } catch (error) {
      log(`${pool.name}: OpenID configuration at ${url} not used (${(error as Error).message}); issuer ${pool.issuer}`);
    }
  }
}
