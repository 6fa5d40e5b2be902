/** A timetable around a fixed instant and a few applications, for the accounts unit tests. */
import type { ApplicationData } from '#domain/kernel/application';
import type { Timetable } from '#domain/kernel/timetable';
import { type FakeDeps, fakeDeps } from './accounts-fakes.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** 2026-10-20T08:00:00Z: registration is open (M2 was an hour ago). */
export const NOW = Date.parse('2026-10-20T08:00:00.000Z');

export const timetable = (m2: number): Timetable => {
  const moments = { m1: m2 - HOUR, m2, m3: m2 + 2 * HOUR, m4: m2 + 4 * HOUR, m5: m2 + 5 * HOUR, m6: m2 + 6 * HOUR };
  return { moments, registrationCloses: moments.m4 };
};

export const token = (digit: string, sign = '+') => `${sign}${digit.repeat(64)}`;
export const PEC = 'amministrazione@pec.impresa.it';

export const application = (t: string, extra: Partial<ApplicationData> = {}): ApplicationData => ({
  token: t,
  companyName: `Impresa ${t.slice(1, 5)}`,
  pec: PEC,
  region: 'Lazio',
  axis: '2',
  requestedCents: 10_000_00,
  projectCents: 20_000_00,
  registeredAt: '2026-06-01T10:00:00+02:00',
  cciaaDate: '2010-01-01',
  legalityRating: false,
  workers: 3,
  ...extra,
});

export const PASSWORD = 'Sportello#2026';
/** The participant's mobile number, E.164. */
export const PHONE = '+393331234567';
export const ctx = { sourceIp: '203.0.113.7' };
export const otherSource = { sourceIp: '198.51.100.9' };

export function world(): FakeDeps {
  const deps = fakeDeps(NOW);
  deps.config.setGlobal(timetable(NOW - HOUR));
  deps.applications.add(application(token('a')), application(token('b')), application(token('c')));
  return deps;
}

export const participantForm = (email: string, t: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  confirmPassword: PASSWORD,
  firstName: 'Maria',
  lastName: 'Rossi',
  token: t,
  ...extra,
});

/** The error code a promise rejects with (fails the test if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `untyped: ${(error as Error).message}`;
  }
  throw new Error('expected a refusal, got a success');
}
