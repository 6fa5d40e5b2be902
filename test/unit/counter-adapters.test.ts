import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoCounterConfig } from '#adapters/dynamodb/counter-config';
import { DynamoCounterReads } from '#adapters/dynamodb/counter-reads';
import { deriveFormSecret, formSecretFromEnv } from '#adapters/secrets';
import { DynamoListTotals, TOTAL_TTL_MS } from '#adapters/dynamodb/list-totals';
import { MemoryRateCounter } from '#domain/kernel/rate-counter';
import { DynamoParticipantApplications } from '#adapters/dynamodb/participant-applications';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { Unavailable } from '#domain/kernel/unavailable';
import { parseSendEvent, sendMessageGroupId } from '#domain/counter/send-event';

const TOKEN = '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca';
const send = {
  token: TOKEN,
  receiptId: 'R-1',
  arrivalTime: '2026-10-26T09:00:00.123Z',
  region: "Valle d'Aosta" as const,
  axis: '2' as const,
  participantSub: 'sub-1',
};

describe('SqsSendEvents', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('publishes the operator schema: body, group region-slug#axis#bucket, dedup id = token', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const at = new Date('2026-10-26T09:00:00.200Z');
    await new SqsSendEvents(new SQSClient({ region: 'eu-south-1' }), 'http://q/sends.fifo', () => at).publish(send);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      QueueUrl: 'http://q/sends.fifo',
      MessageDeduplicationId: TOKEN,
      MessageGroupId: sendMessageGroupId(send),
    });
    expect(input?.MessageGroupId).toMatch(/^valle-d-aosta#2#\d+$/);
    const parsed = parseSendEvent(String(input?.MessageBody));
    expect(parsed).toMatchObject({
      ok: true,
      event: { ...send, publishedBy: 'counter', publishedAt: at.toISOString() },
    });
  });

  it('a queue that cannot be reached is Unavailable (the counter logs it; the reconciler republishes)', async () => {
    sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    const events = new SqsSendEvents(new SQSClient({ region: 'eu-south-1', maxAttempts: 1 }), 'http://q');
    await expect(events.publish(send)).rejects.toBeInstanceOf(Unavailable);
  });
});

// One mock of the document client for the whole file: a second mockClient of the same class would replace the first.
const ddb = mockClient(DynamoDBDocumentClient);
const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' }));
beforeEach(() => ddb.reset());

describe('DynamoParticipantApplications', () => {
  it('finds the token by the byParticipant index and remembers only a found binding', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [] })
      .resolves({ Items: [{ token: TOKEN, region: 'Lazio', axis: '2' }] });
    const lookup = new DynamoParticipantApplications(documents(), 'apps');
    expect(await lookup.applicationOf('sub-1')).toBeUndefined();
    expect(await lookup.applicationOf('sub-1')).toEqual({ token: TOKEN, region: 'Lazio', axis: '2' });
    expect(await lookup.applicationOf('sub-1')).toEqual({ token: TOKEN, region: 'Lazio', axis: '2' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byParticipant',
      ExpressionAttributeValues: { ':sub': 'sub-1' },
    });
  });
});

describe('DynamoListTotals', () => {
  it('sums the requested amounts of the list over every page of the byList index, and remembers it a few seconds', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ requestedCents: 600 }], LastEvaluatedKey: { token: 'a' } })
      .resolves({ Items: [{ requestedCents: 400 }] });
    let now = 0;
    const totals = new DynamoListTotals(documents(), 'apps', () => now);
    expect(await totals.requestedCents('Toscana', '5.1')).toBe(1_000);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byList',
      ExpressionAttributeValues: { ':region': 'Toscana', ':axis': '5.1' },
    });
    now = TOTAL_TTL_MS - 1;
    expect(await totals.requestedCents('Toscana', '5.1')).toBe(1_000);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    now = TOTAL_TTL_MS;
    await totals.requestedCents('Toscana', '5.1');
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(3);
  });

  it('does not remember a failed sum', async () => {
    ddb
      .on(QueryCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .resolves({ Items: [{ requestedCents: 7 }] });
    const totals = new DynamoListTotals(documents(), 'apps');
    await expect(totals.requestedCents('Lazio', '2')).rejects.toBeInstanceOf(Unavailable);
    expect(await totals.requestedCents('Lazio', '2')).toBe(7);
  });
});

