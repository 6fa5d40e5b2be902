/**
 * Integration project: one local cloud per jest run, on a free port, without demo data, in a temporary state
 * directory, DynamoDB in memory (its on-disk mode syncs every write: too slow for the concurrency proofs).
 *
 * - `SPORTELLO_EXTERNAL_AWS=1` (docs/testing.md): that cloud starts no emulator. Every service is the endpoint of
 *   `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` (LocalStack, emulators run elsewhere), or AWS itself; the
 *   resources are provisioned there under the stage `SPORTELLO_STAGE` (default `it`), codes come from the codes
 *   table, and tests that need an emulator-only feature are skipped with their reason printed.
 * - `AWS_ENDPOINT_URL[_<SERVICE>]` alone: those services are reached there, the others are the cloud's emulators.
 * - `SPORTELLO_ENDPOINTS` already set: the tests use that running cloud and nothing is started.
 *
 * Tests read the endpoints file named by `SPORTELLO_ENDPOINTS` (see helpers/cloud.ts); the environment also carries
 * what a handler would get (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_REGION`, table names…).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEndpoints } from '#local/endpoints';
import { startCloudProcess } from './helpers/local-cloud-process.ts';
import { externalAws } from './helpers/requires.ts';

export default async function globalSetup(): Promise<void> {
  const running = process.env.SPORTELLO_ENDPOINTS;
  if (running) {
    Object.assign(process.env, readEndpoints(running).env);
    return;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'sportello-it-'));
  // Where the skipped files' reasons are kept for the closing summary (global-teardown.ts).
  process.env.SPORTELLO_SKIP_LOG = join(stateDir, 'skipped.txt');
  writeFileSync(process.env.SPORTELLO_SKIP_LOG, '');
  const external = externalAws();
  const cloud = await startCloudProcess({
    stateDir,
    args: ['--port', '0', '--no-demo', '--in-memory'],
    inheritAws: true,
    // The tests move timetables back and forth: R22a's scheduled freeze would freeze axes under them.
    env: {
      SPORTELLO_NCD_FREEZER: 'off',
      ...(external ? { SPORTELLO_STAGE: process.env.SPORTELLO_STAGE || 'it' } : {}),
    },
  });
  process.env.SPORTELLO_ENDPOINTS = cloud.endpointsFile;
  const endpoints = readEndpoints(cloud.endpointsFile);
  if (external && endpoints.external.length !== Object.keys(endpoints.services).length) {
    throw new Error('SPORTELLO_EXTERNAL_AWS=1, yet the cloud under test started an emulator');
  }
  if (endpoints.external.length > 0) {
    const where = endpoints.external.map((s) => `${s}=${endpoints.services[s]}`).join(', ');
    process.stderr.write(`\nintegration: external services ${where}; stage ${endpoints.resources.stage}\n`);
  }
  // Workers inherit this environment: SDK endpoints, region, credentials and resource names, as a handler sees them.
  Object.assign(process.env, endpoints.env);
  // Shared with global-teardown (same process and global object).
  (globalThis as { __sportelloCloud?: unknown }).__sportelloCloud = { child: cloud.child, stateDir };
}
