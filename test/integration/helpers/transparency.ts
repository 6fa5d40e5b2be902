/**
 * For the verifiable click-day tests: a private public bucket wired into an isolated cloud (so that other test
 * files' sends and publications never enter this log or these lists), a folder copy of that bucket laid out as the
 * site, and the standalone verifier run as a citizen would run it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Repositories } from '#adapters/dynamodb/repositories';
import type { SendRecord } from '#domain/counter/ledger';
import { BUCKETS, TABLES, type TableId } from '#catalogue/resources';
import { clients } from './cloud.ts';
import { type IsolatedCloud, recordSendsFile } from './ops.ts';

const ROOT = resolve(__dirname, '..', '..', '..');

/** A new private bucket, named in the endpoints file the CLI reads; the environment the handlers are built from. */
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

/** `npx sportello-verify <args>` as a child process. */
export function verifier(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sportello-verify.mjs'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Copies a bucket to a folder laid out as the site (`log/…`, `lists/…`). */
export async function mirror(bucket: string, to: string): Promise<void> {
  const s3 = clients().s3;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
  for (const { Key } of listed.Contents ?? []) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    const file = join(to, Key!);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await object.Body!.transformToByteArray());
  }
}

/**
 * Records the sends of the lists fixture (`test/fixtures/lists/sends.csv`) as the counter does — each application
 * bound to a participant, its first send recorded by the ledger — with arrivals moved from the fixture's 09:00:00 to
 * `m5`. Returns the records, in fixture order.
 */
export function recordFixtureSends(repos: Repositories, m5: number, label: string): Promise<SendRecord[]> {
  const base = Date.parse('2026-10-26T09:00:00.000Z');
  const file = join(ROOT, 'test', 'fixtures', 'lists', 'sends.csv');
  return recordSendsFile(repos, file, label, (ms) => m5 + (ms - base));
}
