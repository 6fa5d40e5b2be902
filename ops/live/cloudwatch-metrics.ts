/**
 * A deployed stage's business metrics from CloudWatch (namespace of the catalogue, every service summed with metric
 * math SEARCH, so a metric counts the same whichever function emitted it). `SendRecorded` is high resolution: the
 * rate uses 1-second periods.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { BUSINESS_METRICS } from '#domain/kernel/business-metrics';
import { METRICS_NAMESPACE } from '#catalogue/observability';
import type { MetricsSource, MetricTotals } from './snapshot.ts';

const search = (filter: string, period: number) =>
  `SUM(SEARCH('{${METRICS_NAMESPACE},service${filter.includes('code=') ? ',code' : ''}} ${filter}', 'Sum', ${period}))`;

export function cloudWatchMetrics(cloudwatch: CloudWatchClient): MetricsSource {
  return {
    describe: 'CloudWatch',
    async totals(sinceMs, nowMs, rateSeconds) {
      const listed = await cloudwatch.send(
        new ListMetricsCommand({ Namespace: METRICS_NAMESPACE, MetricName: 'SendRefused', RecentlyActive: 'PT3H' }),
      );
      const codes = [
        ...new Set(
          (listed.Metrics ?? []).flatMap((m) => m.Dimensions?.filter((d) => d.Name === 'code').map((d) => d.Value)),
        ),
      ].filter((c): c is string => Boolean(c) && /^[A-Z_]+$/.test(c as string));
      const queries: MetricDataQuery[] = [
        ...BUSINESS_METRICS.map((name, i) => ({
          Id: `m${i}`,
          Label: name,
          Expression: search(`MetricName="${name}"`, 60),
        })),
        ...codes.map((code, i) => ({
          Id: `c${i}`,
          Label: code,
          Expression: search(`MetricName="SendRefused" code="${code}"`, 60),
        })),
      ];
      const [totals, rate] = await Promise.all([
        query(cloudwatch, queries, sinceMs, nowMs),
        query(
          cloudwatch,
          [{ Id: 'rate', Label: 'rate', Expression: search('MetricName="SendRecorded"', 1) }],
          nowMs - rateSeconds * 1000,
          nowMs,
        ),
      ]);
      const result: MetricTotals = { totals: {}, refusedByCode: {}, sendsPerSecond: (rate.rate ?? 0) / rateSeconds };
      BUSINESS_METRICS.forEach((name, i) => (result.totals[name] = totals[`m${i}`] ?? 0));
      codes.forEach((code, i) => {
        const value = totals[`c${i}`] ?? 0;
        if (value > 0) result.refusedByCode[code] = value;
      });
      return result;
    },
  };
}

/** The sum of each query's datapoints, by id. */
async function query(cloudwatch: CloudWatchClient, queries: MetricDataQuery[], from: number, to: number) {
  const sums: Record<string, number> = {};
  let NextToken: string | undefined;
  do {
    const out = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(from),
        EndTime: new Date(to),
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    for (const r of out.MetricDataResults ?? []) {
      sums[r.Id ?? ''] = (sums[r.Id ?? ''] ?? 0) + (r.Values ?? []).reduce((a, v) => a + v, 0);
    }
    NextToken = out.NextToken;
  } while (NextToken);
  return sums;
}
