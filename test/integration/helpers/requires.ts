/**
 * Tests that need something only the project's own emulators have (a cloud of their own, the fault switch, a patch of
 * cognito-local) run in the default mode and are skipped when the suite runs against external endpoints
 * (`SPORTELLO_EXTERNAL_AWS=1`, docs/testing.md) — never silently: the skip prints one line with its reason, and the
 * global teardown repeats every such line at the end of the run.
 */
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

/** What a test may need beyond an AWS-compatible endpoint, with why it is skipped without it. */
export const EMULATOR_ONLY = {
  'own-cloud': 'starts local clouds of its own, each with the project emulators',
  'fault-switch': "needs the local cloud's fault switch in its own cloud and its own emulators",
  'cognito-local': "checks the project's patches of cognito-local (its store and its message hand-over)",
  outbox: "reads the outbox of the project's Cognito emulator",
  'nested-run': "runs three files against this run's emulators as external endpoints; this run runs them itself",
} as const;
export type EmulatorOnly = keyof typeof EMULATOR_ONLY;

/** `SPORTELLO_EXTERNAL_AWS=1`: the suite started no emulator; every service is an external endpoint. */
export function externalAws(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPORTELLO_EXTERNAL_AWS === '1' || env.SPORTELLO_EXTERNAL_AWS === 'true';
}

/**
 * `describe` when `need` is met, else `describe.skip` after printing `skipped <file>: <reason>` (and keeping it for
 * the run's closing summary). `file` is the test's `__filename`.
 */
export function describeNeeding(need: EmulatorOnly, file: string, what = ''): jest.Describe {
  if (!externalAws()) return describe;
  const line = `skipped ${what}${basename(file)}: ${EMULATOR_ONLY[need]} (SPORTELLO_EXTERNAL_AWS=1)`;
  process.stderr.write(`${line}\n`);
  const log = process.env.SPORTELLO_SKIP_LOG;
  if (log) appendFileSync(log, `${line}\n`);
  return describe.skip;
}

/** `test` when `need` is met, else `test.skip` after printing its reason as `describeNeeding` does. */
export function testNeeding(need: EmulatorOnly, file: string): jest.It {
  return describeNeeding(need, file, 'one test of ') === describe ? test : test.skip;
}
