/**
 * Faults on the send path, with the real counter routes and adapters against the local cloud's emulators, and one
 * client at a time made to fail: DynamoDB unreachable (a closed port) or throttling the send transaction (an error
 * injected inside the SDK's retry loop) → 503 UNAVAILABLE with retry-after, no receipt, nothing recorded; SQS
 * unreachable after the commit → the receipt stands and the record in the sends table is what the reconciler
 * republishes. Authentication is not under test here: the participant's token is taken as verified, its session and binding
 * written directly.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { type AwsClients, buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoCounterConfig } from '#adapters/dynamodb/counter-config';
import { DynamoCounterReads } from '#adapters/dynamodb/counter-reads';
import { DynamoListTotals } from '#adapters/dynamodb/list-totals';
import { MemoryRateCounter } from '#domain/kernel/rate-counter';
import { DynamoParticipantApplications } from '#adapters/dynamodb/participant-applications';
import { DynamoRateCounter } from '#adapters/dynamodb/rate-counter';
import { DynamoSessions } from '#adapters/dynamodb/sessions';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { CounterDeps } from '#domain/counter/ports';
import { SentReceipts } from '#domain/counter/send';
import { receiptSigner } from '#wiring/signing';
import { parseSendEvent, sendEventMessage } from '#domain/counter/send-event';
import { counterRoutes } from '#http/routes/counter';
import { tableNames } from '#http/env';
import { httpHandler } from '#http/handler';
import { application } from '../support/applications.ts';
import { endpoints } from './helpers/cloud.ts';

const SCOPE = { region: 'Sardegna', axis: '5.2' } as const;
const tables = tableNames(['applications', 'sends', 'security', 'config']);
const healthy = buildClients();
// The product's receipt signer over the local cloud's KMS and configuration table.
const signer = receiptSigner(tables.config, 'certify');
const formSecret = new Uint8Array(Buffer.from('faults-test-form-secret-of-32-bytes!!'));
const warnings: string[] = [];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The counter's dependencies over the given clients (the handler module wires the same from the environment). */
function depsOver(dynamo: Pick<AwsClients, 'documents'>, sqs: Pick<AwsClients, 'sqs'>): CounterDeps {
  return {
    sessions: new DynamoSessions(dynamo.documents, tables.security),
    participants: new DynamoParticipantApplications(dynamo.documents, tables.applications),
    config: new DynamoCounterConfig(dynamo.documents, tables.config),
    reads: new DynamoCounterReads(dynamo.documents, tables),
    listTotals: new DynamoListTotals(dynamo.documents, tables.applications),
    sends: new DynamoSends(dynamo.documents, tables.sends, tables.applications),
    sent: new SentReceipts(),
    accountRates: new DynamoRateCounter(dynamo.documents, tables.security),
    sourceRates: new MemoryRateCounter(),
    signer,
    events: new SqsSendEvents(sqs.sqs, endpoints().resources.queues.sends.url),
    formSecret: { current: formSecret, load: async () => formSecret },
    newReceiptId: randomUUID,
    log: { warn: (message) => warnings.push(message) },
  };
}

function counterOver(deps: CounterDeps, sub: string) {
  const handler = httpHandler(counterRoutes(deps), {
    // The token taken as verified; the session is written directly (authentication is not under test here).
    authenticate: () => ({ portal: 'participant' as const, sub, tokenId: 'j' }),
    log: { error: () => undefined, warn: () => undefined },
  });
  return (method: string, resource: string, body?: unknown) =>
    handler(
      {
        resource,
        path: resource,
        httpMethod: method,
        headers: {},
        body: body === undefined ? null : JSON.stringify(body),
        isBase64Encoded: false,
        queryStringParameters: null,
        requestContext: {
          requestTimeEpoch: Date.now(),
          identity: { sourceIp: '192.0.2.10' },
          // As the authorizer hands them over; the session guard is not part of this test.
          authorizer: {
            claims: {
              sub,
              jti: 'j',
              token_use: 'access',
              client_id: process.env.PARTICIPANT_CLIENT_ID,
              scope: 'sportello/participant',
            },
          },
        },
      } as unknown as APIGatewayProxyEvent,
      { awsRequestId: 'faults' } as Context,
    ) as Promise<APIGatewayProxyResult>;
}

