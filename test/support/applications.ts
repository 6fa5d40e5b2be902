import { randomBytes } from 'node:crypto';
import type { ApplicationData } from '#domain/kernel/application';
import type { SendRecord } from '#domain/counter/ledger';

export const newToken = (sign: '+' | '-' = '+') => `${sign}${randomBytes(32).toString('hex')}`;

export function application(overrides: Partial<ApplicationData> = {}): ApplicationData {
  return {
    token: newToken(),
    companyName: 'Officine Rossi S.r.l.',
    pec: 'Officine.Rossi@PEC.example.it',
    region: 'Lazio',
    axis: '2',
    requestedCents: 12_000_000,
    projectCents: 20_000_000,
    registeredAt: '2026-05-10T09:15:00+02:00',
    cciaaDate: '1998-03-02',
    legalityRating: true,
    workers: 12,
    ...overrides,
  };
}

export function sendOf(token: string, participantSub: string, n: number): SendRecord {
  return {
    token,
    participantSub,
    receiptId: `R-${n}-${randomBytes(4).toString('hex')}`,
    arrivalTime: new Date(Date.UTC(2026, 9, 26, 9, 0, 0, n)).toISOString(),
    region: 'Lazio',
    axis: '2',
    sessionId: `session-${n}`,
  };
}
