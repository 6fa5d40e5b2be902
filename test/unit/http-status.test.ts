import type { ConfigStore } from '#domain/kernel/config';
import { scopeKey, type Timetable } from '#domain/kernel/timetable';
import { statusRoute } from '#http/routes/status';
import { httpHandler } from '#http/handler';
import { lambdaContext, proxyEvent } from './http-event.ts';

const at = (iso: string) => Date.parse(iso);
const timetable = (m1: string, shiftMs = 0): Timetable => {
  const base = at(m1) + shiftMs;
  const moments = { m1: base, m2: base + 1e6, m3: base + 2e6, m4: base + 3e6, m5: base + 4e6, m6: base + 5e6 };
  return { moments, registrationCloses: moments.m4 };
};

/** In memory, like the DynamoDB adapter: only the asked-for scope keys come back. */
function memoryConfig(set: Map<string, Timetable>): ConfigStore {
  const unused = () => Promise.reject(new Error('not used by the status route'));
  return {
    timetables: async () => new Map(set),
    timetablesFor: async (keys) => new Map([...set].filter(([k]) => keys.includes(k))),
    setTimetable: unused,
    removeTimetable: unused,
    allocations: unused,
    replaceAllocations: unused,
    edition: unused,
    setEdition: unused,
  };
}

function status(set: Map<string, Timetable>) {
  const handler = httpHandler({ 'GET /sportello/status': statusRoute(memoryConfig(set)) });
  return async (query: Record<string, string> | null, arrival: number) => {
    const res = await handler(
      proxyEvent({ resource: '/sportello/status', query, requestTimeEpoch: arrival }),
      lambdaContext,
    );
    return { status: res.statusCode, headers: res.headers, json: JSON.parse(res.body) };
  };
}

describe('GET /sportello/status', () => {
  const global = timetable('2026-10-01T08:00:00.000Z');
  const lazio = timetable('2026-10-01T08:00:00.000Z', 2e6);
  const lazioAxis2 = timetable('2026-10-01T08:00:00.000Z', 4e6);
  const set = new Map([
    [scopeKey({}), global],
    [scopeKey({ region: 'Lazio' }), lazio],
    [scopeKey({ region: 'Lazio', axis: '2' }), lazioAxis2],
  ]);

  test('with no timetable at all: BEFORE_REGISTRATION, moments null, serverTime = the arrival instant', async () => {
    const res = await status(new Map())(null, at('2026-10-26T09:00:00.123Z'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      phase: 'BEFORE_REGISTRATION',
      serverTime: '2026-10-26T09:00:00.123Z',
      registrationCloses: null,
      moments: null,
    });
    expect(res.headers?.['cache-control']).toBe('public, max-age=1');
  });

  test('the most specific timetable applies: region + axis, then region, then global', async () => {
    const call = status(set);
    const probe = global.moments.m5 + 1; // OPEN globally; Lazio is shifted later
    expect((await call(null, probe)).json.phase).toBe('OPEN');
    const lazioRes = await call({ region: 'lazio' }, probe);
    expect(lazioRes.json.moments.m1).toBe(new Date(lazio.moments.m1).toISOString());
    expect(lazioRes.json.phase).toBe('PRE_COUNTER');
    const axisRes = await call({ region: 'Lazio', axis: '2' }, probe);
    expect(axisRes.json.moments.m1).toBe(new Date(lazioAxis2.moments.m1).toISOString());
    expect(axisRes.json.phase).toBe('BEFORE_REGISTRATION');
    expect(axisRes.json.registrationCloses).toBe(new Date(lazioAxis2.registrationCloses).toISOString());
    expect((await call({ region: 'Toscana', axis: '2' }, probe)).json.moments.m1).toBe(
      new Date(global.moments.m1).toISOString(),
    );
  });

  test('phase boundaries are half-open on the arrival instant', async () => {
    const call = status(new Map([[scopeKey({}), global]]));
    expect((await call(null, global.moments.m5 - 1)).json.phase).toBe('WAITING_ROOM');
    expect((await call(null, global.moments.m5)).json.phase).toBe('OPEN');
    expect((await call(null, global.moments.m6)).json.phase).toBe('CLOSED');
  });

  test('an unknown region or axis → 400 VALIDATION naming the parameter', async () => {
    const call = status(set);
    const res = await call({ region: 'Atlantide', axis: '9' }, at('2026-10-26T09:00:00.000Z'));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(res.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['region', 'axis']);
    expect(res.json.error.fields[0].message).toContain('Atlantide');
  });

  test("a region matches on its slug: valle-d-aosta is Valle d'Aosta", async () => {
    const vda = timetable('2026-11-01T08:00:00.000Z');
    const call = status(new Map([[scopeKey({ region: "Valle d'Aosta" }), vda]]));
    const res = await call({ region: 'valle-d-aosta' }, at('2026-10-26T09:00:00.000Z'));
    expect(res.json.moments.m1).toBe('2026-11-01T08:00:00.000Z');
  });
});
