/**
 * A verifiable click day allocated by window draw, in the local cloud (beside transparency.test.ts, which runs the
 * chronological one): `log open --allocation window-draw --window 1 --seed-file` creates the operator's seed and
 * commits to it; sends recorded in the first second (Lazio 1.1) are drawn, those after it (Valle d'Aosta 5.1) keep
 * their arrival order; the reveal and the lists are refused before the seal; after `log seal` a wrong seed is refused
 * and the right one published; `lists build` and `lists compute` (from the exported record and the log's rules) give
 * the same bytes; `sportello-verify` reproduces the draw byte for byte from the revealed seed and refuses a wrong one.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { decodeEntryBundle } from '#domain/transparency/tiles';
import { type IsolatedCloud, isolatedEndpoints, privateBucket, runOps } from './helpers/ops.ts';
import { mirror, recordFixtureSends, verifier } from './helpers/transparency.ts';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'lists');
const work = mkdtempSync(join(tmpdir(), 'sportello-draw-it-'));
const SEED_FILE = join(work, 'seme.txt');

let cloud: IsolatedCloud;
let repos: Repositories;
let bucket: string;
const ops = (...args: string[]) => runOps(args, cloud.file);
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));
const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'hex')).digest('hex');

beforeAll(async () => {
  cloud = await isolatedEndpoints('tlogdraw');
  repos = cloud.repos;
  ({ bucket } = await privateBucket(cloud, 'tlogdraw'));
});
afterAll(async () => {
  await cloud?.close();
});

describe('a verifiable click day allocated by window draw', () => {
  let m5 = 0;
  let m6 = 0;
  let seed = '';

  test('given the draw chosen, when the log is opened before M5, then a new owner-only seed is kept and its SHA-256 committed', async () => {
    const [apps, allocs] = await Promise.all([
      ops('import', 'applications', join(FIXTURES, 'applications.csv')),
      ops('import', 'allocations', join(FIXTURES, 'allocations.csv')),
    ]);
    expect([apps.code, allocs.code]).toEqual([0, 0]);
    // M5 leaves time for two spawns of the CLI on a loaded machine.
    m5 = Date.now() + 30_000;
    m6 = m5 + 8_000;
    const h = 3_600_000;
    await repos.config.setTimetable(
      {},
      { moments: { m1: m5 - 4 * h, m2: m5 - 3 * h, m3: m5 - 2 * h, m4: m5 - h, m5, m6 }, registrationCloses: m5 - h },
    );
    // Without --window: refused before the cloud is reached (so it may run beside the real opening).
    const [missing, open] = await Promise.all([
      ops('log', 'open', '--allocation', 'window-draw', '--seed-file', SEED_FILE),
      ops('log', 'open', '--allocation', 'window-draw', '--window', '1', '--seed-file', SEED_FILE),
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('indicare --window <secondi>') });
    expect(open).toMatchObject({ code: 0, stderr: '' });
    seed = readFileSync(SEED_FILE, 'utf8').trim();
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(SEED_FILE).mode & 0o777).toBe(0o600);
    expect(open.stdout).toContain(`impegno seed-sha256 ${sha256(seed)}`);
  });

  test('given sends recorded, when the seed or the lists are asked for before the seal, then both are refused', async () => {
    await sleepUntil(m5);
    await recordFixtureSends(repos, m5, 'draw');
    const [reveal, build] = await Promise.all([
      ops('draw', 'reveal', '--seed-file', SEED_FILE),
      ops('lists', 'build', '--out', join(work, 'early')),
    ]);
    expect(reveal).toMatchObject({ code: 1, stderr: expect.stringContaining('Il registro non è ancora chiuso') });
    expect(build).toMatchObject({ code: 1, stderr: expect.stringContaining('dopo "log seal" e "draw reveal"') });
  });

  test('given the log sealed, when a wrong seed is revealed then it is refused; the right one is published', async () => {
    await sleepUntil(m6 + 50);
    expect(await ops('log', 'seal')).toMatchObject({ code: 0, stderr: '' });
    const wrong = await ops('draw', 'reveal', '--seed', `${seed.slice(0, 63)}${seed.endsWith('0') ? '1' : '0'}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `Seme rifiutato: il seme non è quello impegnato nella voce 0 del registro: il suo SHA-256 è`,
    );
    expect(wrong.stderr).toContain(`l'impegno (seed-sha256) è ${sha256(seed)}. Nulla è stato pubblicato.`);
    const reveal = await ops('draw', 'reveal', '--seed-file', SEED_FILE);
    expect(reveal).toMatchObject({ code: 0, stderr: '' });
    expect(reveal.stdout).toContain('Seme del sorteggio pubblicato');
  });

  test('given the seed published, then lists build and lists compute agree byte for byte and sportello-verify reproduces the draw', async () => {
    const built = join(work, 'built');
    expect(await ops('lists', 'build', '--out', built)).toMatchObject({ code: 0 });
    const lazio = readFileSync(join(built, 'lazio_1.1.csv'), 'utf8');
    expect(lazio).toMatch(/,draw\n/);
    const aosta = readFileSync(join(built, 'valle-d-aosta_5.1.csv'), 'utf8').split('\n');
    // After the window: arrival order (b at 2.001 s before a at 2.999 s).
    expect(aosta[1]).toMatch(/^1,\+0{63}b,/);
    expect(aosta[2]).toMatch(/^2,\+0{63}a,/);

    const site = join(work, 'site');
    expect(await ops('lists', 'publish', built)).toMatchObject({ code: 0 });
    await mirror(bucket, site);
    const entries = decodeEntryBundle(readFileSync(join(site, 'log/isi2024/tile/entries/000.p/10')));
    writeFileSync(join(work, 'rules.txt'), entries[0]!);
    const sealedRoot = readFileSync(join(site, 'log/isi2024/checkpoint'), 'utf8').split('\n')[2]!;
    const exported = ['sends', 'annulments', 'applications', 'allocations'].map((what) => join(work, `${what}.csv`));
    const exports = await Promise.all(
      ['sends', 'annulments', 'applications', 'allocations'].map((what, i) => ops('export', what, exported[i]!)),
    );
    expect(exports.map((e) => e.code)).toEqual([0, 0, 0, 0]);
    const computed = join(work, 'computed');
    const compute = await ops(
      'lists',
      'compute',
      ...['--sends', exported[0]!, '--annulments', exported[1]!],
      ...['--applications', exported[2]!, '--allocations', exported[3]!],
      ...['--rules', join(work, 'rules.txt'), '--seed', seed, '--sealed-root', sealedRoot, '--out', computed],
    );
    expect(compute).toMatchObject({ code: 0, stderr: '' });
    for (const file of ['lazio_1.1.csv', 'valle-d-aosta_5.1.csv', 'lists.json']) {
      expect(readFileSync(join(computed, file), 'utf8')).toBe(readFileSync(join(built, file), 'utf8'));
    }

    const verified = await verifier(site);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toContain(`Sorteggio della finestra iniziale: il seme pubblicato ${seed}`);
    expect(verified.stdout).toContain('identici byte per byte a quelli pubblicati: 3 elenchi');

    const other = `${seed.slice(0, 63)}${seed.endsWith('0') ? '1' : '0'}`;
    writeFileSync(join(site, 'log/isi2024/draw-seed'), `${other}\n`);
    const refused = await verifier(site);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `log/isi2024/draw-seed: il seme non è quello impegnato nella voce 0 del registro: il suo SHA-256 è ${sha256(other)}`,
    );
  });
});
