/**
 * The suite against endpoints it did not start, kept true in every run: a child jest runs three representative files
 * of this project with `SPORTELLO_EXTERNAL_AWS=1` and `AWS_ENDPOINT_URL_<SERVICE>` at this run's cloud (the project's
 * emulators, started on their own). Its cloud starts no emulator, the account flows read their codes from the codes
 * table (the outbox of that cloud never hears the Cognito it did not start), a send is recorded, and the one test
 * that needs the emulators' outbox is skipped with its reason printed (docs/testing.md).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { physicalName, TABLES } from '#catalogue/resources';
import { cleanUp } from '#local/provision/clean';
import { codesTableName } from '#local/provision/codes';
import { clients } from './helpers/cloud.ts';
import { envAtServices, servicesLine } from './helpers/external.ts';
import { describeNeeding } from './helpers/requires.ts';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '..', '..');
const FILES = ['accounts-participant.test.ts', 'counter.test.ts', 'outbox.test.ts'];
const STAGE = `ext${Date.now().toString(36).slice(-6)}`;

function childJest(): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  const args = [...FILES.map((f) => join('test', 'integration', f)), '--selectProjects', 'integration', '--ci'];
  return new Promise((done, fail) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'jest'), args, {
      cwd: ROOT,
      env: envAtServices({ SPORTELLO_EXTERNAL_AWS: '1', SPORTELLO_STAGE: STAGE }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const aws = clients();
afterAll(async () => {
  await cleanUp(aws, STAGE);
  aws.destroy();
});

describeNeeding('nested-run', __filename)('the suite against external endpoints', () => {
  test('given the emulators started on their own, when the suite runs with SPORTELLO_EXTERNAL_AWS=1 at them, then it starts none, reads codes from the table and prints what it skipped', async () => {
    const run = await childJest();
    const { output } = run;
    if (run.code !== 0) throw new Error(`the external run failed (${run.code}):\n${output.slice(-6000)}`);
    expect(output).toContain(`integration: external services ${servicesLine()}; stage ${STAGE}`);
    for (const file of FILES) expect(output).toMatch(new RegExp(`PASS integration test/integration/${file}`));
    const line =
      "skipped one test of outbox.test.ts: reads the outbox of the project's Cognito emulator (SPORTELLO_EXTERNAL_AWS=1)";
    // Printed where it is skipped and again in the run's closing summary.
    expect(output).toContain(`integration: 1 skipped\n${line}\n`);
    expect(output).toMatch(/Tests:\s+1 skipped, \d+ passed, \d+ total/);

    // The codes went through the codes table of the run's stage, and a send reached that stage's sends table.
    const count = async (table: string) =>
      (await aws.dynamodb.send(new ScanCommand({ TableName: table, Select: 'COUNT', ConsistentRead: true }))).Count;
    expect(await count(codesTableName(STAGE))).toBeGreaterThan(0);
    expect(await count(physicalName(STAGE, TABLES.sends.id))).toBeGreaterThan(0);
    process.stderr.write(`external run: ${FILES.join(', ')} in ${run.seconds.toFixed(0)} s\n`);
  });
});
