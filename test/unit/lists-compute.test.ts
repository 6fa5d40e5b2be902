/**
 * End to end: `npx tsx bin/ops.ts lists compute …` on the fixture files, in a temporary directory.
 * Exit 0 with the expected files; exit 1 with every problem on stderr and nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/lists');

function ops(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['tsx', 'bin/ops.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const fixture = (name: string) => join(FIXTURES, name);
const inputs = (annulments = fixture('annulments.csv')) => [
  '--applications',
  fixture('applications.csv'),
  '--sends',
  fixture('sends.csv'),
  '--allocations',
  fixture('allocations.csv'),
  '--annulments',
  annulments,
];

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sportello-lists-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

jest.setTimeout(60_000);

describe('ops lists compute', () => {
  it('given the fixtures when computed then exit 0 and one CSV per list plus lists.json, byte for byte', () => {
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(), '--out', out]);
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'lazio_1.1.csv',
      'lists.json',
      'lombardia_2.csv',
      'valle-d-aosta_5.1.csv',
    ]);
    const t = (n: number, sign = '+') => `${sign}${n.toString(16).padStart(64, '0')}`;
    expect(readFileSync(join(out, 'lazio_1.1.csv'), 'utf8')).toBe(
      [
        'position,token,company_name,arrival_at,requested_eur,cumulative_eur,status,decided_by',
        `1,${t(2, '-')},"Beta, Gamma & C. S.n.c.",2026-10-26T09:00:00.100Z,30.00,30.00,UTILE,`,
        `2,${t(1)},Alfa S.r.l.,2026-10-26T09:00:00.100Z,40.00,70.00,UTILE,registered_at`,
        `3,${t(3)},"Delta ""La Nuova"" S.p.A.",2026-10-26T09:00:00.250Z,30.00,100.00,UTILE,`,
        `4,${t(4)},Epsilon S.r.l.,2026-10-26T09:00:00.900Z,10.00,110.00,CARENZA_FONDI,`,
        `,${t(5)},Zeta S.r.l.,2026-10-26T09:00:00.050Z,20.00,,ANNULLATA,`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(out, 'lombardia_2.csv'), 'utf8')).toBe(
      [
        'position,token,company_name,arrival_at,requested_eur,cumulative_eur,status,decided_by',
        `1,${t(8, '-')},Iota S.r.l.,,200.00,200.00,NCD,`,
        `2,${t(7)},Theta S.r.l.,,100.00,300.00,NCD,`,
        `,${t(9)},Kappa S.r.l.,,300.00,,ANNULLATA,`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse(readFileSync(join(out, 'lists.json'), 'utf8'));
    expect(json.edition).toBe('isi2024');
    expect(json.resolution).toBe('ms');
    expect(
      json.lists.map((l: { region: string; axis: string; kind: string; allocationEur: string }) => [
        l.region,
        l.axis,
        l.kind,
        l.allocationEur,
      ]),
    ).toEqual([
      ['Lazio', '1.1', 'CLICK_DAY', '100.00'],
      ['Lombardia', '2', 'NCD', '1000.00'],
      ["Valle d'Aosta", '5.1', 'CLICK_DAY', '100.00'],
    ]);
    expect(json.lists[1].rows[2]).toEqual({
      position: null,
      token: t(9),
      company_name: 'Kappa S.r.l.',
      arrival_at: null,
      requested_eur: '300.00',
      cumulative_eur: null,
      status: 'ANNULLATA',
      decided_by: null,
      reason: 'Dati falsi sul rating di legalità',
    });
  });

  it('given the same inputs twice then the same bytes; --resolution s and --edition isi2012 change the ties', () => {
    const first = join(work, 'a');
    const second = join(work, 'b');
    const seconds = join(work, 's');
    expect(ops(['lists', 'compute', ...inputs(), '--out', first]).status).toBe(0);
    expect(
      ops(['lists', 'compute', ...inputs(), '--out', second, '--edition', 'isi2024', '--resolution', 'ms']).status,
    ).toBe(0);
    for (const name of readdirSync(first))
      expect(readFileSync(join(second, name))).toEqual(readFileSync(join(first, name)));
    expect(
      ops(['lists', 'compute', ...inputs(), '--out', seconds, '--resolution', 's', '--edition', 'isi2012']).status,
    ).toBe(0);
    const valle = readFileSync(join(seconds, 'valle-d-aosta_5.1.csv'), 'utf8').split('\n');
    // Same second, same amounts, same workers and CCIAA date: the token decides (…0a before …0b).
    expect(valle[1]).toMatch(/^1,\+0+a,Lambda S\.r\.l\.,2026-10-26T09:00:02\.999Z,70\.00,70\.00,UTILE,$/);
    expect(valle[2]).toMatch(/^2,\+0+b,Mu S\.r\.l\.,2026-10-26T09:00:02\.001Z,70\.00,140\.00,CARENZA_FONDI,token$/);
    expect(JSON.parse(readFileSync(join(seconds, 'lists.json'), 'utf8'))).toMatchObject({
      edition: 'isi2012',
      resolution: 's',
    });
  });

  it('given bad input then exit 1, every problem on stderr with file and line, and nothing written', () => {
    const annulments = join(work, 'annulments.csv');
    const t = (n: number) => `+${n.toString(16).padStart(64, '0')}`;
    writeFileSync(annulments, `token,reason,annulled_at\n${t(99)},Ignoto,2026-10-27T10:00:00Z\n${t(1)},,ieri\n`);
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(annulments), '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('file annullamenti, riga 3, colonna reason: motivo dell’annullamento mancante');
    expect(run.stderr).toContain('file annullamenti, riga 3, colonna annulled_at:');
    expect(run.stderr).toContain('Nessun file scritto');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work)).toEqual(['annulments.csv']);
  });

  it('given an unknown token and a region × axis without allocation then exit 1 naming both', () => {
    const annulments = join(work, 'annulments.csv');
    const allocations = join(work, 'allocations.csv');
    writeFileSync(annulments, `token,reason,annulled_at\n+${'9'.repeat(64)},Ignoto,2026-10-27T10:00:00Z\n`);
    writeFileSync(allocations, 'region,axis,allocation_eur\nLazio,1.1,100.00\nLombardia,2,1000\n');
    const args = ['--applications', fixture('applications.csv'), '--sends', fixture('sends.csv')];
    const run = ops([
      'lists',
      'compute',
      ...args,
      '--allocations',
      allocations,
      '--annulments',
      annulments,
      '--out',
      join(work, 'out'),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/file annullamenti, riga 2, colonna token: codice identificativo sconosciuto \+9{64}/);
    expect(run.stderr).toContain("file stanziamenti: manca lo stanziamento per Valle d'Aosta, asse 5.1 (2 domande)");
    expect(existsSync(join(work, 'out'))).toBe(false);
  });

  it('given a missing file or an unknown edition then exit 1; an output folder with other files is refused untouched', () => {
    const missing = ops(['lists', 'compute', ...inputs(join(work, 'nope.csv')), '--out', join(work, 'out')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('file inesistente');
    const edition = ops(['lists', 'compute', ...inputs(), '--edition', 'isi1999', '--out', join(work, 'out')]);
    expect(edition.status).toBe(1);
    expect(edition.stderr).toContain('Valori ammessi: isi2024, isi2012');
    const busy = join(work, 'busy');
    expect(ops(['lists', 'compute', ...inputs(), '--out', busy]).status).toBe(0);
    writeFileSync(join(busy, 'appunti.txt'), 'da non perdere');
    const refused = ops(['lists', 'compute', ...inputs(), '--out', busy]);
    expect(refused.status).toBe(1);
    expect(readFileSync(join(busy, 'appunti.txt'), 'utf8')).toBe('da non perdere');
    expect(existsSync(join(work, 'out'))).toBe(false);
  });

  it('given an earlier set of lists in --out then it is replaced by the new one', () => {
    const out = join(work, 'out');
    expect(ops(['lists', 'compute', ...inputs(), '--out', out]).status).toBe(0);
    const allocations = join(work, 'allocations.csv');
    writeFileSync(
      allocations,
      "region,axis,allocation_eur\nLazio,1.1,100.00\nLombardia,2,1000\nValle d'Aosta,5.1,140.00\n",
    );
    const args = ['--applications', fixture('applications.csv'), '--sends', fixture('sends.csv')];
    expect(ops(['lists', 'compute', ...args, '--allocations', allocations, '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'valle-d-aosta_5.1.csv'), 'utf8')).toContain(',NCD,');
    expect(readdirSync(work).sort()).toEqual(['allocations.csv', 'out']);
  });
});
