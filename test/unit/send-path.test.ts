/**
 * The click-day send, walked from the Lambda's handler to the TransactWriteItems (docs/development.md "The send path"):
 * which files of lambdas/ run for a warm first send, measured with V8's precise coverage of this process. The real
 * HTTP edge, token verification (against a JWKS served here), counter routes, use cases and DynamoDB adapters run;
 * DynamoDB itself answers through `aws-sdk-client-mock`, and the coverage is taken the moment the transaction is sent.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { exportJWK, SignJWT } from 'jose';
import { isTransient } from '#adapters/failures';
import { USER_POOLS } from '#catalogue/resources';
import { DynamoCounterReads } from '#adapters/dynamodb/counter-reads';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { buildForm, charactersAt } from '#domain/counter/form';
import type { CounterDeps } from '#domain/counter/ports';
import { SentReceipts } from '#domain/counter/send';
import { MemoryRateCounter } from '#domain/kernel/rate-counter';
import { accessTokenVerifier, tokenAuthenticator } from '#http/auth';
import { httpHandler } from '#http/handler';
import { counterRoutes } from '#http/routes/counter';

/** The files of the walk, in the order the send enters them (each calls only files after it). */
export const SEND_PATH = [
  'lambdas/http/handler.ts',
  'lambdas/http/auth.ts',
  'lambdas/http/routes/counter.ts',
  'lambdas/domain/counter/send.ts',
  'lambdas/domain/counter/form.ts',
  'lambdas/adapters/dynamodb/counter-reads.ts',
  'lambdas/adapters/dynamodb/items.ts',
  'lambdas/domain/accounts/session.ts',
  'lambdas/domain/kernel/rate-counter.ts',
  'lambdas/domain/kernel/timetable.ts',
  'lambdas/adapters/dynamodb/sends.ts',
  'lambdas/adapters/failures.ts',
];

const SECRET = new Uint8Array(Buffer.from('send-path-test-secret-of-32-bytes!!!'));
const T = { m1: 1, m2: 2, m3: 3, m4: Date.now() - 60_000, m5: Date.now() - 30_000, m6: Date.now() + 3_600_000 };
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let jwksServer: Server;
let issuer: string;

