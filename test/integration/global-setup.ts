/**
 * Integration project: one local cloud per jest run, on a free port, without demo data, in a temporary state
 * directory, DynamoDB in memory (its on-disk mode syncs every write: too slow for the concurrency proofs). With `AWS_ENDPOINT_URL` set (LocalStack), the cloud starts no emulator and provisions that endpoint.
 * With `SPORTELLO_ENDPOINTS` already set, the tests use that running cloud and nothing is started.
 * Tests read the endpoints file named by `SPORTELLO_ENDPOINTS` (see helpers/cloud.ts); the environment also carries
 * what a handler would get (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_REGION`, table names…).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEndpoints } from '#local/endpoints';
import { startCloudProcess } from './helpers/local-cloud-process.ts';

export default async function globalSetup(): Promise<void> {
  const running = process.env.SPORTELLO_ENDPOINTS;
  if (running) {
    Object.assign(process.env, readEndpoints(running).env);
    return;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'sportello-it-'));
  const cloud = await startCloudProcess({
    stateDir,
    args: ['--port', '0', '--no-demo', '--in-memory'],
    // The tests move timetables back and forth: R22a's scheduled freeze would freeze axes under them.
    env: { SPORTELLO_NCD_FREEZER: 'off' },
  });
  process.env.SPORTELLO_ENDPOINTS = cloud.endpointsFile;
  // Workers inherit this environment: SDK endpoints, region, credentials and resource names, as a handler sees them.
  Object.assign(process.env, readEndpoints(cloud.endpointsFile).env);
  // Shared with global-teardown (same process and global object).
  (globalThis as { __sportelloCloud?: unknown }).__sportelloCloud = { child: cloud.child, stateDir };
}
