/**
 * The HTTP edge every Lambda uses: API Gateway REST (v1) proxy events in, CONTRACT-shaped JSON out.
 *
 * `httpHandler({ 'GET /sportello/status': route({...}) }, options)` builds one middy handler that dispatches on the
 * route key (`GET /sportello/status`) and, for each request, in CONTRACT precedence order:
 * 1. authentication — for routes that take a token (the route table's `auth`, or `options.portalOf`): the authorizer's
 *    claims must be there for portal routes, then `options.authenticate` makes the typed `request.caller` (default: the
 *    claims themselves, see `AuthorizerCaller`) — missing or wrong → UNAUTHENTICATED / SESSION_SUPERSEDED;
 * 2. guards (`options.guards`), then the route's `precheck` — checks CONTRACT puts before validation (a send's
 *    replay, rate limits); a precheck may answer at once or hand what it read to `handle`;
 * 3. validation — query and JSON body against the route's zod schemas → 400 VALIDATION with `error.fields` in Italian;
 * 4. the route's `handle`, which returns a `Reply`.
 * One error handler at the end turns anything thrown into `{"error":{code,message,…}}` (errors.ts): never a stack
 * trace or an AWS error name; an unknown error is logged (no personal data) and answered 500 with a generic message.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ORIGIN_VERIFY_HEADER } from '#catalogue/function-needs';
import { SELF_SERVICE_SCOPE, USER_POOLS } from '#catalogue/resources';
import { MAX_BODY_BYTES, ROUTES, type Route, type RouteKey, routeKey } from '#catalogue/routes';
import type { Portal } from '#domain/kernel/portal';
import { fieldProblems, italianIssues } from '#domain/kernel/validation';
import { type ApiError, fail, toApiError } from './errors.ts';

/**
 * The claims an API Gateway Cognito authorizer (REST) puts in `event.requestContext.authorizer.claims` for a verified
 * **access token** — every value a string there, `scope` space-separated. The local gateway verifies the token itself
 * and puts the claims in the same place, the same way. Read: `sub`, `username`, `client_id`, `token_use` (must be
 * `access`), `jti`, `scope` (see `belongsToPortal`), and when present `origin_jti`, `auth_time`, `iat`, `exp` (epoch
 * seconds). Access tokens carry no `email`: handlers that need it look the account up.
 */
export interface AuthorizerCaller {
  portal: Portal;
  sub: string;
  username: string;
  clientId: string;
  jti: string;
  originJti?: string;
  scopes: readonly string[];
  authTime?: number;
  issuedAt?: number;
  expiresAt?: number;
}