describe('DynamoCounterConfig', () => {
  const h = 3_600_000;
  const moments = (m5: number) => ({ m1: m5 - 4 * h, m2: m5 - 3 * h, m3: m5 - 2 * h, m4: m5 - h, m5, m6: m5 + h });

  it("reads the list's four timetable scopes and its allocation in one consistent BatchGetItem; the most specific wins", async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        config: [
          { pk: 'TIMETABLE', sk: 'GLOBAL', moments: moments(10 * h) },
          { pk: 'TIMETABLE', sk: 'REGION#Lazio', moments: moments(20 * h), registrationCloses: 18 * h },
          { pk: 'ALLOCATION', sk: 'Lazio#2', region: 'Lazio', axis: '2', allocationCents: 5_000 },
        ],
      },
    });
    const settings = await new DynamoCounterConfig(documents(), 'config').settingsFor('Lazio', '2');
    expect(settings).toEqual({
      timetable: { moments: moments(20 * h), registrationCloses: 18 * h },
      allocationCents: 5_000,
    });
    const input = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input;
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(input?.RequestItems?.config?.ConsistentRead).toBe(true);
    expect(input?.RequestItems?.config?.Keys).toEqual([
      { pk: 'TIMETABLE', sk: 'REGION#Lazio#AXIS#2' },
      { pk: 'TIMETABLE', sk: 'REGION#Lazio' },
      { pk: 'TIMETABLE', sk: 'AXIS#2' },
      { pk: 'TIMETABLE', sk: 'GLOBAL' },
      { pk: 'ALLOCATION', sk: 'Lazio#2' },
      // The list's frozen NCD decision (R22a), when there is one.
      { pk: 'NCD', sk: 'Lazio#2' },
    ]);
  });

  it('asks again for unprocessed keys, and has no timetable and no allocation when none is set', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { config: [] },
        UnprocessedKeys: { config: { Keys: [{ pk: 'TIMETABLE', sk: 'GLOBAL' }] } },
      })
      .resolves({ Responses: { config: [] } });
    expect(await new DynamoCounterConfig(documents(), 'config').settingsFor('Molise', '3')).toEqual({
      timetable: null,
      allocationCents: undefined,
    });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('refuses a stored timetable that is not valid instead of opening the counter', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { config: [{ pk: 'TIMETABLE', sk: 'GLOBAL', moments: { m1: 5 } }] } });
    await expect(new DynamoCounterConfig(documents(), 'config').globalTimetable()).rejects.toThrow();
  });
});

