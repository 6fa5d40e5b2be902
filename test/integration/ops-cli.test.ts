/**
 * The operator CLI's shared behaviour against the local cloud, on a private set of tables: every read command's
 * `--json` is one JSON document on stdout; `--dry-run` writes nothing (and the CLI's clients refuse a write in a dry
 * run); a write on `--stage prod` asks for the stage's name and does nothing without it; `lists publish` holds the
 * stage while it publishes.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { claimKeys } from '#domain/accounts/claims';
import { connect } from '#ops/cloud';
import { readIndex } from '#ops/lists/publish';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { clients } from './helpers/cloud.ts';
import { type IsolatedCloud, isolatedEndpoints, privateBucket, runOps } from './helpers/ops.ts';

jest.setTimeout(90_000);

const FIXTURES = join(__dirname, '..', 'fixtures', 'lists');
const TOKEN = '+0000000000000000000000000000000000000000000000000000000000000003';
const work = mkdtempSync(join(tmpdir(), 'sportello-ops-cli-'));
const MOMENTS = ['--m1', '2026-10-01T08:00:00Z', '--m2', '2026-10-02T08:00:00Z', '--m3', '2026-10-20T08:00:00Z'];
const LATER = ['--m4', '2026-10-26T08:00:00Z', '--m5', '2026-10-26T09:00:00Z', '--m6', '2026-10-26T10:00:00Z'];

let cloud: IsolatedCloud;
let repos: Repositories;
/** This file's own lists bucket: other files' publications in the shared cloud never show up in it. */
let bucket: string;
const bucketKeys = async () =>
  ((await clients().s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);
const ops = (args: string[], input?: string) => runOps(args, cloud.file, input);

beforeAll(async () => {
  cloud = await isolatedEndpoints('cli');
  repos = cloud.repos;
  ({ bucket } = await privateBucket(cloud, 'cli'));
});
afterAll(async () => {
  await cloud?.close();
});

test('given --dry-run, when every writing command runs, then each says what it would do and nothing is written', async () => {
  const runs = await Promise.all([
    ops(['import', 'applications', join(FIXTURES, 'applications.csv'), '--dry-run']),
    ops(['import', 'allocations', join(FIXTURES, 'allocations.csv'), '--dry-run']),
    ops(['timetable', 'set', ...MOMENTS, ...LATER, '--dry-run']),
    ops(['export', 'sends', join(work, 'sends.csv'), '--dry-run']),
    ops(['events', 'reconcile', '--dry-run']),
    ops([
      'lists',
      'compute',
      ...['--applications', join(FIXTURES, 'applications.csv'), '--sends', join(FIXTURES, 'sends.csv')],
      ...['--allocations', join(FIXTURES, 'allocations.csv'), '--out', join(work, 'lists'), '--dry-run'],
    ]),
  ]);
  for (const run of runs) {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Prova \(--dry-run\): .*Nessuna modifica effettuata\./);
  }
  expect(runs[0]?.stdout).toMatch(/caricherebbe 11 domande \(11 nuove, 0 aggiornate\)/);
  expect(await repos.applications.listAll()).toEqual([]);
  expect(await repos.config.allocations()).toEqual([]);
  expect((await repos.config.timetables()).size).toBe(0);
  expect(existsSync(join(work, 'sends.csv'))).toBe(false);
  expect(existsSync(join(work, 'lists'))).toBe(false);

  // The same file for real, then an annulment and a publication as dry runs.
  expect((await ops(['import', 'applications', join(FIXTURES, 'applications.csv')])).code).toBe(0);
  const [annul, publish] = await Promise.all([
    ops(['annul', TOKEN, '--reason', 'prova', '--dry-run']),
    ops(['lists', 'publish', join(__dirname, '..', 'fixtures'), '--dry-run']),
  ]);
  expect(annul.stdout).toMatch(/annullerebbe la domanda/);
  expect((await repos.applications.get(TOKEN))?.annulment).toBeUndefined();
  expect(publish.code).toBe(1);
  expect(await bucketKeys()).toEqual([]);
});

test('given a dry run, when a command tried to write anyway, then the clients refuse it before it leaves', async () => {
  process.env.SPORTELLO_ENDPOINTS_SAVED = process.env.SPORTELLO_ENDPOINTS;
  process.env.SPORTELLO_ENDPOINTS = cloud.file;
  const target = await connect({ readOnly: true });
  try {
    await expect(
      target.clients.documents.send(new PutCommand({ TableName: target.tables.config, Item: { pk: 'X', sk: 'Y' } })),
    ).rejects.toThrow(/dry-run.*PutItem|dry-run.*Put/);
    const got = await target.repositories.config.timetables();
    expect(got.size).toBe(0);
  } finally {
    target.close();
    process.env.SPORTELLO_ENDPOINTS = process.env.SPORTELLO_ENDPOINTS_SAVED;
  }
});

