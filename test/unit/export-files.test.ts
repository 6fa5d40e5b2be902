import { allocationsCsv, annulmentsCsv, applicationsCsv, sendsCsv } from '#domain/lists/export-files';
import type { Application } from '#domain/kernel/application';
import { parseAllocations, parseAnnulments, parseApplications, parseSends } from '#domain/lists/records';

const app = (n: number, extra: Partial<Application> = {}): Application => ({
  token: `${n % 2 ? '+' : '-'}${n.toString(16).padStart(64, '0')}`,
  companyName: n === 1 ? 'Beta, Gamma & C. "La Nuova"\nS.n.c.' : `Azienda ${n}`,
  pec: `a${n}@pec.example.it`,
  region: "Valle d'Aosta",
  axis: '5.1',
  requestedCents: 1234505,
  projectCents: 7,
  registeredAt: '2026-03-01T10:00:00.123456+01:00',
  cciaaDate: '2001-02-03',
  legalityRating: n % 2 === 0,
  workers: n,
  ...extra,
});

describe('export files', () => {
  test('given applications, then the CSV parses back to the same data, ordered by token', () => {
    const apps = [app(3), app(1), app(2)];
    const parsed = parseApplications(applicationsCsv(apps));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records.map((r) => r.token)).toEqual([app(1), app(3), app(2)].map((a) => a.token));
    const one = parsed.records[0];
    expect(one).toMatchObject({
      companyName: app(1).companyName,
      requestedCents: 1234505,
      projectCents: 7,
      registeredAt: '2026-03-01T10:00:00.123456+01:00',
      registeredAtNanos: 456000,
      legalityRating: false,
      workers: 1,
    });
  });

  test('given sends, then arrival order, token order at equal times, milliseconds always printed', () => {
    const csv = sendsCsv([
      { token: app(2).token, arrivalTime: '2026-10-26T09:00:00.000Z' },
      { token: app(1).token, arrivalTime: '2026-10-26T09:00:00.000Z' },
      { token: app(3).token, arrivalTime: '2026-10-26T08:59:59.999Z' },
    ]);
    expect(csv).toBe(
      `token,arrival_at\n${app(3).token},2026-10-26T08:59:59.999Z\n${app(1).token},2026-10-26T09:00:00.000Z\n${app(2).token},2026-10-26T09:00:00.000Z\n`,
    );
    expect(parseSends(csv).ok).toBe(true);
  });

  test('given annulled and other applications, then only the annulled, by instant (offsets compared as instants), with reasons quoted as needed', () => {
    const csv = annulmentsCsv([
      app(1),
      app(2, { annulment: { reason: 'Dati falsi, "gravi"', annulledAt: '2026-10-27T11:00:00.000+01:00' } }),
      app(3, { annulment: { reason: 'Sessioni concorrenti', annulledAt: '2026-10-27T09:00:00.000Z' } }),
    ]);
    expect(csv).toBe(
      `token,reason,annulled_at\n${app(3).token},Sessioni concorrenti,2026-10-27T09:00:00.000Z\n${app(2).token},"Dati falsi, ""gravi""",2026-10-27T11:00:00.000+01:00\n`,
    );
    expect(parseAnnulments(csv).ok).toBe(true);
  });

  test('given allocations, then CONTRACT region order then axis order', () => {
    const csv = allocationsCsv([
      { region: 'Veneto', axis: '2', allocationCents: 100 },
      { region: 'Abruzzo', axis: '5.2', allocationCents: 5 },
      { region: 'Abruzzo', axis: '1.1', allocationCents: 123456 },
    ]);
    expect(csv).toBe('region,axis,allocation_eur\nAbruzzo,1.1,1234.56\nAbruzzo,5.2,0.05\nVeneto,2,1.00\n');
    expect(parseAllocations(csv).ok).toBe(true);
  });
});
