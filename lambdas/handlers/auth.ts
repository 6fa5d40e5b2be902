/**
 * Authentication routes (R8–R11; CONTRACT "Authentication"): password step, phone enrolment, SMS code, refresh,
 * password reset, logout. All but logout are public at the gateway: the login `session` and the refresh token are
 * checked by the use cases. Logout accepts an access token of either portal (verified here, issuer decides).
 */
import { z } from 'zod';
import { accountsDeps } from '#wiring/accounts';
import { poolsFromEnv } from '#adapters/cognito/pools';
import { login } from '#domain/accounts/login';
import { answerSmsCode, setUpPhone } from '#domain/accounts/mfa';
import { confirmNewPassword, forgotPassword } from '#domain/accounts/password-reset';
import type { AccountsDeps } from '#domain/accounts/ports';
import { logout, refreshSession } from '#domain/accounts/session';
import { accessTokenVerifier, authenticatedCaller, sessionGuard, type TokenVerifier } from '#http/auth';
import { accepted, type Guard, httpHandler, noContent, ok, route } from '#http/handler';

const anyBody = z.unknown();
const LOGOUT = 'POST /auth/logout';

export function authRoutes(deps: AccountsDeps) {
  const step = (run: (body: unknown, ctx: { sourceIp: string }) => Promise<unknown>) =>
    route({ body: anyBody, handle: async ({ body, request }) => ok(await run(body, request)) });
  return {
    'POST /auth/login': step((body, ctx) => login(body, ctx, deps)),
    'POST /auth/mfa/setup': step((body, ctx) => setUpPhone(body, ctx, deps)),
    'POST /auth/mfa': step((body, ctx) => answerSmsCode(body, ctx, deps)),
    'POST /auth/refresh': step((body, ctx) => refreshSession(body, ctx, deps)),
    'POST /auth/password/forgot': route({
      body: anyBody,
      handle: async ({ body, request }) => {
        await forgotPassword(body, request, deps);
        return accepted();
      },
    }),
    'POST /auth/password/confirm': step((body, ctx) => confirmNewPassword(body, ctx, deps)),
    [LOGOUT]: route({
      handle: async ({ request }) => {
        await logout(authenticatedCaller(request), deps);
        return noContent();
      },
    }),
  };
}

/** Only logout needs a caller; its token may come from either portal. */
export const logoutGuard = (verify: TokenVerifier, deps: AccountsDeps): Guard =>
  sessionGuard(verify, deps, (request) => (request.key === LOGOUT ? 'any' : undefined));

const deps = accountsDeps(['applications', 'claims', 'security', 'audit', 'config']);
export const handler = httpHandler(authRoutes(deps), {
  guards: [logoutGuard(accessTokenVerifier(poolsFromEnv()), deps)],
});
