/**
 * The API and gateway additions the portals are coded against (docs/portals.md "API additions"), checked on the real
 * answers with no shim: the token reset's reason, the attempts left, the arrival time and receipt of a company's
 * application, the wrong fields of WRONG_ANSWER and the receipt's signature status, the lists index's editions and
 * Italian CSV files.
 */
import { randomBytes } from 'node:crypto';
import {
  type Account,
  freshPhone,
  importWithOps,
  loginByApi,
  registerByApi,
  publishFixtureLists,
  timetableFromNow,
  useE2eCloud,
} from './helpers/cloud.ts';

jest.setTimeout(120_000);
const { url } = useE2eCloud();

const HOUR = 3_600_000;
const SCOPE = { region: 'Sicilia', axis: '1.2' };
const suffix = randomBytes(3).toString('hex');
const account = (name: string): Account => ({
  email: `${name}.${suffix}@example.it`,
  password: 'Sportello#2026',
  phone: freshPhone(),
});
const sender = { ...account('invio'), token: `+${randomBytes(32).toString('hex')}` };
const paid = { ...account('pagata'), token: `-${randomBytes(32).toString('hex')}` };
const resetOne = { ...account('annullato'), token: `-${randomBytes(32).toString('hex')}` };
const admin = { ...account('pec'), email: `pec.${suffix}@pec.example.it` };

async function api<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

const PAID_SCOPE = { region: 'Sicilia', axis: '2' };

beforeAll(async () => {
  await importWithOps([
    { token: sender.token, company: 'Invio S.r.l.', pec: admin.email, ...SCOPE },
    { token: resetOne.token, company: 'Annullata S.r.l.', pec: admin.email, ...SCOPE },
    { token: paid.token, company: 'Pagata S.r.l.', pec: admin.email, ...PAID_SCOPE },
  ]);
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, HOUR, 2 * HOUR, 3 * HOUR], SCOPE);
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, HOUR, 2 * HOUR, 3 * HOUR], PAID_SCOPE);
  await registerByApi(url, 'participant', sender, { token: sender.token });
  await registerByApi(url, 'participant', resetOne, { token: resetOne.token });
  await registerByApi(url, 'participant', paid, { token: paid.token });
  await registerByApi(url, 'admin', admin);
});

test('[server] a token reset ends the participant session with 401 UNAUTHENTICATED reason TOKEN_RESET', async () => {
  const participant = await loginByApi(url, 'participant', resetOne);
  const adminToken = await loginByApi(url, 'admin', admin);
  const reset = await api('POST', `/admin/companies/${encodeURIComponent(resetOne.token)}/reset`, {
    token: adminToken,
  });
  expect(reset.status).toBe(200);
  const me = await api<{ error: { code: string; reason?: string } }>('GET', '/me', { token: participant });
  expect(me.status).toBe(401);
  expect(me.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_RESET' });
});

test('[server] BAD_CREDENTIALS carries attemptsLeft from the 7th wrong password', async () => {
  const left: (number | undefined)[] = [];
  for (let i = 0; i < 9; i++) {
    // Cognito's own lockout pauses the attempts after the fifth failure (1 s, 2 s…): waited out as a person would.
    if (i >= 5) await new Promise((r) => setTimeout(r, 2 ** (i - 5) * 1000 + 300));
    const answer = await api<{ error: { attemptsLeft?: number } }>('POST', '/auth/login', {
      body: { portal: 'participant', email: sender.email, password: 'Sbagliata#1' },
    });
    left.push(answer.body.error.attemptsLeft);
  }
  // Nine failures, no lockout; the next test's successful login starts the count again.
  expect(left).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 3, 2, 1]);
  // Cognito's pause after the ninth failure (16 s) must be over before the next test logs the same account in.
  await new Promise((r) => setTimeout(r, 16_300));
});

