import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { application, newToken, sendOf } from '../support/applications.ts';
import { createTestTables, type TestTables } from './helpers/tables.ts';

let t: TestTables;
let applications: DynamoApplications;
let sends: DynamoSends;

beforeAll(async () => {
  t = await createTestTables('sends');
  applications = new DynamoApplications(t.clients.documents, t.names.applications);
  sends = new DynamoSends(t.clients.documents, t.names.sends, t.names.applications);
});
afterAll(() => t?.drop());

async function boundApplication(sub: string) {
  const app = application();
  await applications.importMany([app]);
  expect(
    await applications.bindParticipant(app.token, { sub, email: 'p@example.it', boundAt: '2026-10-01T10:00:00.000Z' }),
  ).toBe('bound');
  return app;
}

describe('sends: the exactly-once write', () => {
  test('given a bound application, when 200 sends race on its token, then exactly one is recorded and every loser gets the same original receipt', async () => {
    const app = await boundApplication('sub-race');
    const attempts = Array.from({ length: 200 }, (_, n) => sendOf(app.token, 'sub-race', n));

    const outcomes = await Promise.all(attempts.map((s) => sends.recordFirst(s)));

    const recorded = outcomes.filter((o) => o.kind === 'recorded');
    const replays = outcomes.filter((o) => o.kind === 'already-sent');
    expect(recorded).toHaveLength(1);
    expect(replays).toHaveLength(199);
    const original = recorded[0]?.receipt;
    for (const replay of replays) expect(replay.receipt).toEqual(original);
    const stored = await sends.get(app.token);
    expect(stored).toMatchObject(original ?? {});
    const consumed = await applications.get(app.token);
    expect(consumed?.sentAt).toBe(original?.arrivalTime);
    expect(consumed?.receiptId).toBe(original?.receiptId);
    expect((await sends.listAll()).filter((s) => s.token === app.token)).toHaveLength(1);
  });

  test('given a recorded send, when the same participant sends again later, then the original receipt comes back unchanged', async () => {
    const app = await boundApplication('sub-again');
    const first = await sends.recordFirst(sendOf(app.token, 'sub-again', 1));
    const later = await sends.recordFirst(sendOf(app.token, 'sub-again', 999));
    expect(first.kind).toBe('recorded');
    expect(later).toEqual({ kind: 'already-sent', receipt: first.kind === 'recorded' ? first.receipt : undefined });
  });

  test.each([
    ['bound to someone else', 'not-bound'],
    ['annulled', 'annulled'],
    ['unknown', 'unknown'],
  ] as const)(
    'given an application %s, when a send arrives, then it is refused and nothing is written',
    async (situation, reason) => {
      let token = newToken('-');
      if (situation !== 'unknown') {
        const app = await boundApplication('sub-owner');
        token = app.token;
        if (situation === 'annulled') {
          expect(await applications.annul(token, 'sessioni concorrenti', '2026-10-26T08:00:00.000Z')).toBe('annulled');
        }
      }
      const sender = situation === 'bound to someone else' ? 'sub-intruder' : 'sub-owner';

      const outcome = await sends.recordFirst(sendOf(token, sender, 7));

      expect(outcome).toEqual({ kind: 'refused', reason });
      expect(await sends.get(token)).toBeUndefined();
      const raw = await t.clients.documents.send(
        new GetCommand({ TableName: t.names.applications, Key: { token }, ConsistentRead: true }),
      );
      expect(raw.Item?.sentAt).toBeUndefined();
      expect(raw.Item?.receiptId).toBeUndefined();
    },
  );

  test('given no send for a token, then get answers undefined', async () => {
    expect(await sends.get(newToken())).toBeUndefined();
  });
});
