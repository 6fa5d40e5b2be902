import { BadInput } from '#ops/cli';
import { parseSetOptions } from '#ops/timetable';

const good = {
  m1: '2026-10-01T08:00:00Z',
  m2: '2026-10-02T10:00:00+02:00',
  m3: '2026-10-10T08:00:00Z',
  m4: '2026-10-26T09:30:00+01:00',
  m5: '2026-10-26T10:00:00Z',
  m6: '2026-10-26T12:00:00+0100',
};

function problems(options: Parameters<typeof parseSetOptions>[0]): readonly string[] {
  try {
    parseSetOptions(options);
  } catch (error) {
    if (error instanceof BadInput) return error.problems;
    throw error;
  }
  return [];
}

describe('timetable set options', () => {
  test('given instants with Z or offsets and a scope by slug, then UTC milliseconds and the canonical scope', () => {
    const { scope, timetable } = parseSetOptions({ ...good, region: 'valle-d-aosta', axis: '5.1' });
    expect(scope).toEqual({ region: "Valle d'Aosta", axis: '5.1' });
    expect(timetable.moments.m2).toBe(Date.parse('2026-10-02T08:00:00Z'));
    expect(timetable.moments.m6).toBe(Date.parse('2026-10-26T11:00:00Z'));
    expect(timetable.registrationCloses).toBe(timetable.moments.m4);
  });

  test('given several mistakes, then every one is reported at once', () => {
    const found = problems({
      ...good,
      m2: '2026-10-02T10:00:00',
      m5: undefined,
      axis: '6',
      registrationCloses: '2027-01-01T00:00:00Z',
    });
    expect(found).toEqual([
      'Mancano i momenti: --m5.',
      '--axis: asse sconosciuto "6" (valori ammessi: 1.1, 1.2, 2, 3, 4, 5.1, 5.2).',
      expect.stringMatching(/^--m2: L'istante "2026-10-02T10:00:00" non indica il fuso orario/),
      'Tabella temporale non modificata.',
    ]);
  });

  test('given moments out of order or a closing outside M2..M6, then the offending option is named', () => {
    expect(problems({ ...good, m4: '2026-10-26T11:30:00Z' })).toContain(
      '--m5: Il Momento 5 deve essere successivo al Momento 4.',
    );
    expect(problems({ ...good, registrationCloses: '2026-09-01T00:00:00Z' })).toContain(
      '--registration-closes: La chiusura delle registrazioni deve cadere tra il Momento 2 e il Momento 6 compresi.',
    );
  });
});
