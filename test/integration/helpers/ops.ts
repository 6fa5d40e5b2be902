/**
 * Runs the operator CLI (`bin/ops.ts`) as an operator would, against the cloud under test: a child process with
 * `SPORTELLO_ENDPOINTS` naming an endpoints file. `isolatedEndpoints` writes a copy of the cloud's file whose tables
 * are a fresh set (their own stage), so a test that imports, annuls and builds lists sees only its own records while
 * the queue, topic, buckets and gateway stay the cloud's.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildRepositories, type Repositories } from '#adapters/dynamodb/repositories';
import { BUCKETS, TABLES, type TableId } from '#catalogue/resources';
import type { SendRecord } from '#domain/counter/ledger';
import { parseSends } from '#domain/lists/records';
import { clients, endpoints, endpointsFile } from './cloud.ts';
import { createTestTables, type TestTables } from './tables.ts';
import { withLockFolder } from '../../support/lock-folder.ts';

const ROOT = resolve(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface OpsRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runOps(args: readonly string[], endpointsFile: string, input?: string): Promise<OpsRun> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, ['bin/ops.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SPORTELLO_ENDPOINTS: endpointsFile, FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface IsolatedCloud {
  file: string;
  tables: TestTables;
  /** The repositories over the fresh tables, as the handlers build them. */
  repos: Repositories;
  /** Drops the fresh tables and closes their client. */
  close(): Promise<void>;
}

export async function isolatedEndpoints(label: string): Promise<IsolatedCloud> {
  const tables = await createTestTables(label);
  const base = endpoints();
  const env = { ...base.env };
  const named: Record<string, { name: string; env: string }> = {};
  for (const id of Object.keys(TABLES) as TableId[]) {
    env[TABLES[id].env] = tables.names[id];
    named[id] = { name: tables.names[id], env: TABLES[id].env };
  }
  const file = join(mkdtempSync(join(tmpdir(), `sportello-ops-${label}-`)), 'endpoints.json');
  writeFileSync(file, JSON.stringify({ ...base, env, resources: { ...base.resources, tables: named } }));
  return {
    file,
    tables,
    repos: buildRepositories(tables.clients.documents, tables.names),
    close: async () => {
      await tables.drop();
      tables.clients.dynamo.destroy();
    },
  };
}

/**
 * Records the sends of a `sends.csv` fixture as the counter does: each send's application (already imported) bound to
 * a participant `<label>-<i>`, then its first send through the ledger, at `arrivalOf` its arrival in the file.
 */
export async function recordSendsFile(
  repos: Repositories,
  file: string,
  label: string,
  arrivalOf: (ms: number) => number = (ms) => ms,
): Promise<SendRecord[]> {
  const sends = parseSends(readFileSync(file, 'utf8'));
  if (!sends.ok) throw new Error(`fixture ${file} is invalid`);
  const records: SendRecord[] = [];
  for (const [i, send] of sends.records.entries()) {
    const application = await repos.applications.get(send.token);
    if (!application) throw new Error(`fixture send of an unknown token ${send.token}`);
    const sub = `${label}-${i}`;
    await repos.applications.bindParticipant(send.token, {
      sub,
      email: `${label}.${i}@example.it`,
      boundAt: new Date().toISOString(),
    });
    const record: SendRecord = {
      token: send.token,
      arrivalTime: new Date(arrivalOf(send.arrivalMs)).toISOString(),
      receiptId: `R-${label}-${i}`,
      participantSub: sub,
      region: application.region,
      axis: application.axis,
      sessionId: `session-${i}`,
    };
    const outcome = await repos.sends.recordFirst(record);
    if (outcome.kind !== 'recorded') throw new Error(`send ${i} of ${file} not recorded: ${outcome.kind}`);
    records.push(record);
  }
  return records;
}

/**
 * A new private lists bucket, named in the endpoints file the CLI reads (so that other test files' publications never
 * enter it, nor this file's theirs); the environment the handlers are built from.
 */
export async function privateBucket(
  cloud: IsolatedCloud,
  label: string,
): Promise<{ bucket: string; env: NodeJS.ProcessEnv }> {
  const bucket = `${label}-${randomBytes(4).toString('hex')}`;
  await clients().s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const file = JSON.parse(readFileSync(cloud.file, 'utf8'));
  file.env[BUCKETS.lists.env] = bucket;
  writeFileSync(cloud.file, JSON.stringify(file));
  const env: NodeJS.ProcessEnv = { ...process.env, [BUCKETS.lists.env]: bucket };
  for (const id of Object.keys(TABLES) as TableId[]) env[TABLES[id].env] = cloud.tables.names[id];
  return { bucket, env };
}

/**
 * Runs `work` while no other test file of this run publishes into the shared cloud's lists bucket (a lock folder
 * beside the run's endpoints file): for the tests that publish there and then expect their publication to be the
 * latest in the index and in the list files. Files that need no shared site publish into a `privateBucket` instead.
 */
export function whilePublishing<T>(work: () => Promise<T>): Promise<T> {
  return withLockFolder(`${endpointsFile()}.publishing`, work);
}
