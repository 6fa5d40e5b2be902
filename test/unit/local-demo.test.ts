import { parseRegion } from '#domain/kernel/geography';
import { phaseAt, TimetableSchema } from '#domain/kernel/timetable';
import { TOKEN_PATTERN } from '#domain/kernel/token';
import { demoData, demoTimetable, romeIso } from '#local/demo/data';

describe('demo data', () => {
  const data = demoData(Date.parse('2026-11-24T06:00:00Z'));

  test('given a demo set, then about 200 valid applications over at least 3 regions and 3 axes', () => {
    expect(data.applications.length).toBeGreaterThanOrEqual(180);
    expect(new Set(data.applications.map((a) => a.region)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(data.applications.map((a) => a.axis)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(data.applications.map((a) => a.token)).size).toBe(data.applications.length);
    for (const a of data.applications) {
      expect(a.token).toMatch(TOKEN_PATTERN);
      expect(a.pec).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*@pec\.it$/);
      expect(parseRegion(a.region)).toBe(a.region);
      expect(a.requestedCents).toBeGreaterThan(0);
      expect(a.projectCents).toBeGreaterThanOrEqual(a.requestedCents);
      expect(a.registeredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
      expect(a.cciaaDate).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });

  test('given the allocations, then most lists are over-subscribed and at least one is NCD', () => {
    const requested = (region: string, axis: string) =>
      data.applications.filter((a) => a.region === region && a.axis === axis).reduce((s, a) => s + a.requestedCents, 0);
    const ncd = data.allocations.filter((l) => requested(l.region, l.axis) <= l.allocationCents);
    expect(ncd.length).toBeGreaterThanOrEqual(1);
    expect(data.allocations.length - ncd.length).toBeGreaterThan(ncd.length);
  });

  test('given a company on two axes, then both applications carry the same PEC and never share a list', () => {
    const byPec = new Map<string, string[]>();
    for (const a of data.applications) byPec.set(a.pec, [...(byPec.get(a.pec) ?? []), `${a.region}#${a.axis}`]);
    for (const lists of byPec.values()) expect(new Set(lists).size).toBe(lists.length);
  });
});

describe('demo timetable', () => {
  test.each([[{ m4: 2, m5: 5, m6: 25 }], [{ m4: 0, m5: 1, m6: 2 }], [{ m4: 0.5, m5: 0.75, m6: 1 }]])(
    'given %o, then a valid timetable in which registration is open now',
    (minutes) => {
      const now = Date.parse('2026-11-24T06:00:00Z');
      const timetable = TimetableSchema.parse(demoTimetable(now, minutes));
      expect(timetable.moments.m4).toBe(now + minutes.m4 * 60_000);
      expect(timetable.moments.m5).toBe(now + minutes.m5 * 60_000);
      expect(phaseAt(timetable, now - 1)).toBe(minutes.m4 === 0 ? 'PRE_COUNTER' : 'REGISTRATION');
      expect(phaseAt(timetable, timetable.moments.m5)).toBe('OPEN');
    },
  );
});

test('romeIso writes the instant with Rome offset (winter +01:00, summer +02:00)', () => {
  expect(romeIso(Date.parse('2026-01-15T09:00:00.000Z'))).toBe('2026-01-15T10:00:00.000+01:00');
  expect(romeIso(Date.parse('2026-07-15T09:00:00.000Z'))).toBe('2026-07-15T11:00:00.000+02:00');
});
