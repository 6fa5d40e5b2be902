/** Administrator portal routes (R12; CONTRACT "Administrator"): the PEC's companies and the token reset. */
import { accountsDeps } from '#wiring/accounts';
import { poolsFromEnv } from '#adapters/cognito/pools';
import { listCompanies, resetCompany } from '#domain/accounts/companies';
import type { AccountsDeps } from '#domain/accounts/ports';
import { accessTokenVerifier, authenticatedCaller, sessionGuard } from '#http/auth';
import { httpHandler, ok, route } from '#http/handler';

export const adminRoutes = (deps: AccountsDeps) => ({
  'GET /admin/companies': route({
    handle: async ({ request }) => ok(await listCompanies(authenticatedCaller(request), deps)),
  }),
  'POST /admin/companies/{token}/reset': route({
    handle: async ({ request }) =>
      ok(await resetCompany(authenticatedCaller(request), request.pathParameters.token ?? '', request, deps)),
  }),
});

const deps = accountsDeps(['applications', 'claims', 'security', 'audit', 'config'], { notifications: true });
export const handler = httpHandler(adminRoutes(deps), {
  guards: [sessionGuard(accessTokenVerifier(poolsFromEnv()), deps)],
});
