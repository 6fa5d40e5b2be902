/**
 * The accounts use cases as the HTTP edge calls them: through the real route definitions (`#http/routes/accounts`),
 * with the route's precheck, its body schema validated by the edge's own `validate`, then its `handle`. Tests keep
 * calling `login(body, ctx, deps)` with raw bodies and see exactly what a request would get (VALIDATION included).
 */
import type { AccountsDeps, CallContext } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';
import { type Request, type RouteHandler, validate } from '#http/handler';
import { authRoutes, registrationRoutes } from '#http/routes/accounts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every route of the module, whatever its body type
type AnyRoute = RouteHandler<any, any, any, any>;

/** Runs one route for a body and a context; the reply's body is the use case's result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the use case result, read by each test as it knows it
export async function viaRoute(route: AnyRoute, body: unknown, ctx: CallContext): Promise<any> {
  const request = {
    sourceIp: ctx.sourceIp,
    arrivalMs: Date.now(),
    requestId: 'test',
    pathParameters: {},
    caller: undefined,
    header: () => undefined,
  } as unknown as Request<unknown>;
  const checked = route.precheck ? await route.precheck({ body, request }) : { pass: undefined };
  if ('reply' in checked) return checked.reply.body;
  const input = route.body ? validate(route.body, body) : undefined;
  const reply = await route.handle({ body: input, query: {}, request, prechecked: checked.pass });
  return reply.body;
}

const auth = (key: keyof ReturnType<typeof authRoutes>) => (body: unknown, ctx: CallContext, deps: AccountsDeps) =>
  viaRoute(authRoutes(deps)[key], body, ctx);

export const login = auth('POST /auth/login');
export const setUpPhone = auth('POST /auth/mfa/setup');
export const answerSmsCode = auth('POST /auth/mfa');
export const refreshSession = auth('POST /auth/refresh');
export const forgotPassword = auth('POST /auth/password/forgot');
export const confirmNewPassword = auth('POST /auth/password/confirm');

export const registerParticipant = (body: unknown, ctx: CallContext, deps: AccountsDeps) =>
  viaRoute(registrationRoutes(deps)['POST /participant/register'], body, ctx);
export const registerAdmin = (body: unknown, ctx: CallContext, deps: AccountsDeps) =>
  viaRoute(registrationRoutes(deps)['POST /admin/register'], body, ctx);
export const confirmRegistration = (portal: Portal, body: unknown, ctx: CallContext, deps: AccountsDeps) =>
  viaRoute(registrationRoutes(deps)[`POST /${portal}/register/confirm`], body, ctx);
export const resendConfirmationCode = (portal: Portal, body: unknown, ctx: CallContext, deps: AccountsDeps) =>
  viaRoute(registrationRoutes(deps)[`POST /${portal}/register/resend`], body, ctx);
