/**
 * How every function is observed, the same on AWS and in the local cloud: one CloudWatch namespace for the business
 * metrics, and one service name per function (`sportello-<function>`) shared by its logs, metrics and traces.
 */

export const METRICS_NAMESPACE = 'Sportello';

/** `sportello-counter`, `sportello-sends-consumer`: the `service` of a function's logs, traces and metrics. */
export function serviceName(fn: string): string {
  return `sportello-${fn}`;
}
