/**
 * Authentication Lambda (R8–R11; CONTRACT "Authentication"): password step, phone enrolment, SMS code, refresh,
 * password reset, logout. All but logout are public at the gateway: the login `session` and the refresh token are
 * checked by the use cases. Logout takes an access token of either portal (verified here, the issuer decides).
 */
import { poolsFromEnv } from '#adapters/cognito/pools';
import { routeKey } from '#catalogue/routes';
import { accessTokenVerifier, sessionAuthenticator } from '#http/auth';
import { authRoutes } from '#http/routes/accounts';
import { accountsDeps } from '#wiring/accounts';
import { lambdaHttp } from '#wiring/http';
import { countedAccounts } from '#wiring/observability';
import { observability } from '#adapters/observability';

const obs = observability('auth');
const deps = countedAccounts(accountsDeps('auth'), obs.business);
export const handler = lambdaHttp(obs, authRoutes(deps), {
  authenticate: sessionAuthenticator(accessTokenVerifier(poolsFromEnv()), deps),
  portalOf: (route) => (routeKey(route.method, route.path) === 'POST /auth/logout' ? 'any' : undefined),
});
