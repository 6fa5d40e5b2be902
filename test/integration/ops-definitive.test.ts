/**
 * After the counter, end to end through the operator CLI against the local cloud, on a private set of tables: R22a's
 * NCD decision frozen at registration close and read by registration, the documents outcomes imported (all or
 * nothing), the definitive lists built from the record (byte for byte those of `lists compute --definitive`), the
 * redistribution printed, and the definitive edition published beside the provisional one, which stays as it was.
 * Data: `test/fixtures/lists-definitive` (the hand-worked example of R22d).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoNcdCheck } from '#adapters/dynamodb/ncd-check';
import { DynamoNcdDecisions } from '#adapters/dynamodb/ncd-decisions';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { api, endpoints } from './helpers/cloud.ts';
import { type IsolatedCloud, isolatedEndpoints, recordSendsFile, runOps, whilePublishing } from './helpers/ops.ts';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lists-definitive');
const fixture = (name: string) => join(FIXTURES, name);
const work = mkdtempSync(join(tmpdir(), 'sportello-definitive-it-'));
const token = (n: number) => `+${(0xd0 + n).toString(16).padStart(64, '0')}`;
const L1X = token(4);
const L1C = token(2);
const L2C = token(10);
const HOUR = 3_600_000;

jest.setTimeout(120_000);

let cloud: IsolatedCloud;
let repos: Repositories;
const ops = (...args: string[]) => runOps(args, cloud.file);

beforeAll(async () => {
  cloud = await isolatedEndpoints('definitive');
  repos = cloud.repos;
});
afterAll(async () => {
  await cloud?.close();
});

const at = (offset: number) => new Date(Date.now() + offset).toISOString();

describe('R22a: the NCD decision frozen at registration close', () => {
  test('given registration still open, freeze is refused; once closed it freezes each axis with its totals, once, and registration reads it', async () => {
    const [applications, allocations] = await Promise.all([
      ops('import', 'applications', fixture('applications.csv')),
      ops('import', 'allocations', fixture('allocations.csv')),
    ]);
    expect([applications.code, allocations.code]).toEqual([0, 0]);
    const moments = (offsets: number[]) => offsets.flatMap((o, i) => [`--m${i + 1}`, at(o)]);
    expect((await ops('timetable', 'set', ...moments([-3, -2, -1, 1, 2, 3].map((h) => h * HOUR)))).code).toBe(0);
    const early = await ops('lists', 'ncd', 'freeze');
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(/Asse 2: non congelato, le registrazioni chiudono il/);
    expect((await ops('lists', 'ncd', 'show')).stdout).toMatch(/Nessuna decisione NCD congelata/);

    expect((await ops('timetable', 'set', ...moments([-5, -4, -3, -2, -1, 1].map((h) => h * HOUR)))).code).toBe(0);
    const dry = await ops('lists', 'ncd', 'freeze', '--dry-run');
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/Asse 2: 2 elenchi sarebbero congelati/);
    expect(await repos.ncdDecisions.frozen()).toEqual([]);

    const freeze = await ops('lists', 'ncd', 'freeze');
    expect(freeze).toMatchObject({ code: 0, stderr: '' });
    expect(freeze.stdout).toMatch(
      /Asse 2: 2 elenchi congelati\. Totale nazionale: richiesti 770\.00 €, stanziati 1000\.00 €; elenchi NCD: 2 su 2\./,
    );
    const again = await ops('lists', 'ncd', 'freeze');
    expect(again.stdout).toMatch(/Asse 2: già congelato/);

    const shown = await ops('lists', 'ncd', 'show', '--json');
    const decisions = (JSON.parse(shown.stdout) as { lists: Record<string, unknown>[] }).lists;
    expect(decisions.find((d) => d.region === 'Lazio' && d.axis === '2')).toMatchObject({
      ncd: true,
      rule: 'national',
      listAllocationCents: 40000,
      listRequestedCents: 47000,
      applicationCount: 3,
      axisAllocationCents: 100000,
      axisRequestedCents: 77000,
    });
    expect(decisions.find((d) => d.region === 'Lazio' && d.axis === '1.1')).toMatchObject({ ncd: false, rule: 'none' });
    writeFileSync(join(work, 'ncd.json'), shown.stdout);
    const evidence = await repos.audit.listEvidence();
    expect(
      evidence
        .filter((e) => e.kind === 'NCD_FROZEN')
        .map((e) => e.subject)
        .sort(),
    ).toEqual(['asse 1.1', 'asse 2', 'asse 5.1', 'asse 5.2']);

    // Live, Lazio 2 asks 470.00 of its 400.00: a click day. Frozen, the national rule makes it NCD.
    const check = new DynamoNcdCheck(
      new DynamoConfig(cloud.tables.clients.documents, cloud.tables.names.config),
      cloud.tables.clients.documents,
      cloud.tables.names.applications,
      new DynamoNcdDecisions(cloud.tables.clients.documents, cloud.tables.names.config),
    );
    expect(await check.isNcd({ region: 'Lazio', axis: '2' })).toBe(true);
    expect(await check.isNcd({ region: 'Lazio', axis: '1.1' })).toBe(false);
  });
});

describe('R22b–f: outcomes, definitive lists, redistribution, publication', () => {
  const outcomes = join(work, 'outcomes.csv');
  const built = join(work, 'built');
  const computed = join(work, 'computed');
  const provisional = join(work, 'provisional');

  test('given one bad row, outcomes import exits 1 and stores nothing; the right file is stored and audited', async () => {
    await recordSendsFile(repos, fixture('sends.csv'), 'definitive-it');
    expect((await ops('annul', L1X, '--reason', 'Sessioni concorrenti (R11)')).code).toBe(0);
    // Lazio 2 is NCD by the frozen national rule: its third row is in useful position too.
    const right = `${readFileSync(fixture('outcomes.csv'), 'utf8')}${L2C},PERFEZIONATA,,\n`;
    writeFileSync(outcomes, `${right}${L1C},PERFEZIONATA,,\n`);
    const bad = await ops('outcomes', 'import', outcomes);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('file esiti, riga 17, colonna token:');
    expect(bad.stderr).toContain('non è in posizione utile (CARENZA_FONDI)');
    expect(bad.stderr).toMatch(/Nessun esito caricato/);
    expect(await repos.outcomes.current()).toBeUndefined();

    writeFileSync(outcomes, right);
    const good = await ops('outcomes', 'import', outcomes);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toMatch(/Caricati 15 esiti \(12 perfezionate, 3 decadute\)/);
    expect((await repos.outcomes.currentRows()).length).toBe(15);
    const evidence = await repos.audit.listEvidence();
    expect(evidence.find((e) => e.kind === 'OUTCOMES_IMPORT')?.data).toMatchObject({
      rows: 15,
      source: 'outcomes.csv',
    });
  });

  test('given the record, lists build --definitive gives the bytes of lists compute --definitive, and redistribute prints the table', async () => {
    const exported = (name: string) => join(work, `${name}.csv`);
    const exports = await Promise.all(
      ['sends', 'annulments', 'applications', 'allocations'].map((name) => ops('export', name, exported(name))),
    );
    expect(exports.map((e) => e.code)).toEqual([0, 0, 0, 0]);
    const files = [
      '--applications',
      exported('applications'),
      '--sends',
      exported('sends'),
      '--allocations',
      exported('allocations'),
      '--annulments',
      exported('annulments'),
      '--ncd',
      join(work, 'ncd.json'),
    ];
    const [build, compute, buildProvisional, redistribute] = await Promise.all([
      ops('lists', 'build', '--definitive', '--out', built),
      ops('lists', 'compute', ...files, '--definitive', '--outcomes', outcomes, '--out', computed),
      ops('lists', 'build', '--out', provisional),
      ops('lists', 'redistribute'),
    ]);
    expect(build).toMatchObject({ code: 0, stderr: '' });
    expect(compute).toMatchObject({ code: 0, stderr: '' });
    expect(buildProvisional).toMatchObject({ code: 0, stderr: '' });
    const names = readdirSync(built).sort();
    expect(names).toContain('allocation-table.csv');
    expect(readdirSync(computed).sort()).toEqual(names);
    for (const name of names)
      expect(readFileSync(join(built, name), 'utf8')).toBe(readFileSync(join(computed, name), 'utf8'));
    const table = readFileSync(join(built, 'allocation-table.csv'), 'utf8');
    expect(table).toContain('Lazio,2,400.00,470.00,70.00');
    expect(redistribute.code).toBe(0);
    expect(redistribute.stdout).toContain('Nuovo stanziamento a seguito della redistribuzione (isi2024):');
    expect(redistribute.stdout).toContain(table);
    // The provisional Lazio 2 follows the frozen national rule too: an NCD list.
    expect(readFileSync(join(provisional, 'lazio_2.csv'), 'utf8')).toMatch(/,NCD,/);
  });

  test('given both folders published, the index shows both editions and the provisional lists stay as they were', () =>
    whilePublishing(async () => {
      const first = await ops('lists', 'publish', provisional);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const site = endpoints().url;
      const provisionalFile = () => fetch(`${site}/lists/isi2024/umbria/5.1.json`).then((r) => r.text());
      const before = await provisionalFile();
      const second = await ops('lists', 'publish', built);
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(second.stdout).toMatch(/elenchi definitivi/);
      const index = await api<{
        lists: {
          region: string;
          axis: string;
          definitive: boolean;
          urls: Record<string, string>;
          files: Record<string, string>;
          newAllocationEur?: string;
        }[];
        publications: { definitive: boolean; redistribution?: { allocationTable: { csv: string } } }[];
      }>('/lists');
      // The provisional files are untouched by the definitive publication (no other file publishes meanwhile:
      // whilePublishing).
      expect(await provisionalFile()).toBe(before);
      expect(JSON.parse(before)).toMatchObject({
        rows: [{ status: 'UTILE' }, { status: 'CARENZA_FONDI' }, { status: 'CARENZA_FONDI' }],
      });
      const umbria51 = index.body.lists.find((l) => l.definitive && l.region === 'Umbria' && l.axis === '5.1');
      expect(umbria51).toMatchObject({
        newAllocationEur: '510.01',
        urls: { json: '/lists/isi2024/umbria/5.1-definitivo.json' },
        files: { csv: '/lists/isi2024/umbria/elenco-umbria-asse-5.1-definitivo.csv' },
      });
      const [publicCsv, html, json, viaApi, table] = await Promise.all([
        fetch(`${site}${umbria51?.files.csv}`).then((r) => r.text()),
        fetch(`${site}/lists/isi2024/umbria/5.1-definitivo.html`).then((r) => r.text()),
        fetch(`${site}/api/lists/isi2024/umbria/5.1-definitivo.json`).then((r) => r.json()),
        fetch(`${site}/api/lists/isi2024/umbria/elenco-umbria-asse-5.1-definitivo.csv`).then((r) => r.text()),
        fetch(`${site}${index.body.publications[0]?.redistribution?.allocationTable.csv}`).then((r) => r.text()),
      ]);
      expect(publicCsv.split('\n')[0]).toBe(
        'Posizione,Codice identificativo,Ragione sociale,Arrivo (UTC),Importo richiesto (EUR),Importo cumulato (EUR),Esito,Criterio di spareggio',
      );
      expect(publicCsv).toContain(`2,'${token(18)},Impresa U5b S.r.l.,`);
      expect(publicCsv).toContain(',Subentrata,');
      expect(viaApi).toBe(publicCsv);
      expect(html).toContain('Elenco cronologico definitivo — Umbria, asse 5.1');
      expect(html).toContain('Nuovo stanziamento a seguito della redistribuzione');
      expect((json as { definitive: boolean; rows: { status: string }[] }).rows.map((r) => r.status)).toEqual([
        'AMMISSIBILE_DEFINITIVA',
        'SUBENTRATA',
        'NON_AMMISSIBILE_CARENZA_FONDI',
      ]);
      expect(table).toBe(readFileSync(join(built, 'allocation-table.csv'), 'utf8'));
    }));
});
