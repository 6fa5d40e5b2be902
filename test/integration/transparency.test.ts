/**
 * A verifiable click day in the local cloud, on a private set of tables and a private public bucket (so that other
 * test files' sends and publications never enter this log or these lists): the operator opens the log before M5;
 * sends are recorded by the ledger as the counter does; the consumer's handler sequences them batch by batch (one batch
 * redelivered, one event "lost" and appended by the reconciler); an annulment goes in through `ops annul`; after M6
 * `ops log seal`; `lists build` + `lists publish`; then `ops log verify`, and the standalone `sportello-verify` on a
 * folder copy of the bucket and over HTTP, with a receipt's inclusion proof and an earlier checkpoint. One flipped byte
 * in a tile, an entry bundle or a list makes the verifier fail naming the file. After the seal the consumer's append is
 * refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { sendEventMessage } from '#domain/counter/send-event';
import type { SendRecord } from '#domain/counter/ledger';
import { consumerDeps, handleSendEvents } from '#triggers/sends-consumer';
import { reconcileLogOfLists, reconcilerDeps } from '#triggers/reconciler';
import { logAccess, logProofs } from '#wiring/transparency';
import { clients } from './helpers/cloud.ts';
import { type IsolatedCloud, isolatedEndpoints, privateBucket, runOps } from './helpers/ops.ts';
import { mirror as mirrorBucket, recordFixtureSends, verifier } from './helpers/transparency.ts';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'lists');
const work = mkdtempSync(join(tmpdir(), 'sportello-tlog-it-'));
const ANNULLED = '+0000000000000000000000000000000000000000000000000000000000000003';

let cloud: IsolatedCloud;
let repos: Repositories;
let env: NodeJS.ProcessEnv;
let bucket: string;
const mirror = (to: string) => mirrorBucket(bucket, to);
const ops = (...args: string[]) => runOps(args, cloud.file);
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

function sqsEvent(records: readonly SendRecord[]): SQSEvent {
  return {
    Records: records.map((r, i) => ({
      messageId: `m-${r.token.slice(-4)}-${i}`,
      body: sendEventMessage(r, 'counter').MessageBody,
    })),
  } as unknown as SQSEvent;
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    try {
      res.end(readFileSync(join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname))));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

beforeAll(async () => {
  cloud = await isolatedEndpoints('tlog');
  repos = cloud.repos;
  ({ bucket, env } = await privateBucket(cloud, 'tlog'));
});
afterAll(async () => {
  await cloud?.close();
});

describe('a verifiable click day', () => {
  const records: SendRecord[] = [];
  let m5 = 0;
  let m6 = 0;
  let earlier = '';

  test('given applications and a timetable, when the log is opened before M5, then the rules entry commits to them', async () => {
    const [apps, allocs] = await Promise.all([
      ops('import', 'applications', join(FIXTURES, 'applications.csv')),
      ops('import', 'allocations', join(FIXTURES, 'allocations.csv')),
    ]);
    expect([apps.code, allocs.code]).toEqual([0, 0]);
    // Set through the repository (a spawn costs seconds on a loaded machine); M5 leaves time for `log open`.
    m5 = Date.now() + 20_000;
    m6 = m5 + 20_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const h = 3_600_000;
    await repos.config.setTimetable(
      {},
      { moments: { m1: m5 - 4 * h, m2: m5 - 3 * h, m3: m5 - 2 * h, m4: m5 - h, m5, m6 }, registrationCloses: m5 - h },
    );
    const [dry, open] = await Promise.all([ops('log', 'open', '--dry-run'), ops('log', 'open')]);
    expect(dry.stdout).toMatch(/^sportello-log\/v1 rules\norigin 127\.0\.0\.1:\d+\/log\/isi2024\n/);
    expect(dry.stdout).toContain(`counter * * ${iso(m5)} ${iso(m6)}\n`);
    expect(open).toMatchObject({ code: 0, stderr: '' });
    expect(open.stdout).toMatch(/Registro .* aperto .* 1 voce/);
    const table = await clients().s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'log/isi2024/applications.csv' }),
    );
    const text = await table.Body!.transformToString();
    expect(text.split('\n')[0]).toBe(
      'token,company_name,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers',
    );
    expect(text).not.toMatch(/@/); // no PEC, no e-mail
  });

  test('given sends recorded after M5, when the consumer handles its batches, then each batch is one append, a redelivery adds nothing, and the reconciler adds the lost one', async () => {
    await sleepUntil(m5);
    records.push(...(await recordFixtureSends(repos, m5, 'tlog')));
    const early = ops('log', 'seal'); // before M6: refused
    const deps = consumerDeps(env);
    const first = await handleSendEvents(sqsEvent(records.slice(0, 4)), deps);
    expect(first.batchItemFailures).toEqual([]);
    earlier = (await (await logAccess({ ...access(), mode: 'read' }).current())!.log.current())!.checkpoint;
    expect(earlier).toMatch(/\n5\n/);
    const second = await handleSendEvents(sqsEvent(records.slice(4, -1)), deps);
    const again = await handleSendEvents(sqsEvent(records.slice(0, 4)), deps);
    expect([second.batchItemFailures, again.batchItemFailures]).toEqual([[], []]);
    const open = (await logAccess({ ...access(), mode: 'read' }).current())!;
    expect((await open.log.current())!.edge.size).toBe(1 + records.length - 1);

    const reconciled = await reconcileLogOfLists(reconcilerDeps(env), logAccess({ ...access(), mode: 'sign' }));
    expect(reconciled).toMatchObject({ appended: 1, conflicts: [] });
    expect((await open.log.current())!.edge.size).toBe(1 + records.length);
    expect(await reconcileLogOfLists(reconcilerDeps(env), logAccess({ ...access(), mode: 'sign' }))).toMatchObject({
      appended: 0,
    });
    expect(await early).toMatchObject({ code: 1, stderr: expect.stringMatching(/il registro si chiude dopo M6/) });
  });

  test('given an annulment and M6 passed, when the log is sealed, then lists built from the record verify byte for byte', async () => {
    const annul = await ops('annul', ANNULLED, '--reason', 'Sessioni concorrenti: verbale n. 7');
    expect(annul.stdout).toMatch(/registro pubblico .* voce \d+/);
    await sleepUntil(m6 + 50);
    const seal = await ops('log', 'seal');
    expect(seal).toMatchObject({ code: 0, stderr: '' });
    expect(seal.stdout).toContain(`${1 + records.length + 1 + 1}\n`);

    const built = join(work, 'built');
    expect(await ops('lists', 'build', '--out', built)).toMatchObject({ code: 0 });
    expect(await ops('lists', 'publish', built)).toMatchObject({ code: 0 });
    const verify = await ops('log', 'verify');
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toContain('identici byte per byte a quelli pubblicati: 3 elenchi');
    expect(verify.stdout).toContain('chiuso (seal)');
  });

  test('given a folder copy and the site over HTTP, then sportello-verify checks everything, a receipt and an earlier checkpoint', async () => {
    const site = join(work, 'site');
    await mirror(site);
    const proof = await logProofs(logAccess({ ...access(), mode: 'read' })).proofOf(records[2]!);
    expect(proof).toMatchObject({ leafIndex: expect.any(Number), treeSize: 1 + records.length + 2 });
    writeFileSync(join(work, 'receipt.json'), JSON.stringify({ receipt: { ...records[2], log: proof } }));
    writeFileSync(join(work, 'earlier.txt'), earlier);

    const folder = await verifier(site, '--receipt', join(work, 'receipt.json'), '--since', join(work, 'earlier.txt'));
    expect(folder).toMatchObject({ code: 0, stderr: '' });
    expect(folder.stdout).toContain('La ricevuta è inclusa nel registro');
    expect(folder.stdout).toContain('coerenza verificata');
    const server = await serve(site);
    try {
      const port = (server.address() as { port: number }).port;
      const http = await verifier(`http://127.0.0.1:${port}/`);
      expect(http).toMatchObject({ code: 0, stderr: '' });
      expect(http.stdout).toContain('identici byte per byte');
    } finally {
      server.close();
    }
  });

  test.each([
    [
      'a hash tile',
      'log/isi2024/tile/0/000.p/11',
      5,
      /log\/isi2024\/tile\/0\/000\.p\/11: hash 0 does not match entry 0/,
    ],
    [
      'an entry bundle',
      'log/isi2024/tile/entries/000.p/11',
      40,
      /tile\/0\/000\.p\/11: hash 0 does not match entry 0 of tile\/entries\/000\.p\/11/,
    ],
    [
      'a list',
      'lists/isi2024/lazio/1.1.csv',
      100,
      /Verifica NON superata: lists\/isi2024\/lazio\/1\.1\.csv, riga 2: pubblicato/,
    ],
  ])(
    'given one flipped byte in %s of the copy, then sportello-verify fails naming it',
    async (_what, path, at, message) => {
      const site = join(work, `flip-${path.replace(/\W/g, '-')}`);
      await mirror(site);
      const data = readFileSync(join(site, path));
      data[at] = data[at]! ^ 1;
      writeFileSync(join(site, path), data);
      const run = await verifier(site);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
    },
  );

  test('given the sealed log, when the consumer gets a new send, then the append is refused and the message retried', async () => {
    const app = (await repos.applications.listAll()).find((a) => !a.sentAt && !a.annulment)!;
    await repos.applications.bindParticipant(app.token, {
      sub: 'late',
      email: 'late@example.it',
      boundAt: new Date().toISOString(),
    });
    const late: SendRecord = {
      token: app.token,
      arrivalTime: new Date().toISOString(),
      receiptId: 'R-late',
      participantSub: 'late',
      region: app.region,
      axis: app.axis,
      sessionId: 's',
    };
    await repos.sends.recordFirst(late);
    const outcome = await handleSendEvents(sqsEvent([late]), consumerDeps(env));
    expect(outcome.batchItemFailures).toHaveLength(1);
  });
});

function access() {
  return { documents: cloud.tables.clients.documents, s3: clients().s3, configTable: cloud.tables.names.config, env };
}
