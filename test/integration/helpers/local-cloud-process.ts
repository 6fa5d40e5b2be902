/**
 * Starts `bin/start.ts` as a child process (its own process group) and waits for its ready line; used by the
 * integration project's global setup. A child process rather than in-process servers: the handlers then run
 * under tsx exactly as with `npm start`, and jest's module registry never holds an emulator.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const READY_LINE = /Sportello local cloud ready at (http:\/\/[\w.:[\]-]+)/;
const ROOT = resolve(__dirname, '..', '..', '..');

export interface StartedCloud {
  readonly child: ChildProcess;
  readonly url: string;
  readonly endpointsFile: string;
  readonly logFile: string;
}

export interface StartCloudOptions {
  readonly stateDir: string;
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Default `<stateDir>/cloud.log`; another file when the folder may hold another cloud's log. */
  readonly logFile?: string;
  /**
   * Pass on this process's `AWS_ENDPOINT_URL*`, `SPORTELLO_EXTERNAL_AWS` and `SPORTELLO_STAGE` (the suite against
   * external endpoints). Default false: inside the suite they point at the suite's cloud, and a test's own cloud must
   * start its own emulators.
   */
  readonly inheritAws?: boolean;
}

const AWS_TARGET = /^(AWS_ENDPOINT_URL(_\w+)?|SPORTELLO_EXTERNAL_AWS|SPORTELLO_STAGE)$/;

function childEnv(options: StartCloudOptions): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => options.inheritAws || !AWS_TARGET.test(name)),
  );
  return { ...env, NODE_NO_WARNINGS: '1', SPORTELLO_EXIT_WITH_PARENT: '1', ...options.env };
}

function tail(file: string, chars = 3000): string {
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-chars) : '';
}

export async function startCloudProcess(options: StartCloudOptions): Promise<StartedCloud> {
  const logFile = options.logFile ?? join(options.stateDir, 'cloud.log');
  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'start.ts'), '--state-dir', options.stateDir, ...(options.args ?? [])],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: childEnv(options),
    },
  );
  closeSync(out);
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    const match = READY_LINE.exec(tail(logFile, 100_000));
    if (match?.[1]) return { child, url: match[1], endpointsFile: join(options.stateDir, 'endpoints.json'), logFile };
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the local cloud exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      await stopCloudProcess(child);
      throw new Error(`the local cloud was not ready in time:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM (the cloud stops its emulators), SIGKILL to the group if it has not exited in `graceMs`. */
export async function stopCloudProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
