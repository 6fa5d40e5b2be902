/**
 * The one route table (CONTRACT "Routes"). API Gateway (lib/) and the local gateway (local/) are both built from it,
 * so they cannot drift. Paths are written without the `/api` prefix, with `{name}` path parameters as API Gateway
 * writes them. `handler` names the module `lambdas/handlers/<handler>.ts`, which exports `handler`; one Lambda
 * function serves each handler module and dispatches on `event.resource` + `event.httpMethod`.
 *
 * A route is listed here only once its handler exists: the table is the truth about what is served.
 */
import type { Portal } from './resources.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The largest request body any route accepts (the biggest, a registration, is well under 1 KB): the WAF, the local
 * gateway and the handlers refuse more before parsing it.
 */
export const MAX_BODY_BYTES = 16 * 1024;
/** What every layer answers to a larger body: 413, code VALIDATION, this message. */
export const BODY_TOO_LARGE_MESSAGE = 'La richiesta è troppo grande: al massimo 16 KB.';
/** `none`: public; a portal name: an access token of that portal's pool is required. */
export type RouteAuth = 'none' | Portal;

export type HandlerName = 'health' | 'registration' | 'auth' | 'me' | 'admin' | 'counter' | 'lists';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: HandlerName;
  readonly auth: RouteAuth;
  /** Seconds the edge may cache a public GET (CloudFront; the local gateway sends the same Cache-Control). */
  readonly cacheSeconds?: number;
  /**
   * For a cached route: the query parameters it reads, the only ones in the edge's cache key and forwarded to the
   * origin (anything else would split the cache and let each request through). @default none
   */
  readonly cacheQuery?: readonly string[];
  /** Rate-limited at the edge as an authentication or counter route (WAF rate rules). */
  readonly sensitive?: boolean;
}

const ROUTE_TABLE = [
  { method: 'GET', path: '/health', handler: 'health', auth: 'none' },
  // Polled by every waiting room: the edge caches it for a second so the polling never reaches Lambda (DESIGN).
  {
    method: 'GET',
    path: '/sportello/status',
    handler: 'counter',
    auth: 'none',
    cacheSeconds: 1,
    cacheQuery: ['region', 'axis'],
  },
  // Published lists (R18): the index, and each current list file (also served by CloudFront at /lists/… on the site).
  { method: 'GET', path: '/lists', handler: 'lists', auth: 'none' },
  { method: 'GET', path: '/lists/{edition}/{region}/{file}', handler: 'lists', auth: 'none' },
  // Counter (docs/counter.md): practice form before M4, the send form and the send while OPEN, the receipt.
  { method: 'GET', path: '/sportello/test-form', handler: 'counter', auth: 'participant' },
  { method: 'GET', path: '/sportello/form', handler: 'counter', auth: 'participant', sensitive: true },
  { method: 'POST', path: '/sportello/send', handler: 'counter', auth: 'participant', sensitive: true },
  { method: 'GET', path: '/sportello/receipt', handler: 'counter', auth: 'participant' },
  // The public keys that verify receipt signatures (JWKS); they change only with the key.
  { method: 'GET', path: '/sportello/keys', handler: 'counter', auth: 'none', cacheSeconds: 300 },
  // Accounts (docs/accounts.md). Registration and authentication are public at the gateway: the backend checks the
  // body's credentials, login session or refresh token itself. Paths are explicit per portal (no `{portal}`).
  { method: 'POST', path: '/participant/register', handler: 'registration', auth: 'none', sensitive: true },
  { method: 'POST', path: '/admin/register', handler: 'registration', auth: 'none', sensitive: true },
  { method: 'POST', path: '/participant/register/confirm', handler: 'registration', auth: 'none', sensitive: true },
  { method: 'POST', path: '/admin/register/confirm', handler: 'registration', auth: 'none', sensitive: true },
  { method: 'POST', path: '/participant/register/resend', handler: 'registration', auth: 'none', sensitive: true },
  { method: 'POST', path: '/admin/register/resend', handler: 'registration', auth: 'none', sensitive: true },
  // The privacy notice (GDPR art. 13, R21) both registration forms show.
  { method: 'GET', path: '/privacy', handler: 'registration', auth: 'none', cacheSeconds: 300 },
  { method: 'POST', path: '/auth/login', handler: 'auth', auth: 'none', sensitive: true },
  { method: 'POST', path: '/auth/mfa/setup', handler: 'auth', auth: 'none', sensitive: true },
  { method: 'POST', path: '/auth/mfa', handler: 'auth', auth: 'none', sensitive: true },
  { method: 'POST', path: '/auth/refresh', handler: 'auth', auth: 'none', sensitive: true },
  { method: 'POST', path: '/auth/password/forgot', handler: 'auth', auth: 'none', sensitive: true },
  { method: 'POST', path: '/auth/password/confirm', handler: 'auth', auth: 'none', sensitive: true },
  // Either portal's access token: one Cognito authorizer cannot accept both pools' scopes, so the handler verifies
  // the token (signature, issuer → portal, client, token use, expiry) and the session itself.
  { method: 'POST', path: '/auth/logout', handler: 'auth', auth: 'none' },
  { method: 'GET', path: '/me', handler: 'me', auth: 'none' },
  { method: 'GET', path: '/admin/companies', handler: 'admin', auth: 'admin' },
  { method: 'POST', path: '/admin/companies/{token}/reset', handler: 'admin', auth: 'admin', sensitive: true },
] as const satisfies readonly Route[];

export const ROUTES: readonly Route[] = ROUTE_TABLE;

/** The key of every route of the table: `GET /sportello/status`. */
export type RouteKey = KeyOf<(typeof ROUTE_TABLE)[number]>;
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;

/** The route key a handler dispatches on: `GET /sportello/status`. */
export function routeKey(method: string, resource: string): string {
  return `${method.toUpperCase()} ${resource}`;
}
