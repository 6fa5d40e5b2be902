/**
 * The state folder's lock: a running local cloud holds `<stateDir>/cloud.lock` (its PID, gateway port and process
 * start time), so that a second start on the same folder refuses instead of sharing — or, with `--fresh`, wiping —
 * the files a live cloud's emulators are using. A lock whose process is gone (a `kill -9`, a crash) is stale: the next
 * start takes it over and says so.
 */
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'cloud.lock';

const LockRecord = z.object({
  pid: z.number().int().positive(),
  port: z.number().int(),
  /** The holder's start time as the kernel counts it (Linux), so a PID reused by another program is not taken for it. */
  processStart: z.string().nullable(),
  since: z.string(),
});
type LockRecord = z.infer<typeof LockRecord>;

export interface StateLock {
  readonly file: string;
  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void;
}

/** Field 22 of `/proc/<pid>/stat` (start time in clock ticks since boot); null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(record: LockRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStart(record.pid);
  return record.processStart === null || start === null || start === record.processStart;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readLock(file: string): LockRecord | undefined {
  try {
    const parsed = LockRecord.safeParse(JSON.parse(readText(file) ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The refusal a second start gets: which cloud holds the folder and what to do instead. */
export function heldMessage(stateDir: string, holder: { pid: number; port: number }): string {
  return (
    `La cartella di stato ${stateDir} è già in uso da un altro cloud locale (porta ${holder.port}, PID ${holder.pid}). ` +
    `Usare quel cloud (http://127.0.0.1:${holder.port}), arrestarlo con Ctrl-C, oppure avviarne un altro in una ` +
    `cartella diversa con --state-dir <cartella>. Nessun file è stato modificato.`
  );
}

/**
 * Takes the lock of `stateDir` (which must exist) for this process, or throws with the Italian message naming the
 * live holder. `notice` hears of a stale lock taken over.
 */
export function acquireStateLock(stateDir: string, port: number, notice: (line: string) => void): StateLock {
  const file = join(stateDir, LOCK_FILE);
  const mine: LockRecord = {
    pid: process.pid,
    port,
    processStart: processStart(process.pid),
    since: new Date().toISOString(),
  };
  // Two attempts: the second after removing a stale lock. `wx` makes creation atomic, so of two starts racing for a
  // free (or freshly freed) folder exactly one wins.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      // A cloud stopped without its stop() (an uncaught error) leaves no lock behind either.
      process.once('exit', release);
      return { file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stale = readText(file);
    const holder = readLock(file);
    if (holder && alive(holder)) throw new Error(heldMessage(stateDir, holder));
    if (stale === undefined) continue;
    notice(
      holder
        ? `Blocco della cartella ${stateDir} lasciato dal cloud locale con PID ${holder.pid} (porta ${holder.port}), ` +
            `che non è più in esecuzione: il blocco è ripreso da questo avvio.`
        : `Blocco illeggibile in ${file}: ripreso da questo avvio.`,
    );
    // Only the stale record we judged: if another start took it over meanwhile, its new lock stays and we refuse.
    if (readText(file) === stale) rmSync(file, { force: true });
  }
  const holder = readLock(file);
  throw new Error(heldMessage(stateDir, holder ?? { pid: 0, port: 0 }));
}

/** `--fresh`: empties the locked folder, keeping the lock itself (the folder stays ours throughout). */
export function clearStateDir(stateDir: string): void {
  for (const entry of readdirSync(stateDir)) {
    if (entry !== LOCK_FILE) rmSync(join(stateDir, entry), { recursive: true, force: true });
  }
}