beforeAll(async () => {
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/pool`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

// The handler checks the authorizer's client id against the deployment's; a cloud started by another project of the
// same run may have put its own in the environment.
const clientIdVariable = USER_POOLS.participant.env.clientId;
const deployedClientId = process.env[clientIdVariable];
beforeAll(() => {
  process.env[clientIdVariable] = 'client';
});
afterAll(() => {
  if (deployedClientId === undefined) delete process.env[clientIdVariable];
  else process.env[clientIdVariable] = deployedClientId;
});

const token = (sub: string) =>
  new SignJWT({ token_use: 'access', client_id: 'client', jti: `jti-${sub}`, scope: 'sportello/participant' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);

const application = (n: number) => ({
  token: `+${n.toString(16).padStart(64, '0')}`,
  companyName: 'Officine Rossi S.r.l.',
  pec: 'rossi@pec.example.it',
  region: 'Lazio',
  axis: '2',
  requestedCents: 100_000,
  projectCents: 200_000,
  registeredAt: '2026-05-01T10:00:00+02:00',
  cciaaDate: '2001-01-01',
  legalityRating: false,
  workers: 3,
  participantSub: `sub-${n}`,
  participantEmail: `p${n}@example.it`,
  boundAt: '2026-10-01T10:00:00.000Z',
});

test('a warm first send runs at most 12 files of lambdas/ up to its TransactWriteItems, those of the map', async () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' }));
  const tables = { applications: 'apps', config: 'config', security: 'security', sends: 'sends' };
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Record<string, string>[] }> }) => {
    const appKey = input.RequestItems.apps?.Keys[0]?.token as string;
    const n = Number.parseInt(appKey.slice(1), 16);
    return {
      Responses: {
        apps: [application(n)],
        config: [
          { pk: 'TIMETABLE', sk: 'GLOBAL', moments: T, registrationCloses: T.m4 },
          { pk: 'ALLOCATION', sk: 'Lazio#2', allocationCents: 50_000 },
          { pk: 'NCD', sk: 'Lazio#2', ncd: false },
        ],
        security: [
          {
            pk: `SESSION#participant#sub-${n}`,
            sk: 'CURRENT',
            sessionId: `session-${n}`,
            tokenIds: [`jti-sub-${n}`],
            startedAt: new Date().toISOString(),
            lastSeenAt: new Date().toISOString(),
            sourceIp: '203.0.113.7',
          },
        ],
      },
    };
  });
  const session = new Session();
  session.connect();
  let walked: string[] | undefined;
  let measuring = false;
  ddb.on(TransactWriteCommand).callsFake(async () => {
    if (measuring) {
      const { result } = await session.post('Profiler.takePreciseCoverage');
      walked = filesRun(result);
    }
    return {};
  });
  const deps = {
    sessions: { current: async () => undefined, touch: async () => true },
    participants: { applicationOf: async () => undefined },
    config: {
      settingsFor: async () => ({ timetable: null, allocationCents: undefined }),
      globalTimetable: async () => null,
    },
    reads: new DynamoCounterReads(documents, tables),
    listTotals: { requestedCents: async () => 0 },
    sends: new DynamoSends(documents, tables.sends, tables.applications),
    sent: new SentReceipts(),
    accountRates: new MemoryRateCounter(),
    sourceRates: new MemoryRateCounter(),
    signer: { sign: async () => 'signed', jwks: async () => ({ keys: [] }) },
    events: { publish: async () => undefined },
    formSecret: { load: async () => SECRET },
    newReceiptId: randomUUID,
    log: { warn: () => undefined },
  } satisfies CounterDeps;
  const handler = httpHandler(counterRoutes(deps), {
    authenticate: tokenAuthenticator(
      accessTokenVerifier((portal) => ({ portal, clientId: 'client', issuer, jwksUrl: `${issuer}/jwks` })),
    ),
    isTransient,
    // As the Lambda is wired (wiring/http.ts): the origin secret checked before anything, loaded once.
    origin: { load: async () => ['edge-secret'] },
  });
  const send = async (n: number) => {
    const app = application(n);
    const form = buildForm(app.participantSub, `session-${n}`, Date.now(), SECRET, undefined, {
      token: app.token,
      region: 'Lazio',
      axis: '2',
    });
    const answers = Object.fromEntries(form.fields.map((f) => [f.name, charactersAt(app.token, f.positions)]));
    const event = {
      resource: '/sportello/send',
      path: '/sportello/send',
      httpMethod: 'POST',
      headers: { authorization: `Bearer ${await token(app.participantSub)}`, 'x-sportello-origin': 'edge-secret' },
      body: JSON.stringify({ formId: form.formId, answers }),
      isBase64Encoded: false,
      requestContext: {
        requestTimeEpoch: Date.now(),
        identity: { sourceIp: '203.0.113.7' },
        authorizer: {
          claims: {
            sub: app.participantSub,
            jti: `jti-${app.participantSub}`,
            token_use: 'access',
            client_id: 'client',
            scope: 'sportello/participant',
          },
        },
      },
    } as unknown as APIGatewayProxyEvent;
    return handler(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context);
  };

  // Cold: keys fetched, modules warmed. Then a warm send of another participant, measured.
  expect((await send(1)).statusCode).toBe(201);
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await session.post('Profiler.takePreciseCoverage');
  measuring = true;
  expect((await send(2)).statusCode).toBe(201);
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  ddb.restore();

  expect(walked).toBeDefined();
  expect(walked?.length).toBeLessThanOrEqual(12);
  expect(new Set(walked)).toEqual(new Set(SEND_PATH));
});

/** Files of lambdas/ with at least one function run since the last take. */
function filesRun(result: { url: string; functions: { ranges: { count: number }[] }[] }[]): string[] {
  const root = `${process.cwd()}/`;
  return result
    .filter((script) => script.url.includes('/lambdas/') && !script.url.includes('node_modules'))
    .filter((script) => script.functions.some((f) => (f.ranges[0]?.count ?? 0) > 0))
    .map((script) => script.url.replace(/^file:\/\//, '').replace(root, ''))
    .sort();
}
