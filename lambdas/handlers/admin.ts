/** Administrator portal Lambda (R12; CONTRACT "Administrator"): the PEC's companies and the token reset. */
import { poolsFromEnv } from '#adapters/cognito/pools';
import { accessTokenVerifier, sessionAuthenticator } from '#http/auth';
import { adminRoutes } from '#http/routes/accounts';
import { accountsDeps } from '#wiring/accounts';
import { lambdaHttp } from '#wiring/http';
import { countedAccounts } from '#wiring/observability';
import { observability } from '#adapters/observability';

const obs = observability('admin');
const deps = countedAccounts(accountsDeps('admin'), obs.business);
export const handler = lambdaHttp(obs, adminRoutes(deps), {
  authenticate: sessionAuthenticator(accessTokenVerifier(poolsFromEnv()), deps),
});
