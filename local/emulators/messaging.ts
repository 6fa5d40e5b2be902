/**
 * fauxqs: SQS (including FIFO) and SNS in this process. It keeps its state in memory only, so queues, the topic and
 * its subscriptions are provisioned again on every start; the queue is never the record (DESIGN), the sends table is.
 */
import type { startFauxqs as StartFauxqs } from 'fauxqs';
import type { RunningEmulator } from './dynamodb.ts';

/**
 * fauxqs is ESM-only (its exports offer no `require`), and this package is CommonJS: a transpiler would turn a
 * plain `import()` into `require()`, so the native dynamic import is reached through a Function.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function startMessaging(region: string): Promise<RunningEmulator> {
  const { startFauxqs } = (await importEsm('fauxqs')) as { startFauxqs: typeof StartFauxqs };
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, defaultRegion: region });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
