/**
 * End to end: `npx tsx bin/ops.ts lists compute --definitive …` on the CSV files of `test/fixtures/lists-definitive/`,
 * which hold the data set of R22d's hand-worked example (`test/unit/lists/redistribution/redistribution-example.test.ts`,
 * worked from SPEC's text before the engine ran): regions with surplus (Marche 1.1 with no application, Umbria 2 an
 * NCD list with a lapsed row, Lazio 5.2 with a lapsed row), lists that lapse, a national pool that funds some first
 * excluded rows and not others (axis 5.1, where two of them arrive in the same millisecond and registration decides),
 * axes 1.1 and 2 fully satisfied so that axis 5 receives, rounding with leftover cents, an annulled row.
 * The allocation table, the transfers and every definitive status must be the example's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/lists-definitive');
const fixture = (name: string) => join(FIXTURES, name);

function ops(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['tsx', 'bin/ops.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.replace(/npm warn.*\n/g, '') };
}

const inputs = (outcomes = fixture('outcomes.csv')) => [
  '--applications',
  fixture('applications.csv'),
  '--sends',
  fixture('sends.csv'),
  '--allocations',
  fixture('allocations.csv'),
  '--annulments',
  fixture('annulments.csv'),
  '--definitive',
  '--outcomes',
  outcomes,
];

/** Token of the fixture's row `n` (0-based, in the order the hand-worked example names them). */
const NAMES = [
  'L1a', 'L1b', 'L1c', 'L1d', 'L1x', 'U1a', 'U1b', 'U1c', 'L2a', 'L2b', 'L2c', 'U2a', 'U2b', 'L5a', 'L5b', 'L5c',
  'L5d', 'U5a', 'U5b', 'U5c', 'L52a', 'L52b', 'L52z', 'U52a', 'U52b',
]; // prettier-ignore
const nameOf = new Map(NAMES.map((name, i) => [`+${(0xd0 + i).toString(16).padStart(64, '0')}`, name]));

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sportello-definitive-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));
jest.setTimeout(60_000);

interface JsonList {
  region: string;
  axis: string;
  allocationEur: string;
  newAllocationEur: string;
  kind: string;
  rows: { token: string; status: string; provisional_status: string }[];
}

