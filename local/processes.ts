/**
 * Child processes of the local cloud (DynamoDB Local's JVM, cognito-local). Each runs in its own process group so
 * that stopping it also stops anything it forked, and a registry stops every group still alive when this process
 * exits — also on an uncaught error — so no Java or Node process is left behind.
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
  child.once('exit', () => alive.delete(managed));
  return managed;
}