export interface Request<C = AuthorizerCaller> {
  route: Route;
  /** `GET /sportello/status` */
  key: string;
  /** The platform's arrival instant (`requestContext.requestTimeEpoch`), UTC epoch milliseconds. */
  arrivalMs: number;
  /** Until when (epoch ms) the function may work on this request: its remaining time, less a margin to answer. */
  deadlineMs: number;
  /** The caller's address as the platform sees it (see `sourceAddress`). */
  sourceIp: string;
  requestId: string;
  pathParameters: Readonly<Record<string, string>>;
  /** Present exactly when the route takes a token: what `authenticate` made of it. */
  caller: C | undefined;
  header(name: string): string | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const accepted = (body?: unknown): Reply => ({ status: 202, body });
export const noContent = (): Reply => ({ status: 204 });

/** What a precheck decides: answer now, or go on to validation and `handle` with what it read. */
export type Precheck<P> = { reply: Reply } | { pass: P };

export interface RouteHandler<B = unknown, Q = unknown, C = AuthorizerCaller, P = undefined> {
  body?: z.ZodType<B>;
  /**
   * A body that is not JSON reaches `precheck` and `body` as its raw text instead of being refused at once, for a
   * route that must answer something else first (a send's replay comes before any other check but authentication).
   */
  lenientJson?: boolean;
  query?: z.ZodType<Q>;
  /** Checks that CONTRACT orders before validation; sees the body as parsed JSON (or raw text), unvalidated. */
  precheck?(input: { body: unknown; request: Request<C> }): Promise<Precheck<P>> | Precheck<P>;
  /** Told of every refusal after the precheck passed (validation included): a route may count them. */
  onRefusal?(input: { error: unknown; request: Request<C>; prechecked: P }): Promise<void> | void;
  handle(input: { body: B; query: Q; request: Request<C>; prechecked: P }): Promise<Reply> | Reply;
}

/** Identity function that lets TypeScript infer `body`, `query`, the caller and the precheck's result. */
export function route<B = undefined, Q = Record<string, never>, C = unknown, P = undefined>(
  handler: RouteHandler<B, Q, C, P>,
): RouteHandler<B, Q, C, P> {
  return handler;
}

/** The values of the origin secret, loaded once per cold start and again (at most once a minute) on a mismatch. */
export interface OriginSecret {
  values?: readonly string[];
  /** Epoch ms of the last load. */
  loadedAt?: number;
  load(): Promise<readonly string[]>;
}

/** Runs after authentication and before the precheck; throws an ApiError to refuse. */
export type Guard<C = AuthorizerCaller> = (request: Request<C>) => Promise<void> | void;

/** Makes the typed caller of a route that takes a token; throws UNAUTHENTICATED (or another ApiError) to refuse. */
export type Authenticate<C> = (
  request: Request<C>,
  token: { portal: Portal | 'any'; claims: AuthorizerCaller | undefined },
) => Promise<C> | C;

export interface ErrorLog {
  error(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface HttpOptions<C = AuthorizerCaller> {
  /** Default: the authorizer's claims are the caller. */
  authenticate?: Authenticate<C>;
  /**
   * Which pool a route's tokens come from; default the route table's `auth`. Routes both portals use (`/me`, logout)
   * are public at the gateway and say `any` here.
   */
  portalOf?: (route: Route) => Portal | 'any' | undefined;
  guards?: readonly Guard<C>[];
  log?: ErrorLog;
  /** An SDK failure that escaped the adapters' mapping is still "try again" (the wiring passes the adapters' test). */
  isTransient?: (error: unknown) => boolean;
  /** Header carrying the viewer address; default from `VIEWER_ADDRESS_HEADER` (see `sourceAddress`). */
  viewerAddressHeader?: string;
  /**
   * The origin secret CloudFront sends in `ORIGIN_VERIFY_HEADER`. When given, a request without one of its values did
   * not come through CloudFront and is refused (403 FORBIDDEN) before anything else — so the viewer-address header,
   * which only CloudFront can stamp, is never trusted without it.
   */
  origin?: OriginSecret;
  /** The route table to dispatch against; tests only (default: ROUTES). */
  routes?: readonly Route[];
  /** Told of every answer once it is made (route key, status, error code): the wiring counts business events. */
  outcome?: (key: string, status: number, code?: string) => void;
}

const defaultLog = new Logger({ serviceName: 'sportello' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route keeps its own body, query and precheck types
type AnyRouteHandler<C> = RouteHandler<any, any, C, any>;

/** Handlers by route key; keys outside the route table do not type-check (tests pass their own table's keys as `K`). */
export type RouteHandlers<C, K extends string = RouteKey> = Partial<Record<K, AnyRouteHandler<C>>>;

const routePortal = (route: Route): Portal | undefined => (route.auth === 'none' ? undefined : route.auth);

/** One Lambda handler serving several routes of the table; unknown keys fail at cold start, not per request. */
export function httpHandler<C = AuthorizerCaller, K extends string = RouteKey>(
  routes: RouteHandlers<NoInfer<C>, NoInfer<K>>,
  options: HttpOptions<C> = {},
) {
  // By method, then API Gateway's resource template: no key string is built per request.
  const table = new Map<string, Map<string, { route: Route; key: string; handler: AnyRouteHandler<C> }>>();
  for (const [key, handler] of Object.entries(routes) as [string, AnyRouteHandler<C>][]) {
    const found = (options.routes ?? ROUTES).find((r) => routeKey(r.method, r.path) === key);
    if (!found) throw new Error(`${key} is not in the route table (lambdas/catalogue/routes.ts)`);
    const byResource = table.get(found.method) ?? new Map();
    table.set(found.method, byResource.set(found.path, { route: found, key, handler }));
  }
  const log = options.log ?? defaultLog;
  const viewerHeader = options.viewerAddressHeader ?? process.env.VIEWER_ADDRESS_HEADER;
  const portalOf = options.portalOf ?? routePortal;
  const authenticate = options.authenticate ?? ((_request, token) => token.claims as C);
  const isTransient = options.isTransient ?? (() => false);

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use({
      onError: async (request) => {
        request.response = errorReply(request.error, request.event, log, isTransient);
        if (options.outcome) {
          const code = (JSON.parse(request.response.body) as { error?: { code?: string } }).error?.code;
          options.outcome(
            routeKey(request.event.httpMethod ?? '', request.event.resource ?? ''),
            request.response.statusCode,
            code,
          );
        }
      },
    })
    .handler(async (event, context) => {
      if (options.origin) await requireOrigin(event, options.origin);
      const entry = table.get(event.httpMethod?.toUpperCase())?.get(event.resource);
      if (!entry) throw fail.notFound();
      const { route: current, key, handler } = entry;
      const request: Request<C> = {
        route: current,
        key,
        arrivalMs: arrivalOf(event),
        deadlineMs: deadlineOf(context),
        sourceIp: sourceAddress(event, viewerHeader),
        requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? '',
        pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
        caller: undefined,
        header: (name) => headerOf(event, name),
      };
      const portal = portalOf(current);
      if (portal) {
        const claims = current.auth === 'none' ? undefined : authorizerCaller(event, current.auth);
        request.caller = await authenticate(request, { portal, claims });
      }
      for (const guard of options.guards ?? []) await guard(request);
      const raw = parseJson(event, handler.lenientJson || handler.precheck !== undefined);
      const checked = handler.precheck ? await handler.precheck({ body: raw, request }) : { pass: undefined };
      const answer = (reply: Reply) => {
        options.outcome?.(key, reply.status);
        return toResult(reply, current);
      };
      if ('reply' in checked) return answer(checked.reply);
      try {
        if (typeof raw === 'string' && handler.precheck && !handler.lenientJson) throw notJson();
        const query = validate(handler.query, event.queryStringParameters ?? {});
        const body = handler.body ? validate(handler.body, raw) : undefined;
        const reply = await handler.handle({ body, query, request, prechecked: checked.pass });
        return answer(reply);
      } catch (error) {
        await handler.onRefusal?.({ error, request, prechecked: checked.pass });
        throw error;
      }
    });
}

/** A mismatching origin header reloads the secret at most this often (a rotation is picked up within it). */
const ORIGIN_RELOAD_MS = 60_000;
const ORIGIN_MESSAGE = 'Richiesta non consentita: usare il portale dello Sportello.';

/** Refuses a request that does not carry the origin secret CloudFront adds (values compared in constant time). */
async function requireOrigin(event: APIGatewayProxyEvent, origin: OriginSecret): Promise<void> {
  const given = digest(headerOf(event, ORIGIN_VERIFY_HEADER) ?? '');
  const matches = () => (origin.values ?? []).some((value) => timingSafeEqual(digest(value), given));
  if (origin.values && matches()) return;
  if (!origin.values || Date.now() - (origin.loadedAt ?? 0) >= ORIGIN_RELOAD_MS) {
    origin.values = await origin.load();
    origin.loadedAt = Date.now();
    if (matches()) return;
  }
  throw fail.forbidden(ORIGIN_MESSAGE);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The margin kept to answer before the function's own timeout (a 503 is better than a timeout). */
const ANSWER_MARGIN_MS = 1_500;

function deadlineOf(context: Context | undefined): number {
  const remaining = context?.getRemainingTimeInMillis?.();
  return Date.now() + (typeof remaining === 'number' ? Math.max(0, remaining - ANSWER_MARGIN_MS) : 8_000);
}

function arrivalOf(event: APIGatewayProxyEvent): number {
  const epoch = Number(event.requestContext?.requestTimeEpoch);
  // API Gateway and the local gateway always set it; a hand-made event without it gets the Lambda's own clock.
  return Number.isFinite(epoch) && epoch > 0 ? epoch : Date.now();
}

/**
 * The caller's address: `requestContext.identity.sourceIp` (API Gateway's peer; the local gateway puts its CONTRACT
 * rule there). Behind CloudFront that peer is an edge server, so the stack sets `VIEWER_ADDRESS_HEADER` to the header
 * carrying the viewer's address — the web stack's CloudFront Function stamps `x-sportello-viewer` with
 * `event.viewer.ip`, overwriting any client value; CloudFront's own `CloudFront-Viewer-Address` (`ip:port`, IPv6
 * unbracketed) works too and loses its port. The header is read only when configured (elsewhere a client could forge
 * it) and only if it holds an IP address.
 */
export function sourceAddress(event: APIGatewayProxyEvent, viewerHeader?: string): string {
  const raw = viewerHeader ? headerOf(event, viewerHeader)?.trim() : undefined;
  if (raw) {
    const viewer = viewerHeader?.toLowerCase() === 'cloudfront-viewer-address' ? stripPort(raw) : raw;
    if (isIP(viewer)) return viewer;
  }
  return event.requestContext?.identity?.sourceIp ?? 'unknown';
}

/** `CloudFront-Viewer-Address` always ends in `:port`: `198.51.100.10:46532`, `2001:db8::1:46532`. */
function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) return bracketed[1];
  const cut = value.lastIndexOf(':');
  return cut > 0 ? value.slice(0, cut) : value;
}

function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

function authorizerCaller(event: APIGatewayProxyEvent, portal: Portal): AuthorizerCaller {
  const claims = (event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null)?.claims;
  if (!claims || typeof claims !== 'object') throw fail.unauthenticated();
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === 'string' && value.length > 0
      ? value
      : typeof value === 'number'
        ? String(value)
        : undefined;
  };
  const seconds = (name: string) => {
    const value = Number(text(name));
    return Number.isFinite(value) ? value : undefined;
  };
  const sub = text('sub');
  const jti = text('jti');
  if (!sub || !jti || text('token_use') !== 'access') throw fail.unauthenticated();
  const scopes = (text('scope') ?? '').split(/\s+/).filter(Boolean);
  if (!belongsToPortal(portal, scopes, text('client_id'))) {
    throw fail.unauthenticated("L'accesso effettuato non è valido per questo portale: accedere dal portale corretto.");
  }
  const caller: AuthorizerCaller = {
    portal,
    sub,
    jti,
    scopes,
    username: text('username') ?? sub,
    clientId: text('client_id') ?? '',
  };
  const originJti = text('origin_jti');
  if (originJti) caller.originJti = originJti;
  for (const [field, claim] of [
    ['authTime', 'auth_time'],
    ['issuedAt', 'iat'],
    ['expiresAt', 'exp'],
  ] as const) {
    const value = seconds(claim);
    if (value !== undefined) caller[field] = value;
  }
  return caller;
}

/**
 * Defence in depth behind the authorizer (which already verified the token against this portal's pool): the token
 * must carry this portal's scope and no other portal's (the pre token generation trigger adds exactly one, on AWS and
 * locally), never the self-service scope the trigger suppresses, and must come from this portal's backend client when
 * its id is in the environment.
 */
function belongsToPortal(portal: Portal, scopes: readonly string[], clientId: string | undefined): boolean {
  const portalScopes = Object.values(USER_POOLS).map((pool) => pool.scope);
  const carried = scopes.filter((scope) => portalScopes.includes(scope));
  if (carried.length !== 1 || carried[0] !== USER_POOLS[portal].scope || scopes.includes(SELF_SERVICE_SCOPE)) {
    return false;
  }
  const expectedClient = process.env[USER_POOLS[portal].env.clientId];
  return !expectedClient || clientId === expectedClient;
}

const notJson = () =>
  fail.validation([{ path: '', message: 'Il corpo della richiesta non è in formato JSON valido.' }]);

/** The JSON body; with `lenient`, a body that is not JSON is handed over as its text. */
function parseJson(event: APIGatewayProxyEvent, lenient: boolean): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  // Behind the WAF's own rule: nothing larger than any route accepts is ever parsed.
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw fail.tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    if (lenient) return text;
    throw notJson();
  }
}

/** `input` against `schema`, or 400 VALIDATION listing every problem with its Italian message. */
export function validate<T>(schema: z.ZodType<T> | undefined, input: unknown): T {
  if (!schema) return {} as T;
  const result = schema.safeParse(input, { error: italianIssues });
  if (!result.success) throw fail.validation(fieldProblems(result.error));
  return result.data;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function toResult(reply: Reply, current: Route): APIGatewayProxyResult {
  const cache = current.cacheSeconds ? `public, max-age=${current.cacheSeconds}` : 'no-store';
  const hasBody = reply.body !== undefined && reply.status !== 204;
  return {
    statusCode: reply.status,
    headers: {
      ...(hasBody ? { 'content-type': JSON_TYPE } : {}),
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      ...reply.headers,
    },
    body: hasBody ? JSON.stringify(reply.body) : '',
  };
}

/** The one place an error becomes a response. */
export function errorReply(
  error: unknown,
  event: APIGatewayProxyEvent | undefined,
  log: ErrorLog,
  isTransient: (error: unknown) => boolean = () => false,
) {
  let answer: ApiError = toApiError(error);
  // An SDK failure that escaped the adapters' mapping is still "try again", not a defect.
  if (answer.code === 'INTERNAL' && isTransient(error)) answer = fail.unavailable(1, error);
  const where = event ? routeKey(event.httpMethod ?? '', event.resource ?? '') : 'unknown';
  if (answer.statusCode >= 500) {
    const cause = answer.code === 'INTERNAL' ? error : (answer.cause ?? error);
    const details = { route: where, code: answer.code, ...describe(cause) };
    if (answer.code === 'INTERNAL') log.error('request failed', details);
    else log.warn('backing service unavailable', details);
  }
  return {
    statusCode: answer.statusCode,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(answer.retryAfterSeconds !== undefined ? { 'retry-after': String(answer.retryAfterSeconds) } : {}),
    },
    body: JSON.stringify(answer.toBody()),
  } satisfies APIGatewayProxyResult;
}

/**
 * What is logged of a failure: its class, an `operation` if it names one, the AWS request id, and the stack frames
 * without the first line — messages can carry user input (an e-mail in a condition, a phone), frames cannot.
 */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const e = error as Error & { operation?: string; $metadata?: { requestId?: string }; cause?: unknown };
  const frames = (e.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return {
    errorName: e.name,
    ...(e.operation ? { operation: e.operation } : {}),
    ...(e.$metadata?.requestId ? { awsRequestId: e.$metadata.requestId } : {}),
    ...(e.cause instanceof Error ? { causeName: e.cause.name } : {}),
    stack: frames.slice(0, 12).join('\n'),
  };
}