/** A bound application on the open scope, and the body of a correct send for it. */
async function boundApplication() {
  const sub = `faults-${randomUUID()}`;
  const app = application({ region: SCOPE.region, axis: SCOPE.axis });
  const applications = new DynamoApplications(healthy.documents, tables.applications);
  await applications.importMany([app]);
  await applications.bindParticipant(app.token, { sub, email: `${sub}@example.it`, boundAt: new Date().toISOString() });
  const now = new Date().toISOString();
  await new DynamoSessions(healthy.documents, tables.security).start('participant', sub, {
    sessionId: 'session-faults',
    startedAt: now,
    lastSeenAt: now,
    sourceIp: '192.0.2.10',
    tokenIds: ['j'],
  });
  const answer = await counterOver(depsOver(healthy, healthy), sub)('GET', '/sportello/form');
  if (answer.statusCode !== 200) throw new Error(`form: ${answer.statusCode} ${answer.body}`);
  const form = JSON.parse(answer.body);
  const answers = Object.fromEntries(
    (form.fields as { name: string; positions: number[] }[]).map((f) => [
      f.name,
      f.positions.map((p) => app.token[p - 1]).join(''),
    ]),
  );
  return { sub, token: app.token, body: { formId: form.formId, answers }, applications };
}

beforeAll(async () => {
  const now = Date.now();
  const h = 3_600_000;
  await new DynamoConfig(healthy.documents, tables.config).setTimetable(SCOPE, {
    moments: { m1: now - 5 * h, m2: now - 4 * h, m3: now - 3 * h, m4: now - 2 * h, m5: now - h, m6: now + 2 * h },
    registrationCloses: now - 2 * h,
  });
});
afterAll(async () => {
  await new DynamoConfig(healthy.documents, tables.config).removeTimetable(SCOPE);
});

describe('DynamoDB failing during a send', () => {
  test('given DynamoDB unreachable, then 503 UNAVAILABLE with retry-after, no receipt, nothing recorded', async () => {
    const { sub, token, body, applications } = await boundApplication();
    const down = buildClients({ endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 });
    const answer = await counterOver(depsOver(down, healthy), sub)('POST', '/sportello/send', body);
    expect(answer.statusCode).toBe(503);
    expect(Number(answer.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'UNAVAILABLE', message: expect.any(String) } });
    expect(answer.body).not.toMatch(/ECONNREFUSED|Dynamo|receipt/i);
    expect(await new DynamoSends(healthy.documents, tables.sends, tables.applications).get(token)).toBeUndefined();
    expect((await applications.get(token))?.sentAt).toBeUndefined();
  });

  test('given the send transaction throttled on every SDK attempt, then 503 and nothing recorded; a retry later records it', async () => {
    const { sub, token, body, applications } = await boundApplication();
    const throttled = buildClients();
    let attempts = 0;
    // Inside the retry loop (deserialize step), as a throttled DynamoDB answer would be.
    throttled.documents.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        attempts++;
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          $retryable: { throttling: true },
        });
      },
      { step: 'deserialize', name: 'throttleTransactions' },
    );
    const answer = await counterOver(depsOver(throttled, healthy), sub)('POST', '/sportello/send', body);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBe('2');
    expect(attempts).toBeGreaterThan(1);
    const ledger = new DynamoSends(healthy.documents, tables.sends, tables.applications);
    expect(await ledger.get(token)).toBeUndefined();
    expect((await applications.get(token))?.sentAt).toBeUndefined();

    const retried = await counterOver(depsOver(healthy, healthy), sub)('POST', '/sportello/send', body);
    expect(retried.statusCode).toBe(201);
    expect((await ledger.get(token))?.receiptId).toBe(JSON.parse(retried.body).receipt.receiptId);
  });
});

describe('SQS failing after the commit', () => {
  test('given the queue unreachable, then the receipt stands, and the record yields the event the reconciler republishes', async () => {
    const { sub, token, body } = await boundApplication();
    const queueDown = buildClients({ endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 });
    warnings.length = 0;
    const answer = await counterOver(depsOver(healthy, queueDown), sub)('POST', '/sportello/send', body);
    expect(answer.statusCode).toBe(201);
    const { receipt } = JSON.parse(answer.body);
    expect(warnings).toEqual([expect.stringMatching(/reconciler/)]);

    const record = await new DynamoSends(healthy.documents, tables.sends, tables.applications).get(token);
    expect(record).toMatchObject({
      receiptId: receipt.receiptId,
      arrivalTime: receipt.arrivalTime,
      participantSub: sub,
    });
    const message = sendEventMessage(record as NonNullable<typeof record>, 'reconciler');
    expect(parseSendEvent(message.MessageBody)).toMatchObject({
      ok: true,
      event: { token, receiptId: receipt.receiptId },
    });
    const published = await healthy.sqs.send(
      new SendMessageCommand({ QueueUrl: endpoints().resources.queues.sends.url, ...message }),
    );
    expect(published.MessageId).toEqual(expect.any(String));
  });
});
