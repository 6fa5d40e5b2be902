import { DynamoAudit } from '#adapters/dynamodb/audit';
import { DynamoConfig } from '#adapters/dynamodb/config';
import type { Timetable } from '#domain/kernel/timetable';
import { scopeCandidates } from '#domain/kernel/timetable';
import { createTestTables, type TestTables } from './helpers/tables.ts';

let t: TestTables;
let audit: DynamoAudit;
let config: DynamoConfig;

beforeAll(async () => {
  t = await createTestTables('auditcfg');
  audit = new DynamoAudit(t.clients.documents, t.names.audit);
  config = new DynamoConfig(t.clients.documents, t.names.config);
});
afterAll(() => t?.drop());

describe('audit (R20): append-only, time-ordered', () => {
  test('100 entries in the same millisecond all survive, each with its own id, read back in time order', async () => {
    const at = '2026-10-26T09:00:00.000Z';
    const records = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        audit.append({ kind: 'SEND', at, actor: `sub-${i}`, subject: `token-${i}` }),
      ),
    );
    expect(new Set(records.map((r) => r.id)).size).toBe(100);
    await audit.append({ kind: 'LOGIN', at: '2026-10-26T08:59:59.999Z', actor: 'early' });
    await audit.append({ kind: 'LOGIN', at: '2026-10-27T00:00:00.000Z', actor: 'next-day' });

    const day = await audit.listDay('2026-10-26');
    expect(day).toHaveLength(101);
    expect(day[0]?.actor).toBe('early');
    expect(day.map((r) => r.id)).toEqual([...day.map((r) => r.id)].sort());
    expect(day.find((r) => r.actor === 'sub-7')).toMatchObject({ kind: 'SEND', subject: 'token-7', at });
  });

  test('evidence is listable on its own and also part of the day trail', async () => {
    const entry = {
      kind: 'SESSION_OVERLAP',
      at: '2026-10-25T09:00:00.000Z',
      actor: 'system',
      subject: 'sub-x',
      data: { previous: { ip: '198.51.100.1' }, current: { ip: '198.51.100.2' } },
    };
    const record = await audit.appendEvidence(entry);
    expect(await audit.listEvidence()).toEqual([{ ...entry, id: record.id }]);
    expect((await audit.listDay('2026-10-25')).map((r) => r.id)).toEqual([record.id]);
  });
});

describe('configuration', () => {
  const timetable = (offsetMs: number): Timetable => {
    const b = Date.UTC(2026, 9, 1, 8) + offsetMs;
    const moments = { m1: b, m2: b + 1e6, m3: b + 2e6, m4: b + 3e6, m5: b + 4e6, m6: b + 5e6 };
    return { moments, registrationCloses: moments.m3 };
  };

  test('timetables by scope: stored, read back exactly, fetched by candidate keys, removable', async () => {
    expect(await config.timetables()).toEqual(new Map());
    await config.setTimetable({}, timetable(0));
    await config.setTimetable({ region: 'Lazio' }, timetable(1));
    await config.setTimetable({ region: 'Lazio', axis: '2' }, timetable(2));
    await config.setTimetable({ axis: '5.1' }, timetable(3));

    const all = await config.timetables();
    expect([...all.keys()].sort()).toEqual(['AXIS#5.1', 'GLOBAL', 'REGION#Lazio', 'REGION#Lazio#AXIS#2']);
    expect(all.get('REGION#Lazio#AXIS#2')).toEqual(timetable(2));

    const forToscana = await config.timetablesFor(scopeCandidates('Toscana', '5.1'));
    expect([...forToscana.keys()].sort()).toEqual(['AXIS#5.1', 'GLOBAL']);

    await config.removeTimetable({ region: 'Lazio' });
    expect((await config.timetables()).has('REGION#Lazio')).toBe(false);
  });

  test('a timetable that breaks the moment order is refused before it is stored', async () => {
    const bad = timetable(0);
    bad.moments.m5 = bad.moments.m4 - 1;
    await expect(config.setTimetable({ region: 'Molise' }, bad)).rejects.toThrow();
    expect((await config.timetables()).has('REGION#Molise')).toBe(false);
  });

  test('allocations are replaced as a whole; the edition is stored', async () => {
    await config.replaceAllocations([
      { region: 'Lazio', axis: '2', allocationCents: 100_000_00 },
      { region: 'Puglia', axis: '1.1', allocationCents: 50_000_00 },
    ]);
    await config.replaceAllocations([{ region: 'Lazio', axis: '2', allocationCents: 120_000_00 }]);
    expect(await config.allocations()).toEqual([{ region: 'Lazio', axis: '2', allocationCents: 120_000_00 }]);

    expect(await config.edition()).toBeUndefined();
    await config.setEdition('isi2012');
    expect(await config.edition()).toBe('isi2012');
  });
});
