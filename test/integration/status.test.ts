/**
 * `GET /sportello/status` and `GET /health` through the running local cloud (gateway → real handler → DynamoDB
 * Local), and health's refusal when a table is missing. The timetable used here is scoped to one region × axis that
 * no other test uses, and removed afterwards: the cloud is shared by the whole integration run.
 */
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { scopeKey } from '#domain/kernel/timetable';
import { checkTables } from '#adapters/dynamodb/health';
import { healthRoute } from '#http/routes/health';
import { tableNames } from '#http/env';
import { httpHandler } from '#http/handler';
import { TABLES, type TableId } from '#catalogue/resources';
import { api } from './helpers/cloud.ts';

const SCOPE = { region: 'Provincia autonoma di Trento', axis: '5.2' } as const;
const QUERY = '?region=provincia-autonoma-di-trento&axis=5.2';

let config: DynamoConfig;
let tables: Record<TableId, string>;
const documents = () => buildClients().documents;

beforeAll(() => {
  tables = tableNames(Object.keys(TABLES) as TableId[]);
  config = new DynamoConfig(documents(), tables.config);
});
afterAll(() => config?.removeTimetable(SCOPE));

interface Status {
  phase: string;
  serverTime: string;
  registrationCloses: string | null;
  moments: Record<string, string> | null;
}

function timetableAround(now: number, phase: 'OPEN' | 'WAITING_ROOM') {
  const m5 = phase === 'OPEN' ? now - 60_000 : now + 60_000;
  const moments = { m1: m5 - 4e6, m2: m5 - 3e6, m3: m5 - 2e6, m4: m5 - 1e6, m5, m6: m5 + 3_600_000 };
  return { moments, registrationCloses: moments.m3 };
}

describe('GET /sportello/status through the local gateway', () => {
  test('given a scoped timetable, then the phase, moments and server time answer for that scope, cacheable 1 s', async () => {
    const now = Date.now();
    const timetable = timetableAround(now, 'OPEN');
    await config.setTimetable(SCOPE, timetable);

    const before = Date.now();
    const res = await api<Status>(`/sportello/status${QUERY}`);
    const after = Date.now();

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=1');
    expect(res.body.phase).toBe('OPEN');
    expect(res.body.moments).toEqual({
      m1: new Date(timetable.moments.m1).toISOString(),
      m2: new Date(timetable.moments.m2).toISOString(),
      m3: new Date(timetable.moments.m3).toISOString(),
      m4: new Date(timetable.moments.m4).toISOString(),
      m5: new Date(timetable.moments.m5).toISOString(),
      m6: new Date(timetable.moments.m6).toISOString(),
    });
    expect(res.body.registrationCloses).toBe(new Date(timetable.registrationCloses).toISOString());
    const server = Date.parse(res.body.serverTime);
    expect(res.body.serverTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(server).toBeGreaterThanOrEqual(before - 5);
    expect(server).toBeLessThanOrEqual(after + 5);
  });

  test('given the operator changes the timetable, then the very next request sees it (no stale cache in Lambda)', async () => {
    await config.setTimetable(SCOPE, timetableAround(Date.now(), 'OPEN'));
    expect((await api<Status>(`/sportello/status${QUERY}`)).body.phase).toBe('OPEN');
    await config.setTimetable(SCOPE, timetableAround(Date.now(), 'WAITING_ROOM'));
    expect((await api<Status>(`/sportello/status${QUERY}`)).body.phase).toBe('WAITING_ROOM');
  });

  test('given an unknown region or axis, then 400 VALIDATION names the parameter', async () => {
    const res = await api<{ error: { code: string; fields: { path: string; message: string }[] } }>(
      '/sportello/status?region=Atlantide&axis=2',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.fields).toEqual([{ path: 'region', message: expect.stringContaining('Atlantide') }]);
  });

  test('the scope key the status route reads is the one the operator writes', () => {
    expect(scopeKey(SCOPE)).toBe('REGION#Provincia autonoma di Trento#AXIS#5.2');
  });
});

describe('GET /health', () => {
  test('given every table answers, then 200 ok', async () => {
    const res = await api<{ status: string }>('/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
    await expect(checkTables({ documents: documents(), tables })).resolves.toBeUndefined();
  });

  test('given one table is missing, then 503 UNAVAILABLE with retry-after, and no AWS error name in the body', async () => {
    const handler = httpHandler(
      {
        'GET /health': healthRoute(() =>
          checkTables({ documents: documents(), tables: { ...tables, sends: 'sportello-missing-sends' } }),
        ),
      },
      { log: { error: () => {}, warn: () => {} } },
    );
    const res = await handler(
      {
        resource: '/health',
        httpMethod: 'GET',
        headers: {},
        requestContext: { requestTimeEpoch: Date.now(), identity: { sourceIp: '127.0.0.1' } },
      } as never,
      {} as never,
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(res.body).error.code).toBe('UNAVAILABLE');
    expect(res.body).not.toMatch(/ResourceNotFound|sportello-missing/);
  });
});
