/**
 * `httpHandler` as every Lambda runs it: the adapters' classification of AWS failures, so an SDK error that escaped an
 * adapter's mapping is still answered 503 "try again" rather than 500; and the function's observability (logs with
 * the Lambda context, a trace per invocation, its metrics flushed once per invocation).
 */
import { isTransient } from '#adapters/failures';
import { type Observability, observability } from '#adapters/observability';
import type { HandlerName } from '#catalogue/routes';
import { originSecretValues } from '#adapters/secrets';
import { ORIGIN_SECRET_ENV } from '#catalogue/function-needs';
import { type AuthorizerCaller, httpHandler, type HttpOptions, type RouteHandlers } from '#http/handler';
import { observed } from './observability.ts';

export function lambdaHttp<C = AuthorizerCaller>(
  fn: HandlerName | Observability,
  routes: RouteHandlers<NoInfer<C>>,
  options: HttpOptions<C> = {},
) {
  const obs = typeof fn === 'string' ? observability(fn) : fn;
  // Where the stack (or the local cloud) names an origin secret, only requests that came through CloudFront pass.
  const origin = process.env[ORIGIN_SECRET_ENV] ? { load: () => originSecretValues() } : undefined;
  return httpHandler<C>(routes, { isTransient, log: obs.logger, ...(origin ? { origin } : {}), ...options }).use(
    observed(obs),
  );
}
