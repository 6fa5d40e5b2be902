/**
 * Stops only the cloud global-setup started (none when SPORTELLO_ENDPOINTS pointed at a running one), after printing
 * which test files were skipped and why (helpers/requires.ts), so a run against external endpoints says what it did
 * not cover.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopCloudProcess } from './helpers/local-cloud-process.ts';

export default async function globalTeardown(): Promise<void> {
  const log = process.env.SPORTELLO_SKIP_LOG;
  const skipped = log && existsSync(log) ? [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] : [];
  if (skipped.length > 0) process.stderr.write(`\nintegration: ${skipped.length} skipped\n${skipped.join('\n')}\n`);
  const started = (globalThis as { __sportelloCloud?: { child: ChildProcess; stateDir: string } }).__sportelloCloud;
  if (!started) return;
  await stopCloudProcess(started.child);
  if (!process.env.SPORTELLO_KEEP_STATE) rmSync(started.stateDir, { recursive: true, force: true });
  delete process.env.SPORTELLO_ENDPOINTS;
  delete process.env.SPORTELLO_SKIP_LOG;
}
