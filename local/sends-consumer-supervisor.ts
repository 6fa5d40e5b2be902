/**
 * Starts the sends consumer (`sendsConsumerProcess.ts`) in a child Node process of its own, at a lower scheduling
 * priority, and keeps it running until stopped.
 *
 * Why a process: on AWS the consumer and the reconciler are Lambdas on their own compute. In the gateway's process
 * their DynamoDB/SNS/SQS calls would share the one event loop with every API handler, and under the click-day burst
 * the consumer would slow the API down — an artefact of running locally. In its own process, niced, the burst goes
 * first and the FIFO queue holds the backlog meanwhile (nothing the API answers depends on the queue).
 *
 * The child is not awaited at start (it polls the queue; events wait there). If it dies without being asked, the
 * cloud's log says so and it is started again, at most once every `restartEveryMs`.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setPriority } from 'node:os';
import { type ManagedProcess, spawnManaged } from './processes.ts';
import { SENDS_CONSUMER_EXIT_CONFIG, sendsConsumerOff } from './sends-consumer.ts';

const ROOT = resolve(__dirname, '..');
export const SENDS_CONSUMER_ENTRY = resolve(__dirname, 'sends-consumer-process.ts');
const FAULTS_PRELOAD = resolve(__dirname, 'faults', 'register.ts');

export interface SendsConsumerProcessOptions {
  /** What the child needs on top of this process's environment (SDK endpoints, resource names). */
  readonly env: Record<string, string>;
  readonly queue: { readonly url: string; readonly arn: string };
  /** The cloud's log: the child's warnings and the supervisor's own lines. */
  readonly log: (line: string) => void;
  /** Default 10: positive niceness needs no privilege. */
  readonly niceness?: number;
  /** Minimum time between two starts. Default 5 s. */
  readonly restartEveryMs?: number;
  /** Time the child gets to finish its batch after SIGTERM before SIGKILL. Default 5 s. */
  readonly graceMs?: number;
  /** Another entry module (tests). */
  readonly entry?: string;
}

export interface SendsConsumerProcess {
  /** The running child's pid, if one is running. */
  pid(): number | undefined;
  /** Stops the child (no restart after this) and resolves once it has exited. */
  stop(): Promise<void>;
}

export function startSendsConsumerProcess(options: SendsConsumerProcessOptions): SendsConsumerProcess {
  if (sendsConsumerOff({ ...process.env, ...options.env }))
    return { pid: () => undefined, stop: async () => undefined };
  const { log } = options;
  const restartEveryMs = options.restartEveryMs ?? 5000;
  let current: ManagedProcess | undefined;
  let stopping = false;
  let startedAt = 0;
  let restart: NodeJS.Timeout | undefined;

  const start = () => {
    restart = undefined;
    startedAt = Date.now();
    const proc = spawnManaged(
      'sends-consumer',
      process.execPath,
      // The fault switch's preload: the consumer's AWS calls fail as the gateway's do (local/faults/register.ts).
      ['--import', 'tsx', '--import', FAULTS_PRELOAD, options.entry ?? SENDS_CONSUMER_ENTRY],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...options.env,
          SPORTELLO_SENDS_QUEUE_URL: options.queue.url,
          SPORTELLO_SENDS_QUEUE_ARN: options.queue.arn,
        },
        // stdout relayed to the cloud's (the handlers' Powertools lines and metrics, seen by its EMF sink), stderr
        // relayed to the log, IPC so that the child notices the cloud's end.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    const { child } = proc;
    current = proc;
    // Right after spawn, before Node creates its threads: they inherit the main thread's niceness (on Linux the
    // nice value is per thread).
    if (child.pid) {
      try {
        setPriority(child.pid, options.niceness ?? 10);
      } catch {
        // A platform that refuses: the consumer then runs at normal priority, still off the gateway's thread.
      }
    }
    child.stdout?.pipe(process.stdout);
    if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', log);
    child.on('error', (error) => log(`sends consumer: process error: ${error.message}`));
    // 'close' rather than 'exit': the child's last stderr lines (a stack trace) are logged before this.
    child.once('close', (code, signal) => {
      if (current === proc) current = undefined;
      if (stopping) return;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (code === SENDS_CONSUMER_EXIT_CONFIG) {
        log(
          `sends consumer: process ${child.pid} ${how} (configuration); not restarted, send events wait in the queue`,
        );
        return;
      }
      const wait = Math.max(0, startedAt + restartEveryMs - Date.now());
      log(
        `sends consumer: process ${child.pid} ${how} unexpectedly; restarting it${wait > 0 ? ` in ${(wait / 1000).toFixed(1)} s` : ''} (send events wait in the queue)`,
      );
      restart = setTimeout(start, wait);
    });
  };

  start();
  return {
    // Running means not exited yet: 'close' (which clears `current`) can come a little after the exit `stop` awaits.
    pid: () => {
      const child = current?.child;
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    async stop() {
      stopping = true;
      clearTimeout(restart);
      await current?.stop(options.graceMs ?? 5000);
    },
  };
}