describe('ops lists compute --definitive on the hand-worked data set', () => {
  it('gives the allocation table, the transfers and the definitive statuses of the example', () => {
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(), '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'allocation-table.csv',
      'allocation-table.json',
      'lazio_1.1.csv',
      'lazio_2.csv',
      'lazio_5.1.csv',
      'lazio_5.2.csv',
      'lists.json',
      'transfers.csv',
      'transfers.json',
      'umbria_1.1.csv',
      'umbria_2.csv',
      'umbria_5.1.csv',
      'umbria_5.2.csv',
    ]);
    // Nuovo stanziamento a seguito della redistribuzione: the example's table, in allocations-file order.
    expect(readFileSync(join(out, 'allocation-table.csv'), 'utf8')).toBe(
      [
        'region,axis,initial_eur,new_eur,difference_eur',
        'Lazio,1.1,1000.00,1150.00,150.00',
        'Umbria,1.1,500.00,700.00,200.00',
        'Marche,1.1,300.01,0.00,-300.01',
        'Lazio,2,400.00,470.00,70.00',
        'Umbria,2,600.00,100.00,-500.00',
        'Lazio,5.1,700.00,950.00,250.00',
        'Umbria,5.1,300.00,510.01,210.01',
        'Lazio,5.2,200.00,50.00,-150.00',
        'Umbria,5.2,100.00,170.00,70.00',
        '',
      ].join('\n'),
    );
    const transfers = readFileSync(join(out, 'transfers.csv'), 'utf8').trim().split('\n');
    expect(transfers[0]).toBe('from,to,pass,amount_eur');
    expect(transfers.slice(1, 6)).toEqual([
      'Marche|1.1,pool:1.1,1,300.01',
      'pool:1.1,Lazio|1.1,1,200.01',
      'pool:1.1,Umbria|1.1,1,100.00',
      'Umbria|2,pool:2,1,500.00',
      'pool:2,Lazio|2,1,500.00',
    ]);
    expect(transfers).toContain('pool:1.1,pool:G5,4,380.01');
    expect(transfers).toHaveLength(1 + 42);

    const lists = (
      JSON.parse(readFileSync(join(out, 'lists.json'), 'utf8')) as { definitive: boolean; lists: JsonList[] }
    ).lists;
    const statuses = Object.fromEntries(
      lists.map((l) => [`${l.region}|${l.axis}`, l.rows.map((r) => `${nameOf.get(r.token)} ${r.status}`)]),
    );
    expect(statuses).toEqual({
      'Lazio|1.1': ['L1a AMMISSIBILE_DEFINITIVA', 'L1b DECADUTA', 'L1c SUBENTRATA', 'L1d SUBENTRATA', 'L1x ANNULLATA'],
      'Lazio|2': ['L2a AMMISSIBILE_DEFINITIVA', 'L2b AMMISSIBILE_DEFINITIVA', 'L2c SUBENTRATA'],
      'Lazio|5.1': ['L5a AMMISSIBILE_DEFINITIVA', 'L5b AMMISSIBILE_DEFINITIVA', 'L5c SUBENTRATA', 'L5d SUBENTRATA'],
      'Lazio|5.2': ['L52a DECADUTA', 'L52b AMMISSIBILE_DEFINITIVA'],
      'Umbria|1.1': ['U1a AMMISSIBILE_DEFINITIVA', 'U1b AMMISSIBILE_DEFINITIVA', 'U1c SUBENTRATA'],
      'Umbria|2': ['U2a DECADUTA', 'U2b AMMISSIBILE_DEFINITIVA'],
      'Umbria|5.1': ['U5a AMMISSIBILE_DEFINITIVA', 'U5b SUBENTRATA', 'U5c NON_AMMISSIBILE_CARENZA_FONDI'],
      'Umbria|5.2': ['U52a AMMISSIBILE_DEFINITIVA', 'U52b SUBENTRATA'],
    });
    const umbria2 = lists.find((l) => l.region === 'Umbria' && l.axis === '2') as JsonList;
    expect([umbria2.kind, umbria2.rows.map((r) => r.provisional_status)]).toEqual(['NCD', ['NCD', 'NCD']]);
    expect(lists.map((l) => l.newAllocationEur)).toEqual([
      '1150.00',
      '470.00',
      '950.00',
      '50.00',
      '700.00',
      '100.00',
      '510.01',
      '170.00',
    ]);
    // Same inputs, same bytes.
    const again = join(work, 'again');
    expect(ops(['lists', 'compute', ...inputs(), '--out', again]).status).toBe(0);
    for (const name of readdirSync(out)) {
      expect(readFileSync(join(again, name), 'utf8')).toBe(readFileSync(join(out, name), 'utf8'));
    }
  });

  it('given a frozen R22a decision with the national rule then axis 2 is NCD everywhere and funds all its rows', () => {
    // Axis 2: 1000.00 allocated nationally, 770.00 asked: every list of the axis is NCD (Lazio 2 admits 470 > 400).
    const ncd = join(work, 'ncd.json');
    const decision = (region: string, allocation: number, requested: number, count: number) => ({
      region,
      axis: '2',
      ncd: true,
      rule: 'national',
      axisAllocationCents: 100000,
      axisRequestedCents: 77000,
      listAllocationCents: allocation,
      listRequestedCents: requested,
      applicationCount: count,
      frozenAt: '2026-10-26T08:00:00.000Z',
      frozenBy: 'scheduler',
    });
    writeFileSync(
      ncd,
      JSON.stringify({ lists: [decision('Lazio', 40000, 47000, 3), decision('Umbria', 60000, 30000, 2)] }),
    );
    const outcomes = join(work, 'outcomes.csv');
    const lazio2c = `+${(0xda).toString(16).padStart(64, '0')}`;
    writeFileSync(outcomes, `${readFileSync(fixture('outcomes.csv'), 'utf8')}${lazio2c},PERFEZIONATA,,\n`);
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(outcomes), '--ncd', ncd, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lazio2 = readFileSync(join(out, 'lazio_2.csv'), 'utf8').trim().split('\n');
    expect(lazio2.slice(1).map((line) => line.split(',').at(-2))).toEqual([
      'AMMISSIBILE_DEFINITIVA',
      'AMMISSIBILE_DEFINITIVA',
      'AMMISSIBILE_DEFINITIVA',
    ]);
    expect(readFileSync(join(out, 'allocation-table.csv'), 'utf8')).toContain('Lazio,2,400.00,470.00,70.00');
  });

  it('given an outcome for a row not in useful position then exit 1, the line named, nothing written', () => {
    const outcomes = join(work, 'outcomes.csv');
    const lazio1c = `+${(0xd2).toString(16).padStart(64, '0')}`;
    writeFileSync(outcomes, `${readFileSync(fixture('outcomes.csv'), 'utf8')}${lazio1c},PERFEZIONATA,,\n`);
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(outcomes), '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('file esiti, riga 16, colonna token:');
    expect(run.stderr).toContain('non è in posizione utile (CARENZA_FONDI)');
    expect(existsSync(out)).toBe(false);
  });

  it('given a missing outcome and a bad one then every problem is listed and nothing is written', () => {
    const outcomes = join(work, 'outcomes.csv');
    const lines = readFileSync(fixture('outcomes.csv'), 'utf8').trim().split('\n');
    writeFileSync(
      outcomes,
      `${[lines[0], ...lines.slice(2), lines[1]?.replace('PERFEZIONATA', 'FORSE')].join('\n')}\n`,
    );
    const out = join(work, 'out');
    const run = ops(['lists', 'compute', ...inputs(outcomes), '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('colonna outcome: esito non valido "FORSE"');
    expect(existsSync(out)).toBe(false);
    writeFileSync(outcomes, `${[lines[0], ...lines.slice(2)].join('\n')}\n`);
    const missing = ops(['lists', 'compute', ...inputs(outcomes), '--out', out]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/file esiti.*manca l'esito per \+0{62}d0 \(Lazio\|1\.1\)/);
    expect(existsSync(out)).toBe(false);
  });
});
