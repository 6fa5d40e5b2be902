/**
 * R21 end to end through the operator CLI: an edition's record (applications with PECs, participants bound with their
 * e-mails, sends with source addresses, an annulment, evidence with addresses and phones, account records, claims,
 * Cognito accounts with phones), its log opened and sealed, provisional then definitive lists published; then
 * `privacy purge` is refused before the definitive lists, reports without changing anything by default, and with
 * `--apply` leaves no e-mail, phone or source address of the edition in any table or user pool, while the lists
 * rebuild byte for byte and the log still verifies. A second run finds nothing.
 *
 * A deployment holds one edition and the purge reads every item of every table and every account of both pools, so
 * this file runs it on a private deployment: its own tables, lists bucket and user pools in the shared emulators
 * (another file's data is never in reach). The records are written by the product's own repositories — what
 * registration, login, the counter and the reset write — not through the HTTP flows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DynamoRegistrations } from '#adapters/dynamodb/account-records';
import { DynamoClaims } from '#adapters/dynamodb/claims';
import { DynamoCodeTries } from '#adapters/dynamodb/code-tries';
import type { Repositories } from '#adapters/dynamodb/repositories';
import { scanAll } from '#adapters/dynamodb/requests';
import { DynamoSignIns } from '#adapters/dynamodb/sign-ins';
import { BUCKETS, PORTALS, type Portal, TABLES, type TableId, USER_POOLS } from '#catalogue/resources';
import { claimKeys } from '#domain/accounts/claims';
import { parseSends } from '#domain/lists/records';
import { provisionUserPools } from '#local/provision/user-pools';
import { clients } from './helpers/cloud.ts';
import { type IsolatedCloud, isolatedEndpoints, runOps } from './helpers/ops.ts';

jest.setTimeout(180_000);

const FIXTURES = join(__dirname, '..', 'fixtures', 'lists-definitive');
const fixture = (name: string) => join(FIXTURES, name);
const work = mkdtempSync(join(tmpdir(), 'sportello-privacy-it-'));
const token = (n: number) => `+${(0xd0 + n).toString(16).padStart(64, '0')}`;
const L1X = token(4);
const L2C = token(10);
const bucket = `tprivacy-${randomBytes(4).toString('hex')}`;
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

let cloud: IsolatedCloud;
let repos: Repositories;
let pools: Record<Portal, string>;
const ops = (...args: string[]) => runOps(args, cloud.file);

/** Every e-mail, phone and source address this file stores: none may be left after the purge. */
const personal = new Set<string>(
  readFileSync(fixture('applications.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[2] as string),
);
const email = (i: number) => `privacy.${i}@example.it`;
const phone = (i: number) => `+39333100${String(i).padStart(4, '0')}`;
const ip = (i: number) => `203.0.113.${i + 1}`;

beforeAll(async () => {
  cloud = await isolatedEndpoints('privacy');
  repos = cloud.repos;
  await clients().s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const stage = `tprivacy${randomBytes(3).toString('hex')}`;
  const provisioned = await provisionUserPools(clients().cognito, stage, 'http://127.0.0.1');
  pools = { participant: provisioned.participant.poolId, admin: provisioned.admin.poolId };
  // The private bucket and pools in the endpoints file the CLI reads.
  const file = JSON.parse(readFileSync(cloud.file, 'utf8'));
  file.env[BUCKETS.lists.env] = bucket;
  for (const portal of PORTALS) file.env[USER_POOLS[portal].env.poolId] = pools[portal];
  writeFileSync(cloud.file, JSON.stringify(file));
});
afterAll(async () => {
  await cloud?.close();
});

/** Every item of every table, as JSON lines (sorted: a stable picture to compare). */
async function everyItem(): Promise<Record<TableId, string[]>> {
  const entries = await Promise.all(
    (Object.keys(TABLES) as TableId[]).map(async (id) => {
      const items = await scanAll(cloud.tables.clients.documents, {
        TableName: cloud.tables.names[id],
        ConsistentRead: true,
      });
      return [id, items.map((item) => JSON.stringify(canonical(item))).sort()] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<TableId, string[]>;
}

/** `value` with every object's keys in order, so that two reads of one item print the same line. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Set) return [...value].map(canonical).sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

async function accounts(portal: Portal): Promise<string[]> {
  const out = await clients().cognito.send(new ListUsersCommand({ UserPoolId: pools[portal] }));
  return (out.Users ?? []).map((u) => JSON.stringify(u.Attributes));
}

/** What the accounts side writes for participant `i` of token `t`: records, claims, evidence, its Cognito account. */
async function accountRecords(i: number, t: string): Promise<void> {
  const docs = cloud.tables.clients.documents;
  const security = cloud.tables.names.security;
  const at = new Date();
  const registration = {
    id: `reg-${i}`,
    portal: 'participant' as const,
    email: email(i),
    sub: `privacy-${i}`,
    token: t,
    confirmed: true,
    registeredAt: at.toISOString(),
    phone: phone(i),
    sourceIp: ip(i),
  };
  await new DynamoRegistrations(docs, security).put(registration);
  await repos.sessions.start('participant', registration.sub, {
    sessionId: `s-${i}`,
    startedAt: at.toISOString(),
    lastSeenAt: at.toISOString(),
    sourceIp: ip(i),
    tokenIds: [`jti-${i}`],
  });
  const later = new Date(at.getTime() + 86_400_000);
  await repos.lockouts.write(
    'participant',
    email(i),
    ip(i),
    { failures: 1, lockouts: 0, lockedUntil: null, updatedAt: 1 },
    undefined,
    later,
  );
  await new DynamoSignIns(docs, security).remember('participant', email(i), `2001:db8:${i}:1::/64`, later);
  await new DynamoCodeTries(docs, security).countWrong('signup', 'participant', email(i), later);
  await repos.rates.hit('sms-source', ip(i), 3600, at);
  const claims = new DynamoClaims(docs, cloud.tables.names.claims);
  await claims.claim(claimKeys.account('participant', email(i)), registration.id, at);
  await claims.claim(claimKeys.phone('participant', phone(i)), registration.id, at);
  await claims.claim(claimKeys.token(t), registration.id, at);
  await repos.audit.append({ kind: 'LOGIN', at: at.toISOString(), actor: email(i), data: { sourceIp: ip(i) } });
  await clients().cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pools.participant,
      Username: email(i),
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email(i) },
        { Name: 'phone_number', Value: phone(i) },
      ],
    }),
  );
  personal.add(email(i)).add(phone(i)).add(ip(i)).add(`2001:db8:${i}:1::`);
}

