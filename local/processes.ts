/**
 * Child processes of the local cloud (DynamoDB Local's JVM, cognito-local). Each runs in its own process group so
 * that stopping it also stops anything it forked, and a registry stops every group still alive when this process
 * exits — also on an uncaught error — so no Java or Node process is left behind. A process killed outright
 * (`kill -9`) runs no exit hook: for that, a small reaper process holds an IPC channel to this one and, when the
 * channel closes with groups still registered, kills them.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

const alive = new Set<ManagedProcess>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL is the only thing that cannot be ignored or delayed.
  process.on('exit', () => {
    for (const managed of alive) if (managed.child.pid) killGroup(managed.child.pid, 'SIGKILL');
  });
}

/**
 * The reaper's whole program: remembers the groups it is told about and, when its channel to the cloud closes (the
 * cloud ended, however it ended), SIGKILLs those still registered. Plain JavaScript, so it starts in milliseconds.
 */
const REAPER_PROGRAM = `
const groups = new Set();
process.on('message', (m) => {
  if (m && Number.isInteger(m.add)) groups.add(m.add);
  if (m && Number.isInteger(m.remove)) groups.delete(m.remove);
});
process.on('disconnect', () => {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  process.exit(0);
});
`;

let reaper: ChildProcess | undefined;

/** Tells the reaper (started on first use, in a group of its own so a Ctrl-C does not reach it) about a group. */
function tellReaper(message: { add: number } | { remove: number }): void {
  const running = reaper !== undefined && reaper.exitCode === null && reaper.signalCode === null;
  if (!running && 'remove' in message) return;
  if (!running || !reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER_PROGRAM], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    // Neither the reaper nor its channel keeps this process alive.
    reaper.unref();
    reaper.channel?.unref();
    reaper.on('error', () => undefined);
  }
  try {
    reaper.send(message);
  } catch {
    // The reaper is gone: the exit hook still covers every ordinary exit.
  }
}

/** Spawns `command` detached (its own process group); the caller decides what to do with stdio. */
export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const managed: ManagedProcess = {
    name,
    child,
    async stop(graceMs = 3000) {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Anything the child forked into its group goes too.
      if (child.pid) killGroup(child.pid, 'SIGKILL');
      alive.delete(managed);
    },
  };
  alive.add(managed);
  const pid = child.pid;
  if (pid) tellReaper({ add: pid });
  child.once('exit', () => {
    alive.delete(managed);
    if (pid) tellReaper({ remove: pid });
  });
  return managed;
}
