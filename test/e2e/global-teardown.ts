/** Stops only the cloud the e2e global setup started. */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { stopCloudProcess } from '../integration/helpers/local-cloud-process.ts';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __sportelloE2eCloud?: { child: ChildProcess; stateDir: string } })
    .__sportelloE2eCloud;
  if (!started) return;
  await stopCloudProcess(started.child);
  if (!process.env.SPORTELLO_KEEP_STATE) rmSync(started.stateDir, { recursive: true, force: true });
  delete process.env.SPORTELLO_E2E_ENDPOINTS;
}
