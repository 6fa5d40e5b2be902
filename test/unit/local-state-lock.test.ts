/** The state folder's lock (local/state-lock.ts): one live holder, stale locks taken over with a notice. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireStateLock, clearStateDir, LOCK_FILE } from '#local/state-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A PID that certainly ran and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

test('given a free folder, then the lock records this PID and port, and release removes it', () => {
  const lock = acquireStateLock(dir, 4321, () => undefined);
  expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, port: 4321 });
  lock.release();
  expect(existsSync(lock.file)).toBe(false);
});

test('given a folder held by a live process, then a second acquire is refused naming its port and PID', () => {
  const holder = { pid: process.ppid, port: 3000, processStart: null, since: new Date().toISOString() };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
  expect(() => acquireStateLock(dir, 3200, () => undefined)).toThrow(
    `è già in uso da un altro cloud locale (porta 3000, PID ${process.ppid})`,
  );
  expect(() => acquireStateLock(dir, 3200, () => undefined)).toThrow('--state-dir');
  expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid);
});

test('given a lock we hold, then acquiring it again in the same folder is refused too', () => {
  const lock = acquireStateLock(dir, 4000, () => undefined);
  expect(() => acquireStateLock(dir, 4001, () => undefined)).toThrow('(porta 4000,');
  lock.release();
});

test('given a lock left by a process that has exited, then it is taken over with a notice', () => {
  const gone = deadPid();
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: gone, port: 3000, processStart: '1', since: 'x' }));
  const notices: string[] = [];
  const lock = acquireStateLock(dir, 3100, (line) => notices.push(line));
  expect(notices).toEqual([expect.stringContaining(`PID ${gone} (porta 3000), che non è più in esecuzione`)]);
  expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
  lock.release();
});

test('given a live PID whose start time differs (the PID was reused), then the lock is stale', () => {
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid: process.ppid, port: 3000, processStart: '-1', since: 'x' }),
  );
  const notices: string[] = [];
  acquireStateLock(dir, 3100, (line) => notices.push(line)).release();
  // Where there is no /proc the start time cannot be compared and the live PID wins.
  expect(notices).toHaveLength(existsSync('/proc/self/stat') ? 1 : 0);
});

test('given an unreadable lock, then it is taken over with a notice', () => {
  writeFileSync(join(dir, LOCK_FILE), 'not json');
  const notices: string[] = [];
  acquireStateLock(dir, 3100, (line) => notices.push(line)).release();
  expect(notices).toEqual([expect.stringContaining('Blocco illeggibile')]);
});

test('given --fresh, then the folder is emptied except for the lock', () => {
  const lock = acquireStateLock(dir, 3000, () => undefined);
  writeFileSync(join(dir, 'outbox.jsonl'), '{}\n');
  clearStateDir(dir);
  expect(existsSync(join(dir, 'outbox.jsonl'))).toBe(false);
  expect(existsSync(lock.file)).toBe(true);
  lock.release();
});
