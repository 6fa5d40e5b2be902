/**
 * e2e project: builds the portals, then starts one local cloud for the run (no demo data, DynamoDB in memory, a free
 * port) as the integration project does; the tests set the timetable themselves. Its endpoints file is published as
 * `SPORTELLO_E2E_ENDPOINTS` (not `SPORTELLO_ENDPOINTS`: jest's global setups share one process, and the integration
 * project's workers must keep their own cloud). With `SPORTELLO_E2E_ENDPOINTS` already set, that cloud is used.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../web/build.ts';
import { startCloudProcess } from '../integration/helpers/local-cloud-process.ts';

export default async function globalSetup(): Promise<void> {
  await buildWeb();
  if (process.env.SPORTELLO_E2E_ENDPOINTS) return;
  const stateDir = mkdtempSync(join(tmpdir(), 'sportello-e2e-'));
  const cloud = await startCloudProcess({
    stateDir,
    args: ['--port', '0', '--no-demo', '--in-memory'],
    // The tests move timetables back and forth: R22a's scheduled freeze would freeze axes under them.
    env: { SPORTELLO_NCD_FREEZER: 'off' },
  });
  process.env.SPORTELLO_E2E_ENDPOINTS = cloud.endpointsFile;
  (globalThis as { __sportelloE2eCloud?: unknown }).__sportelloE2eCloud = { child: cloud.child, stateDir };
}
