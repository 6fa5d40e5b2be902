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
  /** Rate-limited at the edge as an authentication or counter route (WAF rate rules). */
  readonly sensitive?: boolean;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', handler: 'health', auth: 'none' },
  // Polled by every waiting room: the edge caches it for a second so the polling never reaches Lambda (DESIGN).
  { method: 'GET', path: '/sportello/status', handler: 'counter', auth: 'none', cacheSeconds: 1 },
];

/** The route key a handler dispatches on: `GET /sportello/status`. */
export function routeKey(method: string, resource: string): string {
  return `${method.toUpperCase()} ${resource}`;
}
