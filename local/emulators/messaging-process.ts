/**
 * Entry of the local cloud's messaging process (started by `messaging.ts`, never imported): fauxqs (SQS incl. FIFO,
 * and SNS) on its own event loop, as SQS and SNS are services of their own on AWS — in the gateway's process every
 * queue request of a click-day burst competed with the API handlers for one thread. Listens on loopback only, on a
 * free port, and reports it to the cloud over the IPC channel; exits when that channel closes (the cloud ended,
 * however it ended) or on SIGTERM/SIGINT.
 */
import type { buildApp as BuildApp } from 'fauxqs';
import { stopWhenTheCloudEnds } from '#local/stop-with-cloud';

/**
 * fauxqs is ESM-only (its exports offer no `require`), and this package is CommonJS: a transpiler would turn a
 * plain `import()` into `require()`, so the native dynamic import is reached through a Function.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

async function main(): Promise<void> {
  const region = process.env.AWS_REGION;
  if (!region || !process.send) {
    process.stderr.write('messaging: start me from the local cloud (AWS_REGION and an IPC channel are needed)\n');
    process.exit(78);
  }
  const { buildApp } = (await importEsm('fauxqs')) as { buildApp: typeof BuildApp };
  // Not startFauxqs: it always listens on 0.0.0.0. No `host` either, so queue URLs name the host the client used.
  const app = buildApp({ logger: false, defaultRegion: region });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  stopWhenTheCloudEnds(() => void app.close().finally(() => process.exit(0)));
  process.send({ port: Number(new URL(address).port) });
}

main().catch((error: unknown) => {
  process.stderr.write(`messaging: ${(error as Error).message}\n`);
  process.exit(1);
});