describe('DynamoCounterReads', () => {
  const tables = { applications: 'apps', config: 'config', security: 'security' };
  const bound = { token: TOKEN, region: 'Lazio' as const, axis: '2' as const };
  const at = Date.UTC(2026, 9, 26, 9, 0, 7, 500);

  const sessionItem = {
    pk: 'SESSION#participant#sub-1',
    sk: 'CURRENT',
    sessionId: 's-1',
    startedAt: 'a',
    lastSeenAt: 'b',
    sourceIp: '203.0.113.7',
    tokenIds: ['j-1'],
  };

  it('reads session, application, timetables, allocation and the refused-attempts window in one consistent BatchGetItem', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: {
          apps: [
            {
              token: TOKEN,
              region: 'Lazio',
              axis: '2',
              participantSub: 'sub-1',
              participantEmail: 'p@x.it',
              boundAt: 'x',
            },
          ],
        },
        UnprocessedKeys: { security: { Keys: [{ pk: 'RATE#send-account-refused#sub-1', sk: 'WINDOW#1793005200' }] } },
      })
      .resolves({
        Responses: {
          security: [sessionItem, { pk: 'RATE#send-account-refused#sub-1', sk: 'WINDOW#1793005200', hits: 3 }],
          config: [],
        },
      });
    const snapshot = await new DynamoCounterReads(documents(), tables).forSend(bound, 'sub-1', at);
    expect(snapshot).toMatchObject({
      session: { sessionId: 's-1', tokenIds: ['j-1'] },
      application: { token: TOKEN, participant: { sub: 'sub-1' } },
      settings: { timetable: null, allocationCents: undefined },
      refusedAttempts: 3,
    });
    const first = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems ?? {};
    expect(Object.keys(first).sort()).toEqual(['apps', 'config', 'security']);
    expect(Object.values(first).every((r) => r.ConsistentRead === true)).toBe(true);
    expect(first.security?.Keys).toEqual([
      { pk: 'SESSION#participant#sub-1', sk: 'CURRENT' },
      { pk: 'RATE#send-account-refused#sub-1', sk: `WINDOW#${Math.floor(at / 10_000) * 10}` },
    ]);
    expect(ddb.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems).toEqual({
      security: { Keys: [{ pk: 'RATE#send-account-refused#sub-1', sk: 'WINDOW#1793005200' }], ConsistentRead: true },
    });
  });

  it('reads the session and the list settings for a form in one consistent BatchGetItem; no session is undefined', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: { security: [], config: [{ pk: 'ALLOCATION', sk: 'Lazio#2', allocationCents: 500 }] },
    });
    const snapshot = await new DynamoCounterReads(documents(), tables).forForm(bound, 'sub-1');
    expect(snapshot).toEqual({ session: undefined, settings: { timetable: null, allocationCents: 500 } });
    const request = ddb.commandCalls(BatchGetCommand).at(-1)?.args[0].input.RequestItems ?? {};
    expect(Object.keys(request).sort()).toEqual(['config', 'security']);
    expect(request.security).toEqual({
      Keys: [{ pk: 'SESSION#participant#sub-1', sk: 'CURRENT' }],
      ConsistentRead: true,
    });
  });
});

describe('MemoryRateCounter', () => {
  it('counts per name, subject and fixed window, and forgets past windows', async () => {
    const rates = new MemoryRateCounter();
    const t = (ms: number) => new Date(Date.UTC(2026, 9, 26, 9) + ms);
    expect(await rates.hit('send-source', '10.0.0.1', 10, t(0))).toBe(1);
    expect(await rates.hit('send-source', '10.0.0.1', 10, t(9_999))).toBe(2);
    expect(await rates.hit('send-source', '10.0.0.2', 10, t(9_999))).toBe(1);
    expect(await rates.hit('other', '10.0.0.1', 10, t(9_999))).toBe(1);
    expect(await rates.hit('send-source', '10.0.0.1', 10, t(10_000))).toBe(1);
  });
});

describe('form secret', () => {
  it('is derived (32 bytes), stable for one client secret and different for another', async () => {
    const a = deriveFormSecret('a-client-secret-of-cognito-0123456789');
    expect(a).toHaveLength(32);
    expect(Buffer.from(a)).toEqual(Buffer.from(deriveFormSecret('a-client-secret-of-cognito-0123456789')));
    expect(Buffer.from(a)).not.toEqual(Buffer.from(deriveFormSecret('another-client-secret-0123456789')));
    expect(
      Buffer.from(await formSecretFromEnv({ PARTICIPANT_CLIENT_SECRET: 'a-client-secret-of-cognito-0123456789' })),
    ).toEqual(Buffer.from(a));
    await expect(formSecretFromEnv({})).rejects.toThrow(/PARTICIPANT_CLIENT_SECRET/);
  });
});
