/**
 * A lock between the test files of one run, which jest runs in separate processes: a folder that only one can
 * create at a time (`mkdir` is atomic), removed when the work is done.
 */
import { mkdirSync, rmSync } from 'node:fs';

export async function withLockFolder<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
