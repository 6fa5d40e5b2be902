/**
 * The local cloud's metrics: the EMF documents its functions printed, kept by the cloud in `metrics.jsonl`
 * (`local/metrics-sink.ts`) as CloudWatch extracts them from a Lambda's log on AWS.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { MetricsSource, MetricTotals } from './snapshot.ts';

interface Emf {
  _aws?: { Timestamp?: number; CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] };
  code?: string;
  [name: string]: unknown;
}

export function localMetrics(file: string): MetricsSource {
  return {
    describe: 'cloud locale',
    async totals(sinceMs, nowMs, rateSeconds) {
      const result: MetricTotals = { totals: {}, refusedByCode: {}, sendsPerSecond: 0 };
      if (!existsSync(file)) return result;
      let recent = 0;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const doc = parse(line);
        const at = doc?._aws?.Timestamp ?? 0;
        if (!doc || at < sinceMs || at > nowMs) continue;
        for (const { Name } of doc._aws?.CloudWatchMetrics?.flatMap((m) => m.Metrics ?? []) ?? []) {
          const value = sum(doc[Name]);
          result.totals[Name] = (result.totals[Name] ?? 0) + value;
          if (Name === 'SendRefused' && typeof doc.code === 'string') {
            result.refusedByCode[doc.code] = (result.refusedByCode[doc.code] ?? 0) + value;
          }
          if (Name === 'SendRecorded' && at > nowMs - rateSeconds * 1000) recent += value;
        }
      }
      result.sendsPerSecond = recent / rateSeconds;
      return result;
    },
  };
}

function sum(value: unknown): number {
  if (typeof value === 'number') return value;
  return Array.isArray(value) ? value.reduce((a: number, v) => a + (typeof v === 'number' ? v : 0), 0) : 0;
}

function parse(line: string): Emf | undefined {
  if (!line.includes('"_aws"')) return undefined;
  try {
    return JSON.parse(line) as Emf;
  } catch {
    return undefined;
  }
}
