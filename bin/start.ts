/**
 * `npm start [-- --port N] [--fresh] [--no-demo] [--m4-in M] [--m5-in M] [--m6-in M] [--state-dir DIR] [--in-memory]`:
 * the local cloud in the foreground until Ctrl-C. `AWS_ENDPOINT_URL_<SERVICE>` sends one service elsewhere,
 * `AWS_ENDPOINT_URL` every service not named (LocalStack), `SPORTELLO_EXTERNAL_AWS=1` starts no emulator at all
 * (local/aws-services.ts); `SPORTELLO_STAGE` names the resources' stage (default `local`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { planServices, stageFrom } from '#local/aws-services';
import { type LocalCloud, LOCAL_REGION, REPO_ROOT, startLocalCloud, waitForHealth } from '#local/cloud';
import { loadDemo, printDemo } from '#local/demo/load';
import type { OutboxMessage } from '#local/outbox';
import { parseStartOptions } from '#local/start-options';

// The SDK's notice that its 2027 releases need Node 22 says nothing useful to someone starting the local cloud.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = Date.now();
let cloud: LocalCloud | undefined;
let stopping = false;
let stoppingSince = 0;

async function shutdown(signal: string) {
  if (stopping) {
    // One Ctrl-C reaches us twice (from the terminal and relayed by tsx); a second one a moment later means "now":
    // exit at once, and the exit hook kills the emulators' process groups.
    if (Date.now() - stoppingSince > 1000) process.exit(1);
    return;
  }
  stopping = true;
  stoppingSince = Date.now();
  console.log(`\n${signal}: arresto del cloud locale…`);
  try {
    await cloud?.stop();
  } finally {
    // Also reached during start-up: the exit hook then kills whatever emulator was already running.
    process.exit(0);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
if (process.env.SPORTELLO_EXIT_WITH_PARENT) {
  // Started by a test runner: if it dies without tearing down, do not outlive it.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    void shutdown('parent gone');
  }, 1000).unref();
}

function printOutbox(message: OutboxMessage) {
  const what = message.channel === 'sms' ? 'SMS' : 'E-mail';
  const code = message.code ? ` [codice ${message.code}]` : '';
  const subject = message.subject ? `${message.subject} — ` : '';
  console.log(`✉  ${what} a ${message.to}${code}: ${subject}${message.body}`);
}

async function main() {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  if (!existsSync(join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
    // The API does not depend on the portals: a broken web build is reported, and the cloud starts anyway.
    await import('../web/build.ts')
      .then(({ buildWeb }) => buildWeb())
      .catch((error: unknown) =>
        console.error(
          `Portali non costruiti (npx tsx web/build.ts): ${error instanceof Error ? error.message : error}`,
        ),
      );
  }
  const { external } = planServices(process.env, process.env.AWS_REGION ?? LOCAL_REGION);
  cloud = await startLocalCloud({
    port: options.port,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    fresh: options.fresh,
    dynamoInMemory: options.inMemory,
    ...(options.faults ? { faults: options.faults } : {}),
    external,
    stage: stageFrom(process.env),
    log: (line) => console.error(line),
    onOutbox: printOutbox,
  });
  if (stopping) return;
  if (options.demo) {
    const demo = await loadDemo(cloud, options);
    printDemo(cloud, demo);
  }
  await waitForHealth(cloud.url);
  if (stopping) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const reached = Object.entries(external).map(([service, url]) => `${service} ${url}`);
  console.log(
    reached.length === 0
      ? `Emulatori pronti; stato in ${cloud.stateDir}`
      : `Servizi esterni (nessun emulatore avviato per loro): ${reached.join(', ')}; stato in ${cloud.stateDir}`,
  );
  console.log(`Endpoint e risorse: ${cloud.endpointsFile} (anche su ${cloud.url}/api/local/endpoints)`);
  console.log(`Codici e notifiche inviati: ${cloud.url}/api/local/outbox?to=<e-mail o telefono>`);
  console.log(`Avvio completato in ${seconds} s. Ctrl-C per arrestare.`);
  console.log(`Sportello local cloud ready at ${cloud.url}`);
}

main().catch(async (error: unknown) => {
  console.error(`Avvio del cloud locale non riuscito: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  await cloud?.stop().catch(() => undefined);
  process.exit(1);
});
