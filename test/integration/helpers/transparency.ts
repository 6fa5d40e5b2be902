/**
 * For the verifiable click-day tests (which publish into a private bucket, `privateBucket` of helpers/ops.ts): a
 * folder copy of that bucket laid out as the site, the standalone verifier run as a citizen would run it, and the
 * fixture's sends recorded at the click day's M5.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Repositories } from '#adapters/dynamodb/repositories';
import type { SendRecord } from '#domain/counter/ledger';
import { clients } from './cloud.ts';
import { recordSendsFile } from './ops.ts';

const ROOT = resolve(__dirname, '..', '..', '..');

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
