/**
 * The local cloud's stand-in for CloudWatch's EMF extraction: on AWS a function's Powertools metrics are JSON lines on
 * its stdout that CloudWatch turns into metrics; here the functions (in the gateway's process, and the consumers'
 * processes, whose stdout the cloud relays) print the same lines, and every line that is an EMF document is also
 * appended to `<state dir>/metrics.jsonl`, which `events live` and the tests read. The lines still reach stdout.
 */
import { appendFileSync } from 'node:fs';

export const METRICS_FILE = 'metrics.jsonl';

export function isEmf(line: string): boolean {
  if (!line.startsWith('{') || !line.includes('"_aws"')) return false;
  try {
    const doc = JSON.parse(line) as { _aws?: { CloudWatchMetrics?: unknown } };
    return Array.isArray(doc._aws?.CloudWatchMetrics);
  } catch {
    return false;
  }
}

/** Tees the EMF lines written to `stream` into `file` until the returned function is called. */
export function captureEmf(stream: NodeJS.WriteStream, file: string): () => void {
  const original = stream.write;
  let partial = '';
  const write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (text) {
      const lines = (partial + text).split('\n');
      partial = (lines.pop() ?? '').slice(-1_000_000);
      const metrics = lines.filter(isEmf);
      if (metrics.length > 0) appendFileSync(file, metrics.map((line) => `${line}\n`).join(''));
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stream.write = write as typeof stream.write;
  return () => {
    stream.write = original;
  };
}
