/**
 * `timetable set|show` through the CLI against the cloud's own config table, read back through the gateway's
 * `GET /sportello/status`: a change is visible to the very next request (no cache anywhere), a bad command changes
 * nothing. Scoped to Umbria × 4, which no other test uses, and removed afterwards (the cloud is shared).
 */
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { tableNames } from '#http/env';
import { api } from './helpers/cloud.ts';
import { runOps } from './helpers/ops.ts';

jest.setTimeout(60_000);

const SCOPE = { region: 'Umbria', axis: '4' } as const;
const STATUS = '/sportello/status?region=umbria&axis=4';
const ops = (...args: string[]) => runOps(args, process.env.SPORTELLO_ENDPOINTS as string);
const clients = buildClients();
const config = new DynamoConfig(clients.documents, tableNames(['config'] as const).config);

afterAll(async () => {
  await config.removeTimetable(SCOPE);
  clients.dynamo.destroy();
});

interface Status {
  phase: string;
  moments: Record<string, string> | null;
  registrationCloses: string | null;
}

const iso = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString();
const moments = (m5: number, m6: number) => [
  ...['--m1', iso(-50), '--m2', iso(-40), '--m3', iso(-30), '--m4', iso(-20)],
  ...['--m5', iso(m5), '--m6', iso(m6)],
];

describe('ops timetable', () => {
  test('given a timetable set for a region and axis, then the next status request shows it, and a change shows at once', async () => {
    const open = await ops('timetable', 'set', ...moments(-10, 60), '--region', 'umbria', '--axis', '4');
    expect(open).toMatchObject({ code: 0, stderr: '' });
    const first = await api<Status>(STATUS);
    expect(first.body.phase).toBe('OPEN');

    const closed = await ops('timetable', 'set', ...moments(-10, -5), '--region', 'Umbria', '--axis', '4');
    expect(closed.code).toBe(0);
    const second = await api<Status>(STATUS);
    expect(second.body.phase).toBe('CLOSED');
    expect(second.body.moments?.m6).toBe(closed.stdout.match(/Momento 6\s+(\S+)/)?.[1]);
  });

  test('given bad options, when set, then every problem is listed, exit 1, and the timetable is unchanged', async () => {
    const before = await api<Status>(STATUS);

    const bad = await ops(
      'timetable',
      'set',
      ...['--m1', iso(-50), '--m2', '2026-10-26T11:00:00', '--m3', iso(-60), '--m4', iso(-20), '--m5', 'domani'],
      ...['--region', 'Umbria', '--axis', '9'],
    );

    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Mancano i momenti: --m6/);
    expect(bad.stderr).toMatch(/--m2: .*non indica il fuso orario/);
    expect(bad.stderr).toMatch(/--m5: "domani" non è un istante/);
    expect(bad.stderr).toMatch(/--axis: asse sconosciuto "9"/);
    expect(bad.stdout).toBe('');
    expect((await api<Status>(STATUS)).body).toEqual({ ...before.body, serverTime: expect.any(String) });

    const show = await ops('timetable', 'show');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Tabella temporale per Umbria, asse 4 [REGION#Umbria#AXIS#4]');
  });
});
