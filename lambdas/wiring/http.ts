/**
 * `httpHandler` as every Lambda runs it: the adapters' classification of AWS failures, so an SDK error that escaped an
 * adapter's mapping is still answered 503 "try again" rather than 500.
 */
import { isTransient } from '#adapters/failures';
import { originSecretValues } from '#adapters/secrets';
import { ORIGIN_SECRET_ENV } from '#catalogue/function-needs';
import { type AuthorizerCaller, httpHandler, type HttpOptions, type RouteHandlers } from '#http/handler';

export function lambdaHttp<C = AuthorizerCaller>(routes: RouteHandlers<NoInfer<C>>, options: HttpOptions<C> = {}) {
  // Where the stack (or the local cloud) names an origin secret, only requests that came through CloudFront pass.
  const origin = process.env[ORIGIN_SECRET_ENV] ? { load: () => originSecretValues() } : undefined;
  return httpHandler<C>(routes, { isTransient, ...(origin ? { origin } : {}), ...options });
}
