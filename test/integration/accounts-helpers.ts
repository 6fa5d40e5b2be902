/**
 * Helpers for the accounts flows through the running local cloud: requests with a chosen source address
 * (`X-Forwarded-For`, honoured from loopback as CloudFront's viewer address), codes read from the outbox, seeded
 * applications and a registration window scoped to a region × axis no other test uses.
 */
import { randomBytes } from 'node:crypto';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import type { ApplicationData } from '#domain/kernel/application';
import type { TimetableScope } from '#domain/kernel/timetable';
import { tableNames } from '#http/env';
import { application } from '../support/applications.ts';
import { type ApiResponse, api } from './helpers/cloud.ts';

export const PASSWORD = 'Sportello#2026';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: { path: string; message: string }[];
    lockedUntil?: string;
    attemptsLeft?: number;
    reason?: string;
  };
}

let sourceCounter = 0;
/** A fresh source address per caller, so per-source counters of one test never touch another's. */
export function newSource(): string {
  sourceCounter++;
  return `198.51.${100 + (process.pid % 50)}.${(sourceCounter % 250) + 1}`;
}

export function post<T = unknown>(
  path: string,
  body: unknown,
  source: string,
  token?: string,
): Promise<ApiResponse<T>> {
  return api<T>(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'x-forwarded-for': source, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

export function get<T = unknown>(path: string, source: string, token?: string): Promise<ApiResponse<T>> {
  return api<T>(path, {
    headers: { 'x-forwarded-for': source, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

interface OutboxMessage {
  to: string;
  channel: 'email' | 'sms';
  subject: string | null;
  body: string;
  code: string | null;
}

/** Messages to `to` in the outbox of the cloud under test, newest first, waiting until at least `count` are there. */
export async function outbox(to: string, count = 1): Promise<OutboxMessage[]> {
  for (let i = 0; i < 100; i++) {
    const { body } = await api<OutboxMessage[]>(`/local/outbox?to=${encodeURIComponent(to)}`);
    if (body.length >= count) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} outbox messages for ${to}`);
}

/**
 * The product's own notices to `to` (no Cognito code), newest first, at least `count`: they reach the outbox of the
 * cloud under test wherever Cognito runs.
 */
export async function notices(to: string, count = 1): Promise<OutboxMessage[]> {
  for (let i = 0; i < 100; i++) {
    const found = (await outbox(to)).filter((m) => m.code === null);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} notices for ${to}`);
}

/** Codes come from the pluggable source (outbox or codes table), never straight from the outbox. */
export { codeFor, codesSent } from './helpers/codes.ts';
import { codeFor } from './helpers/codes.ts';

export const uniqueAddress = (prefix: string) => `${prefix}.${randomBytes(5).toString('hex')}@example.it`;
export const uniquePhone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** Applications and an open registration window on their own region × axis; cleans up the window afterwards. */
export async function seed(scope: Required<TimetableScope>, apps: Partial<ApplicationData>[]) {
  const { documents } = buildClients();
  const tables = tableNames(['applications', 'config']);
  const data = apps.map((a) => application({ ...a, region: scope.region, axis: scope.axis }));
  await new DynamoApplications(documents, tables.applications).importMany(data);
  const config = new DynamoConfig(documents, tables.config);
  const now = Date.now();
  const m2 = now - 3_600_000;
  const moments = { m1: m2 - 3_600_000, m2, m3: now + 3_600_000, m4: now + 7_200_000, m5: now + 9e6, m6: now + 1e7 };
  await config.setTimetable(scope, { moments, registrationCloses: moments.m4 });
  return { data, config, close: () => config.removeTimetable(scope) };
}

/** Registration → confirmation → first login with phone enrolment; returns the session's tokens. */
export async function participantWithSession(email: string, token: string, phone: string, source: string) {
  const registered = await post('/participant/register', form(email, token), source);
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
  const confirmed = await post('/participant/register/confirm', { email, code: await codeFor(email) }, source);
  if (confirmed.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirmed.body)}`);
  return enrol('participant', email, phone, source);
}

export async function enrol(portal: 'participant' | 'admin', email: string, phone: string, source: string) {
  const login = await post<{ challenge: string; session: string }>(
    '/auth/login',
    { portal, email, password: PASSWORD },
    source,
  );
  if (login.body.challenge !== 'MFA_SETUP') throw new Error(`login: ${JSON.stringify(login.body)}`);
  const setup = await post('/auth/mfa/setup', { portal, session: login.body.session, phone }, source);
  if (setup.status !== 200) throw new Error(`setup: ${JSON.stringify(setup.body)}`);
  const done = await post<Tokens>(
    '/auth/mfa',
    { portal, session: login.body.session, code: await codeFor(phone) },
    source,
  );
  if (done.status !== 200) throw new Error(`mfa: ${JSON.stringify(done.body)}`);
  return done.body;
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
}

export const form = (email: string, token: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  confirmPassword: PASSWORD,
  firstName: 'Giulia',
  lastName: 'Verdi',
  token,
  ...extra,
});