test('[server] GET /admin/companies gives the arrival time and receipt id of a sent application, and a listing field', async () => {
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, -2000, -1000, 30 * 60_000], PAID_SCOPE);
  const token = await loginByApi(url, 'participant', paid);
  const form = await api<{ formId: string; fields: { name: string; positions: number[] }[] }>(
    'GET',
    '/sportello/form',
    { token },
  );
  const answers = Object.fromEntries(
    form.body.fields.map((f) => [f.name, f.positions.map((p) => paid.token[p - 1]).join('')]),
  );
  const sent = await api<{ receipt: { receiptId: string; arrivalTime: string } }>('POST', '/sportello/send', {
    token,
    body: { formId: form.body.formId, answers },
  });
  expect(sent.status).toBe(201);
  const adminToken = await loginByApi(url, 'admin', admin);
  const companies = await api<{ token: string; arrivalTime: string | null; receiptId: string | null }[]>(
    'GET',
    '/admin/companies',
    { token: adminToken },
  );
  const mine = companies.body.find((c) => c.token === paid.token);
  expect(mine).toMatchObject({ arrivalTime: sent.body.receipt.arrivalTime, receiptId: sent.body.receipt.receiptId });
  expect(mine).toHaveProperty('listing');
  expect(companies.body.find((c) => c.token === sender.token)).toMatchObject({ arrivalTime: null, receiptId: null });
}, 60_000);

test('[server] WRONG_ANSWER names the wrong fields; the receipt says SIGNED; the administrator sees the send', async () => {
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, -2000, -1000, 30 * 60_000], SCOPE);
  const token = await loginByApi(url, 'participant', sender);
  const form = await api<{ formId: string; fields: { name: string; positions: number[] }[] }>(
    'GET',
    '/sportello/form',
    { token },
  );
  const right = Object.fromEntries(
    form.body.fields.map((f) => [f.name, f.positions.map((p) => sender.token[p - 1]).join('')]),
  );
  const second = form.body.fields[1]?.name as string;
  const wrongAnswers = { ...right, [second]: (right[second] as string).replace(/./, (c) => (c === 'a' ? 'b' : 'a')) };
  const refused = await api<{ error: { code: string; fields?: { path: string }[] } }>('POST', '/sportello/send', {
    token,
    body: { formId: form.body.formId, answers: wrongAnswers },
  });
  expect(refused.status).toBe(422);
  expect(refused.body.error.fields?.map((f) => f.path)).toEqual([`answers.${second}`]);

  // The receipt made while KMS is down (PENDING, then SIGNED) is proved on a cloud of its own by
  // test/integration/faults-rush.test.ts: this cloud is shared by files running in parallel.
  const sent = await api<{ receipt: { signature: string | null; signatureStatus: string } }>(
    'POST',
    '/sportello/send',
    { token, body: { formId: form.body.formId, answers: right } },
  );
  expect(sent.status).toBe(201);
  expect(sent.body.receipt.signatureStatus).toBe('SIGNED');
  expect(sent.body.receipt.signature).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  const adminToken = await loginByApi(url, 'admin', admin);
  const companies = await api<{ token: string; arrivalTime: string | null; receiptId: string | null }[]>(
    'GET',
    '/admin/companies',
    { token: adminToken },
  );
  const mine = companies.body.find((c) => c.token === sender.token);
  expect(mine?.arrivalTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(mine?.receiptId).toBeTruthy();
  expect(mine).toHaveProperty('listing');
});

test('[server] the lists index says provisional or definitive and names Italian CSV files', async () => {
  // The provisional lists of the fixtures, published here: this file does not rely on another one having published.
  await publishFixtureLists();
  const index = await api<{
    lists: { regionSlug: string; axis: string; definitive: boolean; files: { csv: string } }[];
  }>('GET', '/lists');
  expect(index.body.lists.length).toBeGreaterThan(0);
  for (const l of index.body.lists) {
    expect(typeof l.definitive).toBe('boolean');
    expect(l.files.csv).toMatch(
      new RegExp(`elenco-${l.regionSlug}-asse-${l.axis.replace('.', '\\.')}-(provvisorio|definitivo)\\.csv$`),
    );
  }
  const first = index.body.lists[0];
  const csv = await (await fetch(`${url}${first?.files.csv}`)).text();
  expect(csv.split('\n')[0]).toBe(
    'Posizione,Codice identificativo,Ragione sociale,Arrivo (UTC),Importo richiesto (EUR),Importo cumulato (EUR),Esito,Criterio di spareggio',
  );
});
