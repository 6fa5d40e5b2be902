/**
 * The e2e cloud as the operator and the tests see it: the endpoints file of the global setup, made the current one
 * for this test file's process (ops commands read `SPORTELLO_ENDPOINTS`), and what a person reads in the outbox.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEndpoints } from '#local/endpoints';
import { importApplications } from '#ops/import';
import { runListsCompute } from '#ops/lists/compute';
import { publishLists } from '#ops/lists/publish';
import { setTimetable } from '#ops/timetable';
import { withLockFolder } from '../../support/lock-folder.ts';

export function useE2eCloud(): { url: string } {
  const file = process.env.SPORTELLO_E2E_ENDPOINTS;
  if (!file) throw new Error('SPORTELLO_E2E_ENDPOINTS is not set: run the e2e project through jest (global setup)');
  const endpoints = readEndpoints(file);
  // jest gives each test file its own copy of process.env: this does not leak into other projects' tests.
  process.env.SPORTELLO_ENDPOINTS = file;
  Object.assign(process.env, endpoints.env);
  return { url: endpoints.url };
}

export interface OutboxMessage {
  to: string;
  channel: 'email' | 'sms';
  code: string | null;
  body: string;
}

/** The newest code sent to `to` once at least `count` messages are there (newest first). */
export async function codeFor(url: string, to: string, count = 1): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${url}/api/local/outbox?to=${encodeURIComponent(to)}`);
    const messages = (await response.json()) as OutboxMessage[];
    if (messages.length >= count && messages[0]?.code) return messages[0].code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${to}`);
}

export async function outboxCount(url: string, to: string): Promise<number> {
  const response = await fetch(`${url}/api/local/outbox?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as OutboxMessage[]).length;
}

export async function postJson<T = unknown>(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Runs an operator command without its report on stdout (the test asserts on what the pages show instead). */
export async function quietly<T>(command: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await command();
  } finally {
    process.stdout.write = write;
  }
}

/**
 * Computes the lists of a folder of `test/fixtures` — provisional, or definitive with its `outcomes.csv` — and
 * publishes them in the e2e cloud, so that a test file does not rely on another one having published. Publications
 * of the e2e files take turns (a lock folder beside the run's endpoints file): `lists publish` refuses to start while
 * another publication holds the stage.
 */
export async function publishFixtureLists(folder = 'lists', definitive = false): Promise<void> {
  const fixtures = join(__dirname, '..', '..', 'fixtures', folder);
  const out = mkdtempSync(join(tmpdir(), 'sportello-e2e-lists-'));
  try {
    await quietly(() =>
      runListsCompute({
        applications: join(fixtures, 'applications.csv'),
        sends: join(fixtures, 'sends.csv'),
        allocations: join(fixtures, 'allocations.csv'),
        annulments: join(fixtures, 'annulments.csv'),
        ...(definitive ? { definitive, outcomes: join(fixtures, 'outcomes.csv') } : {}),
        edition: 'isi2024',
        resolution: 'ms',
        out,
      }),
    );
    const endpoints = process.env.SPORTELLO_E2E_ENDPOINTS as string;
    await withLockFolder(`${endpoints}.publishing`, () => quietly(() => publishLists(out, {})));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface SeedApplication {
  token: string;
  company: string;
  pec: string;
  region: string;
  axis: string;
}

/** Loads applications with the operator's own command (`ops import applications`). */
export async function importWithOps(apps: SeedApplication[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-e2e-csv-'));
  const file = join(dir, 'applications.csv');
  const header =
    'token,company_name,pec,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers';
  const rows = apps.map(
    (a) =>
      `${a.token},${a.company},${a.pec},${a.region},${a.axis},50000.00,90000.00,2026-05-10T09:15:00+02:00,2001-03-02,true,5`,
  );
  writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
  try {
    await quietly(() => importApplications(file, {}));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ops timetable set` with moments given as ms from now: the global timetable, or with `scope` the one of a region
 * and/or axis (R2b), which lets a test file move its own applications through the phases without touching the others.
 */
export async function timetableFromNow(
  offsetsMs: [number, number, number, number, number, number],
  scope: { region?: string; axis?: string } = {},
): Promise<void> {
  const now = Date.now();
  const [m1, m2, m3, m4, m5, m6] = offsetsMs.map((o) => new Date(now + o).toISOString());
  await quietly(() => setTimetable({ m1, m2, m3, m4, m5, m6, ...scope } as Parameters<typeof setTimetable>[0]));
}

export interface Account {
  email: string;
  password: string;
  /** E.164. */
  phone: string;
}

/**
 * A complete account made through the API as a person would through the pages: registration, the e-mail code, the
 * first login with the phone and its SMS code (for tests whose subject is what comes after).
 */
export async function registerByApi(
  url: string,
  portal: 'participant' | 'admin',
  account: Account,
  extra: { token?: string } = {},
): Promise<void> {
  const address = portal === 'admin' ? { pec: account.email } : { email: account.email, token: extra.token };
  const registered = await postJson(url, `/${portal}/register`, {
    ...address,
    password: account.password,
    confirmPassword: account.password,
    firstName: 'Giulia',
    lastName: 'Verdi',
  });
  if (registered.status !== 201) throw new Error(`register ${portal}: ${JSON.stringify(registered)}`);
  const confirmed = await postJson(url, `/${portal}/register/confirm`, {
    email: account.email,
    code: await codeFor(url, account.email),
  });
  if (confirmed.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirmed)}`);
  const login = await postJson<{ session: string }>(url, '/auth/login', {
    portal,
    email: account.email,
    password: account.password,
  });
  const setup = await postJson<{ session: string }>(url, '/auth/mfa/setup', {
    portal,
    session: login.body.session,
    phone: account.phone,
  });
  const tokens = await postJson(url, '/auth/mfa', {
    portal,
    session: setup.body.session,
    code: await codeFor(url, account.phone),
  });
  if (tokens.status !== 200) throw new Error(`mfa: ${JSON.stringify(tokens)}`);
}

/** A login through the API (password + SMS code): the access token, for the administrator's calls. */
export async function loginByApi(url: string, portal: 'participant' | 'admin', account: Account): Promise<string> {
  const before = await outboxCount(url, account.phone);
  const login = await postJson<{ session: string }>(url, '/auth/login', {
    portal,
    email: account.email,
    password: account.password,
  });
  const tokens = await postJson<{ accessToken: string }>(url, '/auth/mfa', {
    portal,
    session: login.body.session,
    code: await codeFor(url, account.phone, before + 1),
  });
  if (tokens.status !== 200) throw new Error(`login: ${JSON.stringify(tokens)}`);
  return tokens.body.accessToken;
}

/** A random Italian mobile number (R6: one phone per registration and portal, so each account gets its own). */
export function freshPhone(): string {
  return `+39347${String(randomInt(1e7)).padStart(7, '0')}`;
}
