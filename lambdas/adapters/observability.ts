/**
 * Powertools for one function, named by the catalogue's scheme (`sportello-<function>` for logs, traces and the
 * `service` dimension of its metrics, namespace `Sportello`): the Logger (Lambda context added by the wiring's
 * middleware), the Tracer (disabled outside Lambda) and the business metrics as EMF lines on stdout, which CloudWatch
 * turns into metrics (and the local cloud's sink into `metrics.jsonl`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricResolution, Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { BusinessMetric, BusinessMetrics } from '#domain/kernel/business-metrics';
import { METRICS_NAMESPACE, serviceName } from '#catalogue/observability';

/** Metrics read at 1-second resolution (the send rate of `events live` and the dashboard's first minute). */
const HIGH_RESOLUTION: ReadonlySet<BusinessMetric> = new Set(['SendRecorded', 'SendRefused']);

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  business: BusinessMetrics;
}

export function observability(fn: string): Observability {
  const service = serviceName(fn);
  const logger = new Logger({ serviceName: service });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  const tracer = new Tracer({ serviceName: service });
  return { logger, metrics, tracer, business: emfMetrics(metrics) };
}

/** Counts into the function's buffer (flushed once per invocation); a `code` dimension goes out on its own line. */
export function emfMetrics(metrics: Metrics): BusinessMetrics {
  return {
    count(metric, dimensions, value = 1) {
      const resolution = HIGH_RESOLUTION.has(metric) ? MetricResolution.High : MetricResolution.Standard;
      if (!dimensions?.code) return metrics.addMetric(metric, MetricUnit.Count, value, resolution);
      const single = metrics.singleMetric();
      single.addDimension('code', dimensions.code);
      single.addMetric(metric, MetricUnit.Count, value, resolution);
    },
  };
}

/** Writes the buffered metrics, if any (an empty flush would only log a warning on every request). */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
