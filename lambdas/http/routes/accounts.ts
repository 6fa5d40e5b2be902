/**
 * The accounts routes (R4–R12; CONTRACT "Registration", "Authentication", "Administrator"): each declares its body
 * schema (validated by the HTTP edge before the use case runs) and hands the typed input to its use case. The phone
 * and SMS-code steps look their login session up before validation (CONTRACT: authentication first), as a precheck.
 */
import { listCompanies, resetCompany } from '#domain/accounts/companies';
import { confirmRegistration, resendConfirmationCode } from '#domain/accounts/confirm';
import { login } from '#domain/accounts/login';
import { describeCaller } from '#domain/accounts/me';
import { answerSmsCode, findLogin, setUpPhone } from '#domain/accounts/mfa';
import { confirmNewPassword, forgotPassword } from '#domain/accounts/password-reset';
import type { AccountsDeps, PendingLogin } from '#domain/accounts/ports';
import { PRIVACY_NOTICE } from '#domain/accounts/privacy';
import { registerAdmin, registerParticipant } from '#domain/accounts/register';
import {
  AdminRegistrationBody,
  ConfirmBody,
  ConfirmPasswordBody,
  ForgotBody,
  LoginBody,
  MfaBody,
  MfaSetupBody,
  ParticipantRegistrationBody,
  RefreshBody,
  ResendBody,
} from '#domain/accounts/schemas';
import { type Caller, logout, refreshSession } from '#domain/accounts/session';
import type { Portal } from '#domain/kernel/portal';
import { fail } from '#http/errors';
import { accepted, created, noContent, ok, type Precheck, route } from '#http/handler';

type NoQuery = Record<string, never>;

export function registrationRoutes(deps: AccountsDeps) {
  const confirm = (portal: Portal) =>
    route({
      body: ConfirmBody,
      handle: async ({ body, request }) => ok(await confirmRegistration(portal, body, request, deps)),
    });
  const resend = (portal: Portal) =>
    route({
      body: ResendBody,
      handle: async ({ body, request }) => {
        await resendConfirmationCode(portal, body, request, deps);
        return accepted();
      },
    });
  return {
    'POST /participant/register': route({
      body: ParticipantRegistrationBody,
      handle: async ({ body, request }) => created(await registerParticipant(body, request, deps)),
    }),
    'POST /admin/register': route({
      body: AdminRegistrationBody,
      handle: async ({ body, request }) => created(await registerAdmin(body, request, deps)),
    }),
    'POST /participant/register/confirm': confirm('participant'),
    'POST /admin/register/confirm': confirm('admin'),
    'GET /privacy': route({ handle: () => ok(PRIVACY_NOTICE) }),
    'POST /participant/register/resend': resend('participant'),
    'POST /admin/register/resend': resend('admin'),
  } as const;
}

/** The login session named by the body, before validation (undefined: the body names none, validation refuses). */
const loginOf =
  (deps: AccountsDeps, challenge?: PendingLogin['challenge']) =>
  async ({ body }: { body: unknown }): Promise<Precheck<PendingLogin>> => {
    const found = await findLogin(body, challenge, deps);
    return { pass: found as PendingLogin };
  };

export function authRoutes(deps: AccountsDeps) {
  return {
    'POST /auth/login': route({
      body: LoginBody,
      handle: async ({ body, request }) => ok(await login(body, request, deps)),
    }),
    'POST /auth/mfa/setup': route({
      body: MfaSetupBody,
      precheck: loginOf(deps, 'MFA_SETUP'),
      handle: async ({ body, request, prechecked }) => ok(await setUpPhone(prechecked, body, request, deps)),
    }),
    'POST /auth/mfa': route({
      body: MfaBody,
      precheck: loginOf(deps),
      handle: async ({ body, request, prechecked }) => ok(await answerSmsCode(prechecked, body, request, deps)),
    }),
    'POST /auth/refresh': route({
      body: RefreshBody,
      handle: async ({ body, request }) => ok(await refreshSession(body, request, deps)),
    }),
    'POST /auth/password/forgot': route({
      body: ForgotBody,
      handle: async ({ body, request }) => {
        await forgotPassword(body, request, deps);
        return accepted();
      },
    }),
    'POST /auth/password/confirm': route({
      body: ConfirmPasswordBody,
      handle: async ({ body, request }) => ok(await confirmNewPassword(body, request, deps)),
    }),
    'POST /auth/logout': route<undefined, NoQuery, Caller>({
      handle: async ({ request }) => {
        await logout(callerOf(request), deps);
        return noContent();
      },
    }),
  } as const;
}

export function meRoutes(deps: AccountsDeps) {
  return {
    'GET /me': route<undefined, NoQuery, Caller>({
      handle: async ({ request }) => ok(await describeCaller(callerOf(request), deps)),
    }),
  } as const;
}

export function adminRoutes(deps: AccountsDeps) {
  return {
    'GET /admin/companies': route<undefined, NoQuery, Caller>({
      handle: async ({ request }) => ok(await listCompanies(callerOf(request), deps)),
    }),
    'POST /admin/companies/{token}/reset': route<undefined, NoQuery, Caller>({
      handle: async ({ request }) =>
        ok(await resetCompany(callerOf(request), request.pathParameters.token ?? '', request, deps)),
    }),
  } as const;
}

/** The route's authenticated caller (the handler's authenticator ran for every route that takes a token). */
function callerOf(request: { caller: Caller | undefined }): Caller {
  if (!request.caller) throw fail.unauthenticated();
  return request.caller;
}
