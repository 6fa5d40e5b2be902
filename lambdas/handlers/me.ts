/** `GET /me` Lambda (CONTRACT "Authentication"): the caller's profile, for an access token of either portal. */
import { poolsFromEnv } from '#adapters/cognito/pools';
import { accessTokenVerifier, sessionAuthenticator } from '#http/auth';
import { meRoutes } from '#http/routes/accounts';
import { accountsDeps } from '#wiring/accounts';
import { lambdaHttp } from '#wiring/http';
import { countedAccounts } from '#wiring/observability';
import { observability } from '#adapters/observability';

const obs = observability('me');
const deps = countedAccounts(accountsDeps('me'), obs.business);
export const handler = lambdaHttp(obs, meRoutes(deps), {
  authenticate: sessionAuthenticator(accessTokenVerifier(poolsFromEnv()), deps),
  portalOf: () => 'any',
});
