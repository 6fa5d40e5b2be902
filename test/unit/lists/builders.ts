/** Test builders for the lists: tokens, application CSV rows and in-memory records with sensible defaults. */
import type { Application } from '#domain/lists/records';
import type { Token } from '#domain/kernel/token';

/** A valid token from a sign and a number: `tok(1)` → `+000…001`. */
export function tok(n: number, sign: '+' | '-' = '+'): Token {
  return `${sign}${n.toString(16).padStart(64, '0')}` as Token;
}

export const APPLICATIONS_HEADER =
  'token,company_name,pec,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers';

export interface ApplicationRow {
  token: string;
  company_name: string;
  pec: string;
  region: string;
  axis: string;
  requested_eur: string;
  project_eur: string;
  registered_at: string;
  cciaa_date: string;
  legality_rating: string;
  workers: string;
}

export function applicationRow(overrides: Partial<ApplicationRow> = {}): ApplicationRow {
  return {
    token: tok(1),
    company_name: 'Alfa S.r.l.',
    pec: 'alfa@pec.example.it',
    region: 'Lazio',
    axis: '1.1',
    requested_eur: '100.00',
    project_eur: '200.00',
    registered_at: '2026-03-01T10:00:00.000+01:00',
    cciaa_date: '2001-01-01',
    legality_rating: 'true',
    workers: '3',
    ...overrides,
  };
}

/** RFC 4180 quoting where needed. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function applicationsCsv(rows: ApplicationRow[]): string {
  const lines = rows.map((r) =>
    [
      r.token,
      r.company_name,
      r.pec,
      r.region,
      r.axis,
      r.requested_eur,
      r.project_eur,
      r.registered_at,
      r.cciaa_date,
      r.legality_rating,
      r.workers,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[APPLICATIONS_HEADER, ...lines].join('\n')}\n`;
}

let nextLine = 2;

/** An in-memory application; amounts in cents, instants in epoch ms. */
export function application(overrides: Partial<Application> = {}): Application {
  const registeredAtMs = overrides.registeredAtMs ?? Date.UTC(2026, 2, 1, 9);
  return {
    token: tok(1),
    companyName: 'Alfa S.r.l.',
    pec: 'alfa@pec.example.it',
    region: 'Lazio',
    axis: '1.1',
    requestedCents: 10_000,
    projectCents: 20_000,
    registeredAt: new Date(registeredAtMs).toISOString(),
    registeredAtMs,
    registeredAtNanos: 0,
    cciaaDate: '2001-01-01',
    legalityRating: true,
    workers: 3,
    line: nextLine++,
    ...overrides,
  };
}
