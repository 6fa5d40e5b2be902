/**
 * The accounts use cases as the HTTP edge calls them: through the real route definitions (`#http/routes/accounts`),
 * with the route's precheck, its body schema validated by the edge's own `validate`, then its `handle`. Tests keep
 * calling `login(body, ctx, deps)` with raw bodies and see exactly what a request would get (VALIDATION included).
 */
import type { AccountsDeps, CallContext } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';
import { type Reply, type Request, type RouteHandler, validate } from '#http/handler';
import type { CounterDeps } from '#domain/counter/ports';
import type { SentReceipt } from '#domain/counter/send';
import { authRoutes, registrationRoutes } from '#http/routes/accounts';
import { counterRoutes } from '#http/routes/counter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every route of the module, whatever its body type
type AnyRoute = RouteHandler<any, any, any, any>;

/**
 * Runs one route as the HTTP edge does after authentication: precheck, validation of the body (the edge's own
 * `validate`), handle, and the route's `onRefusal` for a refusal after the precheck. The reply's body is the use
 * case's result; a refusal is thrown as the edge would map it.
 */
export async function runRoute(
  route: AnyRoute,
  body: unknown,
  request: Partial<Request<unknown>> & Pick<Request<unknown>, 'sourceIp'>,
): Promise<Reply> {
  const full = {
    arrivalMs: Date.now(),
    deadlineMs: Date.now() + 8_000,
    requestId: 'test',
    pathParameters: {},
    caller: undefined,
    header: () => undefined,
    ...request,
  } as Request<unknown>;
  const checked = route.precheck ? await route.precheck({ body, request: full }) : { pass: undefined };
  if ('reply' in checked) return checked.reply;
  try {
    const input = route.body ? validate(route.body, body) : undefined;
    return await route.handle({ body: input, query: {}, request: full, prechecked: checked.pass });
  } catch (error) {
    await route.onRefusal?.({ error, request: full, prechecked: checked.pass });
    throw error;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the use case result, read by each test as it knows it
export async function viaRoute(route: AnyRoute, body: unknown, ctx: CallContext): Promise<any> {
  return (await runRoute(route, body, { sourceIp: ctx.sourceIp })).body;
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

/**
 * `POST /sportello/send` through the real counter route, for a caller whose token is taken as verified: the same
 * precheck, validation, record and refusal counting as a request. Answers the use case's result (`firstSend`,
 * `receipt`, `message`).
 */
export async function sendApplication(
  caller: { sub: string; tokenId: string },
  body: unknown,
  arrival: { atMs: number; sourceIp: string },
  deps: CounterDeps,
) {
  const reply = await runRoute(counterRoutes(deps)['POST /sportello/send'], body, {
    sourceIp: arrival.sourceIp,
    arrivalMs: arrival.atMs,
    deadlineMs: arrival.atMs + 8_000,
    caller: { portal: 'participant', ...caller },
  });
  const answer = reply.body as { receipt: SentReceipt; message?: string };
  return reply.status === 201
    ? { firstSend: true as const, receipt: answer.receipt }
    : { firstSend: false as const, receipt: answer.receipt, message: answer.message ?? '' };
}
