/**
 * The HTTP edge every handler module uses: API Gateway REST (v1) proxy events in, CONTRACT-shaped JSON out.
 *
 * `httpHandler({ 'GET /sportello/status': route({...}) })` builds one middy handler that dispatches on
 * `routeKey(event.httpMethod, event.resource)` and, for each request, in CONTRACT precedence order:
 * 1. authentication — the caller from `requestContext.authorizer.claims` (see `Caller`), required when the route
 *    table says the route belongs to a portal; missing, not an access token, or the other portal's → UNAUTHENTICATED;
 * 2. guards (session still current → SESSION_SUPERSEDED, rate limits → RATE_LIMITED), supplied by the handler module;
 * 3. validation — query and JSON body against zod schemas → 400 VALIDATION with `error.fields` in Italian;
 * 4. the route's `handle`, which returns a `Reply`.
 * One error handler at the end turns anything thrown into `{"error":{code,message,…}}` (errors.ts): never a stack
 * trace or an AWS error name; an unknown error is logged (no personal data) and answered 500 with a generic message.
 */
import { isIP } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { isTransient } from '#adapters/failures';
import { fieldProblems, italianIssues } from '#domain/kernel/validation';
import { type ApiError, fail, toApiError } from './errors.ts';
import { type Portal, USER_POOLS } from '#catalogue/resources';
import { ROUTES, type Route, routeKey } from '#catalogue/routes';

/**
 * The authenticated caller, read from the claims an API Gateway Cognito authorizer (REST) puts in
 * `event.requestContext.authorizer.claims` for a verified **access token** — every value a string there, `scope`
 * space-separated. The local gateway verifies the token itself and puts the claims in the same place, the same way.
 * Read: `sub`, `username`, `client_id`, `token_use` (must be `access`), `jti`, `scope` (see `belongsToPortal`), and
 * when present `origin_jti`, `auth_time`, `iat`, `exp` (epoch seconds).
 * Access tokens carry no `email`: handlers that need it look the account up.
 */
export interface Caller {
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

export interface Request {
  route: Route;
  /** `GET /sportello/status` */
  key: string;
  /** The platform's arrival instant (`requestContext.requestTimeEpoch`), UTC epoch milliseconds. */
  arrivalMs: number;
  /** The caller's address as the platform sees it (see `sourceAddress`). */
  sourceIp: string;
  requestId: string;
  pathParameters: Readonly<Record<string, string>>;
  /** Present exactly when the route requires a portal's token. */
  caller: Caller | undefined;
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

export interface RouteHandler<B = unknown, Q = unknown> {
  body?: z.ZodType<B>;
  /**
   * A body that is not JSON reaches `body` as its raw text instead of being refused here, for a route whose use case
   * must answer something else first (a send's replay comes before any other check but authentication).
   */
  lenientJson?: boolean;
  query?: z.ZodType<Q>;
  handle(input: { body: B; query: Q; request: Request }): Promise<Reply> | Reply;
}

/** Identity function that lets TypeScript infer `body` and `query` from the schemas. */
export function route<B = undefined, Q = Record<string, never>>(handler: RouteHandler<B, Q>): RouteHandler<B, Q> {
  return handler;
}

/** Runs after authentication and before validation; throws an ApiError to refuse (session, rate limits). */
export type Guard = (request: Request) => Promise<void> | void;

export interface ErrorLog {
  error(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface HttpOptions {
  guards?: readonly Guard[];
  log?: ErrorLog;
  /** Header carrying the viewer address; default from `VIEWER_ADDRESS_HEADER` (see `sourceAddress`). */
  viewerAddressHeader?: string;
  /** The route table to dispatch against; tests only (default: ROUTES). */
  routes?: readonly Route[];
}

const defaultLog = new Logger({ serviceName: 'sportello' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route keeps its own body and query types
type AnyRouteHandler = RouteHandler<any, any>;

/** One Lambda handler serving several routes of the table; unknown keys fail at cold start, not per request. */
export function httpHandler(routes: Readonly<Record<string, AnyRouteHandler>>, options: HttpOptions = {}) {
  const table = new Map<string, { route: Route; handler: AnyRouteHandler }>();
  for (const [key, handler] of Object.entries(routes)) {
    const found = (options.routes ?? ROUTES).find((r) => routeKey(r.method, r.path) === key);
    if (!found) throw new Error(`${key} is not in the route table (lambdas/catalogue/routes.ts)`);
    table.set(key, { route: found, handler });
  }
  const log = options.log ?? defaultLog;
  const viewerHeader = options.viewerAddressHeader ?? process.env.VIEWER_ADDRESS_HEADER;

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use({
      onError: async (request) => {
        request.response = errorReply(request.error, request.event, log);
      },
    })
    .handler(async (event, context) => {
      const key = routeKey(event.httpMethod, event.resource);
      const entry = table.get(key);
      if (!entry) throw fail.notFound();
      const { route: current, handler } = entry;
      const request: Request = {
        route: current,
        key,
        arrivalMs: arrivalOf(event),
        sourceIp: sourceAddress(event, viewerHeader),
        requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? '',
        pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
        caller: current.auth === 'none' ? undefined : callerOf(event, current.auth),
        header: (name) => headerOf(event, name),
      };
      for (const guard of options.guards ?? []) await guard(request);
      const query = validate(handler.query, event.queryStringParameters ?? {});
      const body = handler.body ? validate(handler.body, parseJson(event, handler.lenientJson)) : undefined;
      const reply = await handler.handle({ body, query, request });
      return toResult(reply, current);
    });
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

function callerOf(event: APIGatewayProxyEvent, portal: Portal): Caller {
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
  const caller: Caller = {
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
 * must not carry another portal's scope, must carry this portal's scope if it carries any portal scope (on AWS the
 * pre-token-generation trigger always adds it; cognito-local cannot, so local tokens carry none), and must come from
 * this portal's backend client when its id is in the environment.
 */
function belongsToPortal(portal: Portal, scopes: readonly string[], clientId: string | undefined): boolean {
  const portalScopes = Object.values(USER_POOLS).map((pool) => pool.scope);
  const carried = scopes.filter((scope) => portalScopes.includes(scope));
  if (carried.length > 0 && !carried.includes(USER_POOLS[portal].scope)) return false;
  if (carried.length > 1) return false;
  const expectedClient = process.env[USER_POOLS[portal].env.clientId];
  return !expectedClient || clientId === expectedClient;
}

function parseJson(event: APIGatewayProxyEvent, lenient = false): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    if (lenient) return text;
    throw fail.validation([{ path: '', message: 'Il corpo della richiesta non è in formato JSON valido.' }]);
  }
}

function validate<T>(schema: z.ZodType<T> | undefined, input: unknown): T {
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
export function errorReply(error: unknown, event: APIGatewayProxyEvent | undefined, log: ErrorLog) {
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
