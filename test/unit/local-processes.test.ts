/**
 * The local cloud's managed processes do not outlive it even when it is killed outright (`kill -9` runs no exit hook):
 * the reaper kills their groups when its channel to the cloud closes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(30_000);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return probe();
}

test('given the owner is SIGKILLed, then its managed child is killed too', async () => {
  const owner = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'managed-sleeper.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const childPid = await new Promise<number>((resolve, reject) => {
    owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    owner.once('exit', () => reject(new Error('the owner exited before starting its child')));
  });
  try {
    expect(alive(childPid)).toBe(true);
    // Give the reaper its registration before the owner dies.
    await new Promise((r) => setTimeout(r, 300));
    owner.kill('SIGKILL');
    expect(await until(() => !alive(childPid), 5_000)).toBe(true);
  } finally {
    if (alive(childPid)) process.kill(childPid, 'SIGKILL');
  }
});
