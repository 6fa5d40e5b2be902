/**
 * fauxqs: SQS (including FIFO) and SNS in this process. It keeps its state in memory only, so queues, the topic and
 * its subscriptions are provisioned again on every start; the queue is never the record (DESIGN), the sends table is.
 */
import type { buildApp as BuildApp } from 'fauxqs';
import type { RunningEmulator } from './dynamodb.ts';

/**
 * fauxqs is ESM-only (its exports offer no `require`), and this package is CommonJS: a transpiler would turn a
 * plain `import()` into `require()`, so the native dynamic import is reached through a Function.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function startMessaging(region: string): Promise<RunningEmulator> {
  const { buildApp } = (await importEsm('fauxqs')) as { buildApp: typeof BuildApp };
  // Not startFauxqs: it always listens on 0.0.0.0. No `host` either, so queue URLs name the host the client used.
  const app = buildApp({ logger: false, defaultRegion: region });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { endpoint: `http://127.0.0.1:${new URL(address).port}`, stop: () => app.close() };
}
