/**
 * `httpHandler` as every Lambda runs it: the adapters' classification of AWS failures, so an SDK error that escaped an
 * adapter's mapping is still answered 503 "try again" rather than 500.
 */
import { isTransient } from '#adapters/failures';
import { type AuthorizerCaller, httpHandler, type HttpOptions, type RouteHandlers } from '#http/handler';

export function lambdaHttp<C = AuthorizerCaller>(routes: RouteHandlers<NoInfer<C>>, options: HttpOptions<C> = {}) {
  return httpHandler<C>(routes, { isTransient, ...options });
}
