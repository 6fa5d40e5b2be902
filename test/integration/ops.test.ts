/**
 * The operator CLI end to end: `bin/ops.ts` spawned as an operator runs it, against the local cloud under test, on a
 * private set of tables (helpers/ops.ts) so that other test files' records never enter these lists. Spawns cost about
 * a second each: independent commands run concurrently, and each test checks a whole step of the procedure.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { parseAnnulments, parseSends } from '#domain/lists/records';
import { api, endpoints } from './helpers/cloud.ts';
import { type IsolatedCloud, isolatedEndpoints, recordSendsFile, runOps, whilePublishing } from './helpers/ops.ts';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lists');
const fixture = (name: string) => join(FIXTURES, name);
const work = mkdtempSync(join(tmpdir(), 'sportello-ops-it-'));
const SENT_TOKEN = '+0000000000000000000000000000000000000000000000000000000000000003';

// Each test spawns several CLI processes (about a second each on a busy machine).
jest.setTimeout(60_000);

let cloud: IsolatedCloud;
let repos: Repositories;
const ops = (...args: string[]) => runOps(args, cloud.file);

beforeAll(async () => {
  cloud = await isolatedEndpoints('ops');
  repos = cloud.repos;
});
afterAll(async () => {
  await cloud?.close();
});

describe('ops import', () => {
  test('given a file with three bad rows, when imported, then each is listed by line, exit 1, and nothing is imported', async () => {
    const good = readFileSync(fixture('applications.csv'), 'utf8').split('\n').slice(0, 3);
    const bad = [
      ...good,
      '+zz,Rossi S.r.l.,rossi@pec.example.it,Lazio,1.1,10.00,20.00,2026-03-01T10:00:00+01:00,2001-01-01,true,3',
      `+${'c'.repeat(64)},Bianchi S.r.l.,bianchi@pec.example.it,Atlantide,1.1,10.00,20.00,2026-03-01T10:00:00+01:00,2001-01-01,true,3`,
      `+${'d'.repeat(64)},Verdi S.r.l.,verdi@pec.example.it,Lazio,1.1,"10,5",20.00,2026-03-01T10:00:00,2001-01-01,true,3`,
      '',
    ].join('\n');
    const file = join(work, 'bad-applications.csv');
    writeFileSync(file, bad);

    const run = await ops('import', 'applications', file);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/riga 4, colonna token/);
    expect(run.stderr).toMatch(/riga 5, colonna region/);
    expect(run.stderr).toMatch(/riga 6, colonna requested_eur/);
    expect(run.stderr).toMatch(/riga 6, colonna registered_at/);
    expect(run.stderr).toMatch(/Nessuna modifica effettuata/);
    expect(await repos.applications.listAll()).toEqual([]);
  });

  test('given the fixtures, when applications and allocations are imported, then they are stored as written', async () => {
    const [applications, allocations] = await Promise.all([
      ops('import', 'applications', fixture('applications.csv')),
      ops('import', 'allocations', fixture('allocations.csv')),
    ]);

    expect(applications).toMatchObject({ code: 0, stderr: '' });
    expect(applications.stdout).toMatch(/Caricate 11 domande \(11 nuove, 0 aggiornate\)/);
    expect(allocations).toMatchObject({ code: 0, stderr: '' });
    const stored = await repos.applications.get('-0000000000000000000000000000000000000000000000000000000000000002');
    expect(stored).toMatchObject({
      companyName: 'Beta, Gamma & C. S.n.c.',
      pec: 'beta@pec.example.it',
      region: 'Lazio',
    });
    expect(await repos.config.allocations()).toHaveLength(4);
  });
});

describe('ops after the click day', () => {
  const built = join(work, 'built');
  const computed = join(work, 'computed');

  test('given recorded sends, then a re-import is refused row by row, annul records evidence once, and exports hold the record', async () => {
    await recordSendsFile(repos, fixture('sends.csv'), 'ops-it');

    const [reimport, annul, unknown] = await Promise.all([
      ops('import', 'applications', fixture('applications.csv')),
      ops('annul', SENT_TOKEN, '--reason', 'Dati falsi: <dichiarazione> non veritiera'),
      ops('annul', `+${'e'.repeat(64)}`, '--reason', 'prova'),
    ]);
    expect(reimport.code).toBe(1);
    for (const line of [2, 3, 4, 5, 6, 8, 11, 12]) expect(reimport.stderr).toContain(`riga ${line}, colonna token`);
    expect(reimport.stderr).toMatch(/già stata inviata/);
    expect(annul).toMatchObject({ code: 0, stderr: '' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Nessuna domanda con il codice/);

    const [again, evidence, sends, annulments] = await Promise.all([
      ops('annul', SENT_TOKEN, '--reason', 'un altro motivo'),
      ops('evidence', 'list', '--json'),
      ops('export', 'sends', join(work, 'sends.csv')),
      ops('export', 'annulments', join(work, 'annulments.csv')),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/già stata annullata .*Dati falsi/);
    const records = JSON.parse(evidence.stdout) as unknown[];
    expect(records).toEqual([
      expect.objectContaining({
        kind: 'ANNULMENT',
        subject: SENT_TOKEN,
        data: expect.objectContaining({ reason: 'Dati falsi: <dichiarazione> non veritiera', sent: true }),
      }),
    ]);
    expect([sends.code, annulments.code]).toEqual([0, 0]);
    const exported = parseSends(readFileSync(join(work, 'sends.csv'), 'utf8'));
    const original = parseSends(readFileSync(fixture('sends.csv'), 'utf8'));
    const pairs = (p: typeof exported) => (p.ok ? p.records.map((s) => [s.token, s.arrivalMs]).sort() : p.problems);
    expect(pairs(exported)).toEqual(pairs(original));
    const annulled = parseAnnulments(readFileSync(join(work, 'annulments.csv'), 'utf8'));
    expect(annulled.ok && annulled.records.map((a) => [a.token, a.reason])).toEqual([
      [SENT_TOKEN, 'Dati falsi: <dichiarazione> non veritiera'],
    ]);
  });

  test('given the record, when lists build runs, then its files are byte for byte those of lists compute on the exported files', async () => {
    const [build, compute] = await Promise.all([
      ops('lists', 'build', '--out', built),
      ops(
        'lists',
        'compute',
        '--applications',
        fixture('applications.csv'),
        '--allocations',
        fixture('allocations.csv'),
        '--sends',
        join(work, 'sends.csv'),
        '--annulments',
        join(work, 'annulments.csv'),
        '--out',
        computed,
      ),
    ]);

    expect(build).toMatchObject({ code: 0, stderr: '' });
    expect(compute).toMatchObject({ code: 0, stderr: '' });
    const names = readdirSync(built).sort();
    expect(names).toEqual(['lazio_1.1.csv', 'lists.json', 'lombardia_2.csv', 'valle-d-aosta_5.1.csv']);
    expect(readdirSync(computed).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(built, name))).toEqual(readFileSync(join(computed, name)));
    expect(readFileSync(join(built, 'lazio_1.1.csv'), 'utf8')).toContain(`,${SENT_TOKEN},`);
    expect(readFileSync(join(built, 'lists.json'), 'utf8')).toContain('"status":"ANNULLATA"');
  });

  test('given a built folder, when published, then /api/lists indexes it and every list is served as JSON, CSV and HTML', () =>
    whilePublishing(async () => {
      const [publish, missing] = await Promise.all([
        ops('lists', 'publish', built),
        ops('lists', 'publish', join(work, 'no-such-folder')),
      ]);
      expect(missing.code).toBe(1);
      expect(publish).toMatchObject({ code: 0, stderr: '' });
      const id = /Pubblicazione (\S+):/.exec(publish.stdout)?.[1];
      expect(id).toBeDefined();

      const index = await api<{
        publications: { publicationId: string; manifest: string }[];
        lists: {
          region: string;
          axis: string;
          rows: number;
          publicationId: string;
          definitive: boolean;
          urls: Record<string, string>;
        }[];
      }>('/lists');
      expect(index.status).toBe(200);
      expect(index.body.publications[0]?.publicationId).toBe(id);
      // The index keeps each list's provisional and definitive editions (another file of this run may have published
      // a definitive one on the same cloud): this publication is provisional.
      const lazio = index.body.lists.find((l) => l.region === 'Lazio' && l.axis === '1.1' && !l.definitive);
      expect(lazio).toMatchObject({ publicationId: id, rows: 5, urls: { csv: '/lists/isi2024/lazio/1.1.csv' } });

      const site = endpoints().url;
      const [csv, json, html, viaApi, manifest, absent, ncd, shortfall] = await Promise.all([
        fetch(`${site}/lists/isi2024/lazio/1.1.csv`),
        fetch(`${site}/lists/isi2024/lazio/1.1.json`),
        fetch(`${site}/lists/isi2024/lazio/1.1.html`),
        fetch(`${site}/api/lists/isi2024/valle-d-aosta/5.1.csv`),
        fetch(`${site}${index.body.publications[0]?.manifest}`),
        fetch(`${site}/api/lists/isi2024/molise/3.json`),
        fetch(`${site}/lists/isi2024/lombardia/2.html`).then((r) => r.text()),
        fetch(`${site}/api/lists/isi2024/valle-d-aosta/5.1.html`).then((r) => r.text()),
      ]);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(await csv.text()).toBe(readFileSync(join(built, 'lazio_1.1.csv'), 'utf8'));
      expect(await viaApi.text()).toBe(readFileSync(join(built, 'valle-d-aosta_5.1.csv'), 'utf8'));
      const list = (await json.json()) as { publicationId: string; rows: { status: string }[] };
      expect(list.publicationId).toBe(id);
      expect(list.rows.map((r) => r.status)).toEqual(['UTILE', 'UTILE', 'UTILE', 'UTILE', 'ANNULLATA']);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await html.text();
      expect(page).toContain('<html lang="it">');
      expect(page).toContain('<td>In posizione utile</td>');
      expect(page).toContain('<td>Annullata</td>');
      expect(ncd).toContain('<td>Ammessa (elenco NCD)</td>');
      expect(shortfall).toContain('<td>Non ammissibile per carenza di fondi</td>');
      expect(page).toContain('Beta, Gamma &amp; C. S.n.c.');
      expect(page).toContain('Delta &quot;La Nuova&quot; S.p.A.');
      expect(page).toContain('Dati falsi: &lt;dichiarazione&gt; non veritiera');
      expect(page).not.toContain('<dichiarazione>');
      expect(manifest.status).toBe(200);
      expect(absent.status).toBe(404);
      expect(((await absent.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }));
});
