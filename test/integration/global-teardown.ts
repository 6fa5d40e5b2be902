/** Stops only the cloud global-setup started (none when SPORTELLO_ENDPOINTS pointed at a running one). */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stopCloudProcess } from './helpers/local-cloud-process.ts';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __sportelloCloud?: { child: ChildProcess; stateDir: string } }).__sportelloCloud;
  if (!started) return;
  await stopCloudProcess(started.child);
  if (!process.env.SPORTELLO_KEEP_STATE) rmSync(started.stateDir, { recursive: true, force: true });
  delete process.env.SPORTELLO_ENDPOINTS;
}
