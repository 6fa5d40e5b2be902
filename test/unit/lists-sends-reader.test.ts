/**
 * `lists compute` reads sends.csv on a worker thread (`ops/lists/sends-reader.ts`): what comes back must be exactly
 * what the main thread's reading gives — the same records in file order, or the same problems with their lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSends } from '#domain/lists/records';
import { readRecords } from '#ops/lists/read-records';
import { readSendsInParallel } from '#ops/lists/sends-reader';
import { tok } from './lists/builders.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sportello-sends-reader-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
jest.setTimeout(60_000);

const file = (name: string, text: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};

it('gives the records of a valid file, the same as the main thread reads them (BOM and CRLF included)', async () => {
  const rows = Array.from(
    { length: 5_000 },
    (_, i) =>
      `${tok(i + 1, i % 2 ? '-' : '+')},2026-10-26T08:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`,
  );
  const path = file('sends.csv', `\uFEFFtoken,arrival_at\r\n${rows.join('\r\n')}\r\n`);
  const parallel = await readSendsInParallel(path);
  expect(parallel).toEqual(await readRecords(path, 'sends', parseSends));
  expect(parallel.ok && parallel.records.length).toBe(5_000);
  expect(parallel.ok && parallel.records[4_999]).toEqual({
    token: tok(5_000, '-'),
    arrivalMs: Date.parse('2026-10-26T08:00:19.999Z'),
    line: 5_001,
  });
});

it('gives the same problems for bad rows, a repeated token, bad bytes and a missing file', async () => {
  const bad = file(
    'bad.csv',
    `token,arrival_at\n${tok(1)},2026-10-26T08:00:00.000Z\nnot-a-token,2026-10-26T08:00:00.000Z\n${tok(1)},2026-02-30T08:00:00.000Z\n`,
  );
  const latin1 = file(
    'latin1.csv',
    Buffer.from(`token,arrival_at\n${tok(2)},2026-10-26T08:00:00.000Z\n\xe8\n`, 'latin1'),
  );
  for (const path of [bad, latin1, join(work, 'absent.csv')]) {
    const parallel = await readSendsInParallel(path);
    expect(parallel.ok).toBe(false);
    expect(parallel).toEqual(await readRecords(path, 'sends', parseSends));
  }
});