describe('privacy purge after the definitive lists (R21)', () => {
  const built = join(work, 'definitive');
  const provisional = join(work, 'provisional');
  let before: Record<TableId, string[]>;

  test('given an edition through its click day, then its log is sealed and its provisional lists published', async () => {
    const [apps, allocs] = await Promise.all([
      ops('import', 'applications', fixture('applications.csv')),
      ops('import', 'allocations', fixture('allocations.csv')),
    ]);
    expect([apps.code, allocs.code]).toEqual([0, 0]);
    const h = 3_600_000;
    // M5 leaves time for `log open` on a loaded machine (a CLI spawn can take seconds).
    const m5 = Date.now() + 60_000;
    const m6 = m5 + 5_000;
    await repos.config.setTimetable(
      {},
      { moments: { m1: m5 - 4 * h, m2: m5 - 3 * h, m3: m5 - 2 * h, m4: m5 - h, m5, m6 }, registrationCloses: m5 - h },
    );
    const [open, freeze] = await Promise.all([ops('log', 'open'), ops('lists', 'ncd', 'freeze')]);
    expect(open).toMatchObject({ code: 0, stderr: '' });
    expect(freeze).toMatchObject({ code: 0, stderr: '' });

    const sends = parseSends(readFileSync(fixture('sends.csv'), 'utf8'));
    if (!sends.ok) throw new Error('fixture sends.csv is invalid');
    const base = Date.parse('2026-10-26T09:00:00.000Z');
    for (const [i, send] of sends.records.entries()) {
      const application = (await repos.applications.get(send.token))!;
      await accountRecords(i, send.token);
      await repos.applications.bindParticipant(send.token, {
        sub: `privacy-${i}`,
        email: email(i),
        boundAt: new Date().toISOString(),
      });
      const arrival = m5 + (send.arrivalMs - base);
      const outcome = await repos.sends.recordFirst({
        token: send.token,
        arrivalTime: new Date(arrival).toISOString(),
        receiptId: `R-privacy-${i}`,
        participantSub: `privacy-${i}`,
        region: application.region,
        axis: application.axis,
        sessionId: `s-${i}`,
        formIssuedAt: new Date(arrival - 900).toISOString(),
        sourceIp: ip(i),
      });
      expect(outcome.kind).toBe('recorded');
    }
    // Evidence naming two accounts on one network, an administrator's PEC and phone.
    await repos.audit.appendEvidence({
      kind: 'SESSION_OVERLAP',
      at: new Date().toISOString(),
      actor: 'system',
      subject: email(0),
      data: { previous: { sourceIp: ip(0) }, current: { sourceIp: ip(1), email: email(1) } },
    });
    const pec = [...personal][0] as string;
    await clients().cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pools.admin,
        Username: pec,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: pec },
          { Name: 'phone_number', Value: '+393339990000' },
        ],
      }),
    );
    personal.add('+393339990000');
    expect((await ops('annul', L1X, '--reason', 'Sessioni concorrenti (R11)')).code).toBe(0);

    const outcomes = join(work, 'outcomes.csv');
    writeFileSync(outcomes, `${readFileSync(fixture('outcomes.csv'), 'utf8')}${L2C},PERFEZIONATA,,\n`);
    expect(await ops('outcomes', 'import', outcomes)).toMatchObject({ code: 0, stderr: '' });
    await sleepUntil(m6 + 50);
    expect(await ops('log', 'seal')).toMatchObject({ code: 0, stderr: '' });
    const [buildProvisional, buildDefinitive] = await Promise.all([
      ops('lists', 'build', '--out', provisional),
      ops('lists', 'build', '--definitive', '--out', built),
    ]);
    expect([buildProvisional.code, buildDefinitive.code]).toEqual([0, 0]);
    expect(await ops('lists', 'publish', provisional)).toMatchObject({ code: 0, stderr: '' });
  });

  test('given only the provisional lists published, when privacy purge --apply runs, then it is refused and changes nothing', async () => {
    before = await everyItem();
    const refused = await ops('privacy', 'purge', '--apply');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/elenchi definitivi del bando isi2024 non sono pubblicati.*Nessuna modifica/);
    const wrongEdition = await ops('privacy', 'purge', '--edition', 'isi2012');
    expect(wrongEdition.code).toBe(1);
    expect(await everyItem()).toEqual(before);
  });

  test('given the definitive lists published, when privacy purge runs without --apply, then it reports and changes nothing', async () => {
    expect(await ops('lists', 'publish', built)).toMatchObject({ code: 0, stderr: '' });
    before = await everyItem();
    const users = [await accounts('participant'), await accounts('admin')];
    const dry = await ops('privacy', 'purge');
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/- domande: 25 elementi letti, \d+ da pseudonimizzare/);
    expect(dry.stdout).toMatch(/- account: 23 partecipanti e 1 amministratore da cancellare/);
    expect(dry.stdout).toMatch(/Prova: nessuna modifica effettuata/);
    const json = JSON.parse((await ops('privacy', 'purge', '--json')).stdout);
    expect(json).toMatchObject({ edition: 'isi2024', applied: false, accounts: { participant: 23, admin: 1 } });
    expect(json.tables.security.deleted).toBe(before.security.length);
    expect(await everyItem()).toEqual(before);
    expect([await accounts('participant'), await accounts('admin')]).toEqual(users);
  });

  test('given --apply, then no e-mail, phone or source address is left in any table or pool, and the lists and the log still verify', async () => {
    const applied = await ops('privacy', 'purge', '--apply');
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toMatch(/Fatto: le pseudonimizzazioni non sono reversibili/);

    const after = await everyItem();
    const text = JSON.stringify(after).toLowerCase();
    const left = [...personal].filter((value) => text.includes(value.toLowerCase()));
    expect(left).toEqual([]);
    expect(after.security).toEqual([]);
    expect(after.claims.every((c) => c.includes('"TOKEN#'))).toBe(true);
    expect([await accounts('participant'), await accounts('admin')]).toEqual([[], []]);

    // The evidence still tells "the same network": the send of participant 0 and the overlap share one pseudonym.
    const send0 = (await repos.sends.get(token(0)))!;
    const overlap = (await repos.audit.listEvidence()).find((e) => e.kind === 'SESSION_OVERLAP')!;
    expect(send0.sourceIp).toMatch(/^anon-ip:[0-9a-f]{16}$/);
    expect(overlap.data).toMatchObject({ previous: { sourceIp: send0.sourceIp } });
    expect((await repos.audit.listEvidence()).find((e) => e.kind === 'PRIVACY_PURGE')).toMatchObject({
      subject: 'isi2024',
      data: { accounts: { participant: 23, admin: 1 } },
    });

    // Arrival, receipt and everything the lists and the log are made of are untouched.
    const rebuilt = join(work, 'rebuilt');
    expect(await ops('lists', 'build', '--definitive', '--out', rebuilt)).toMatchObject({ code: 0, stderr: '' });
    for (const name of readdirSync(built))
      expect(readFileSync(join(rebuilt, name), 'utf8')).toBe(readFileSync(join(built, name), 'utf8'));
    // The log (its pointer, head, leaves and checkpoints live in the config table, its files in the bucket) is the
    // same item for item. `log verify` is not run here: it recomputes the lists without the frozen NCD decision and
    // without the outcomes, so it refuses this edition's lists before any purge.
    expect(after.config).toEqual(before.config);
  });

  test('given a purge applied, when it runs again, then it finds nothing to do', async () => {
    const again = await ops('privacy', 'purge', '--apply');
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/Nessun dato personale da cancellare o pseudonimizzare/);
  });
});
