/**
 * `httpHandler` as every Lambda runs it: the adapters' classification of AWS failures, so an SDK error that escaped an
 * adapter's mapping is still answered 503 "try again" rather than 500; and the function's observability (logs with
 * the Lambda context, a trace per invocation, its metrics flushed once per invocation).
 */
import { isTransient } from '#adapters/failures';
import { type Observability, observability } from '#adapters/observability';
import type { HandlerName } from '#catalogue/routes';
import { type AuthorizerCaller, httpHandler, type HttpOptions, type RouteHandlers } from '#http/handler';
import { observed } from './observability.ts';

export function lambdaHttp<C = AuthorizerCaller>(
  fn: HandlerName | Observability,
  routes: RouteHandlers<NoInfer<C>>,
  options: HttpOptions<C> = {},
) {
  const obs = typeof fn === 'string' ? observability(fn) : fn;
  return httpHandler<C>(routes, { isTransient, log: obs.logger, ...options }).use(observed(obs));
}
