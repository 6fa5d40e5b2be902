/**
 * Helpers for the counter through the running local cloud: participants registered and logged in by the accounts
 * flow (accountsHelpers.ts, real outbox codes), a timetable of their own region × axis moved to the phase a test
 * needs, forms answered from the participant's own token.
 */
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { TimetableScope } from '#domain/kernel/timetable';
import { tableNames } from '#http/env';
import { newSource, participantWithSession, seed, uniqueAddress, uniquePhone } from './accounts-helpers.ts';

export interface FormField {
  name: string;
  label: string;
  length: number;
  positions: number[];
}
export interface FormBody {
  formId: string;
  fields: FormField[];
}
export interface ReceiptBody {
  receiptId: string;
  token: string;
  arrivalTime: string;
  firstSend?: boolean;
  signature: string;
}

export interface CounterParticipant {
  token: string;
  accessToken: string;
  source: string;
}

export function documents() {
  return buildClients().documents;
}

/** `count` applications on `scope`, each with a participant registered and logged in (one session each). */
export async function participantsOn(scope: Required<TimetableScope>, count: number) {
  const seeded = await seed(
    scope,
    Array.from({ length: count }, () => ({})),
  );
  const participants: CounterParticipant[] = [];
  for (const app of seeded.data) {
    const source = newSource();
    const tokens = await participantWithSession(uniqueAddress('partecipante'), app.token, uniquePhone(), source);
    participants.push({ token: app.token, accessToken: tokens.accessToken, source });
  }
  return { participants, close: seeded.close };
}

/** Moves the scope's timetable so that `now` falls in the wanted phase (minutes around now, far from any edge). */
export async function setPhase(
  scope: Required<TimetableScope>,
  phase: 'PRE_COUNTER' | 'WAITING_ROOM' | 'OPEN' | 'CLOSED',
) {
  const config = new DynamoConfig(documents(), tableNames(['config']).config);
  const now = Date.now();
  const h = 3_600_000;
  const offsets = {
    PRE_COUNTER: [-4, -3, -2, 1, 2, 3],
    WAITING_ROOM: [-4, -3, -2, -1, 2, 3],
    OPEN: [-5, -4, -3, -2, -1, 2],
    CLOSED: [-6, -5, -4, -3, -2, -1],
  }[phase];
  const [m1, m2, m3, m4, m5, m6] = offsets.map((o) => now + o * h) as [number, number, number, number, number, number];
  await config.setTimetable(scope, { moments: { m1, m2, m3, m4, m5, m6 }, registrationCloses: m3 });
}

export const answersFor = (form: FormBody, token: string) =>
  Object.fromEntries(form.fields.map((f) => [f.name, f.positions.map((p) => token[p - 1]).join('')]));

export function sendsLedger() {
  const tables = tableNames(['sends', 'applications']);
  return new DynamoSends(documents(), tables.sends, tables.applications);
}