test('given read commands with --json, then stdout is one JSON document and nothing else', async () => {
  const runs = await Promise.all([
    ops(['timetable', 'show', '--json']),
    ops(['timetable', 'show', '--json', '--region', 'valle d aosta', '--axis', '5.1']),
    ops(['evidence', 'list', '--json']),
    ops(['events', 'live', '--once', '--json']),
    ops(['events', 'ranking', 'Lazio', '2', '--json']),
  ]);
  for (const run of runs) {
    expect(run.code).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  }
  const shown = JSON.parse(runs[1]?.stdout ?? '') as { inForce: { region: string; phase: string }[] };
  expect(shown.inForce).toEqual([{ region: "Valle d'Aosta", axis: '5.1', scope: null, phase: 'BEFORE_REGISTRATION' }]);
  expect(Array.isArray(JSON.parse(runs[2]?.stdout ?? ''))).toBe(true);
});

test('given --stage prod, when a write is not confirmed, then nothing happens; confirmed, it goes on to the stage', async () => {
  const refused = await ops(['annul', TOKEN, '--reason', 'prova', '--stage', 'prod'], 'no\n');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/Stage prod: annullare la domanda .*\nPer procedere scrivere "prod"/);
  expect(refused.stderr).toMatch(/Operazione annullata: la risposta non era "prod"\.\nNessuna modifica effettuata\./);
  const silent = await ops(['timetable', 'set', ...MOMENTS, ...LATER, '--stage', 'prod']);
  expect(silent.code).toBe(1);
  expect(silent.stderr).toMatch(/nessuna conferma ricevuta/);

  // Confirmed (typed, or --yes), the command goes on to reach the stage: this cloud has none, so it stops there.
  const [typed, flagged] = await Promise.all([
    ops(['annul', TOKEN, '--reason', 'prova', '--stage', 'prod'], 'prod\n'),
    ops(['annul', TOKEN, '--reason', 'prova', '--stage', 'prod', '--yes']),
  ]);
  for (const run of [typed, flagged]) {
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Stage "prod" non raggiungibile/);
  }
  expect((await repos.applications.get(TOKEN))?.annulment).toBeUndefined();
});

test('given a publication in progress, when lists publish runs, then it is refused and nothing is published; two at once lose nothing', async () => {
  const folder = join(work, 'to-publish');
  const computed = await ops([
    'lists',
    'compute',
    ...['--applications', join(FIXTURES, 'applications.csv'), '--sends', join(FIXTURES, 'sends.csv')],
    ...['--allocations', join(FIXTURES, 'allocations.csv'), '--out', folder],
  ]);
  expect(computed.code).toBe(0);
  const lease = claimKeys.operation('lists-publish');
  const now = new Date();
  expect(await repos.claims.claim(lease, 'pubblicazione-in-corso', now, new Date(now.getTime() + 600_000))).toEqual({
    won: true,
  });
  const refused = await ops(['lists', 'publish', folder]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(
    /^Un'altra pubblicazione degli elenchi è in corso su .*\(pubblicazione pubblicazione-in-corso, iniziata .*\): attendere che termini e riprovare; se si è interrotta, il blocco scade .*\. Nulla è stato pubblicato\.\n$/,
  );
  expect(await bucketKeys()).toEqual([]);

  expect(await repos.claims.release(lease, 'pubblicazione-in-corso')).toBe(true);
  const both = await Promise.all([ops(['lists', 'publish', folder]), ops(['lists', 'publish', folder])]);
  // Each either publishes or is refused while the other holds the stage; every publication that said so is indexed.
  const published = both.filter((run) => run.code === 0);
  expect(published.length).toBeGreaterThan(0);
  for (const run of both.filter((r) => r.code !== 0)) expect(run.stderr).toMatch(/^Un'altra pubblicazione/);
  const index = await readIndex(new ListsBucket(clients().s3, bucket));
  const ids = published.map((run) => /Pubblicazione (\S+):/.exec(run.stdout)?.[1]);
  expect(index.publications.map((p) => p.publicationId).sort()).toEqual([...ids].sort());
  expect(await repos.claims.get(lease, new Date())).toBeUndefined();
});
