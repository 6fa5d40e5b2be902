/** `GET /me` (CONTRACT "Authentication"): the caller's profile, for an access token of either portal. */
import { accountsDeps } from '#wiring/accounts';
import { poolsFromEnv } from '#adapters/cognito/pools';
import { describeCaller } from '#domain/accounts/me';
import type { AccountsDeps } from '#domain/accounts/ports';
import { accessTokenVerifier, authenticatedCaller, sessionGuard } from '#http/auth';
import { httpHandler, ok, route } from '#http/handler';

export const meRoutes = (deps: AccountsDeps) => ({
  'GET /me': route({ handle: async ({ request }) => ok(await describeCaller(authenticatedCaller(request), deps)) }),
});

const deps = accountsDeps(['security', 'claims', 'applications']);
export const handler = httpHandler(meRoutes(deps), {
  guards: [sessionGuard(accessTokenVerifier(poolsFromEnv()), deps, () => 'any')],
});
