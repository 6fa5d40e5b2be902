/**
 * Local fault injection (`local/faults/`) with the real SDK clients: a tiny loopback server stands in for DynamoDB
 * and SQS (it records what reaches it), the local KMS endpoint for KMS. Throttling must surface as the SDK's real
 * exception classes after the configured attempts, `down` as a refused connection, `ok` must pass through, a state
 * change must apply from the next request — also in another process — and bad inputs must be listed.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient, KMSServiceException, SignCommand } from '@aws-sdk/client-kms';
import { RequestThrottled, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { buildClients } from '#adapters/clients';
import { guard } from '#adapters/failures';
import { Unavailable } from '#domain/kernel/unavailable';
import { type KmsEmulator, startKms } from '#local/emulators/kms';
import {
  DYNAMODB_THROTTLING_MESSAGE,
  FAULTS_FILE_ENV,
  type FaultInjection,
  FaultStateFile,
  faultValidationError,
  HEALTHY,
  installFaults,
  KMS_THROTTLING_MESSAGE,
  parseFaultBody,
  parseFaultFlag,
} from '#local/faults/index';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'local-faults-'));
const stateFile = new FaultStateFile(join(dir, 'faults.json'));
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const quick = (attempts: number) => ({ retryStrategy: new ConfiguredRetryStrategy(attempts, 5) });

/** What reached the stand-in server, by `X-Amz-Target`. */
const reached: string[] = [];
let server: Server;
let endpoint: string;
let kms: KmsEmulator;
let faults: FaultInjection;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Just enough DynamoDB (JSON 1.0) and SQS (JSON 1.0, MD5 of the body checked by the client) to answer `ok`. */
async function standIn() {
  const s = createServer(async (req, res) => {
    const text = await body(req);
    const target = String(req.headers['x-amz-target']);
    reached.push(target);
    let answer: object = {};
    if (target === 'AmazonSQS.SendMessage') {
      const { MessageBody } = JSON.parse(text) as { MessageBody: string };
      answer = { MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') };
    }
    const payload = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  return s;
}

async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as { port: number };
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

const dynamo = (extra: object = {}) =>
  new DynamoDBClient({ endpoint, region: 'eu-south-1', credentials, maxAttempts: 3, ...extra });
const sqs = (extra: object = {}) =>
  new SQSClient({ endpoint, region: 'eu-south-1', credentials, useQueueUrlAsEndpoint: false, ...extra });
const kmsClient = (extra: object = {}) =>
  new KMSClient({ endpoint: kms.endpoint, region: 'eu-south-1', credentials, ...extra });
const getItem = (client: DynamoDBClient) =>
  client.send(new GetItemCommand({ TableName: 'sportello-local-sends', Key: { pk: { S: 'k' } } }));
const sendMessage = (client: SQSClient) =>
  client.send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, MessageBody: 'ciao' }));

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  server = await standIn();
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  kms = await startKms({ stateDir: join(dir, 'kms') });
  faults = installFaults(stateFile);
});
beforeEach(() => {
  stateFile.write(HEALTHY);
  reached.length = 0;
  faults.resetCounts();
});
afterAll(async () => {
  faults.uninstall();
  await kms.stop();
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the handler every client uses', () => {
  test.each([
    'client-dynamodb',
    'client-sqs',
    'client-kms',
    'client-sns',
    'client-s3',
    'client-cognito-identity-provider',
  ])('given @aws-sdk/%s, then it requires the one @smithy/node-http-handler this module wraps', (name) => {
    const fromClient = require.resolve('@smithy/node-http-handler', {
      paths: [resolve(require.resolve(`@aws-sdk/${name}`), '..')],
    });
    expect(fromClient).toBe(require.resolve('@smithy/node-http-handler'));
  });

  test("given the product's clients, then their request handlers are instances of the wrapped class", () => {
    const clients = buildClients({ endpoint });
    for (const client of [clients.dynamo, clients.sqs, clients.kms, clients.sns, clients.s3, clients.cognito]) {
      expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
      client.destroy();
    }
  });
});

describe('ok', () => {
  test('given every service ok, then calls pass through to the endpoint and are counted per service and operation', async () => {
    const d = dynamo();
    const q = sqs();
    const k = kmsClient();
    await getItem(d);
    await d.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'k' } } }));
    const sent = await sendMessage(q);
    const key = await k.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    expect(sent.MessageId).toBeDefined();
    expect(key.KeyMetadata?.KeyId).toBeDefined();
    expect(reached).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.PutItem', 'AmazonSQS.SendMessage']);
    expect(faults.counts()).toEqual({
      'dynamodb.GetItem': 1,
      'dynamodb.PutItem': 1,
      'kms.CreateKey': 1,
      'sqs.SendMessage': 1,
    });
    expect(faults.total('dynamodb')).toBe(2);
    for (const c of [d, q, k]) c.destroy();
  });
});

describe('throttle', () => {
  test("given DynamoDB throttled, then the product's clients (standard retries, 3 attempts) throw the SDK's ThrottlingException after 3 attempts, nothing reaches DynamoDB, and the product answers Unavailable", async () => {
    stateFile.update({ dynamodb: 'throttle' });
    const clients = buildClients({ endpoint });
    const error = await rejection(
      clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: 'sportello-local-sends', Item: { pk: 'k' } } }],
        }),
      ),
    );
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error.message).toBe(DYNAMODB_THROTTLING_MESSAGE);
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
    expect(faults.counts()).toEqual({ 'dynamodb.TransactWriteItems': 3 });
    expect(reached).toEqual([]);

    const unavailable = await rejection(guard('dynamodb:GetItem', () => getItem(clients.dynamo)));
    expect(unavailable).toBeInstanceOf(Unavailable);
    expect(unavailable.retryAfterSeconds).toBe(2); // throttling, as failures.ts tells it apart
    clients.dynamo.destroy();
  }, 20_000);

  test('given DynamoDB throttled on a single-table call, then the error names the table in throttlingReasons, as DynamoDB does', async () => {
    stateFile.update({ dynamodb: 'throttle' });
    const d = dynamo(quick(2));
    const error = await rejection(getItem(d));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.throttlingReasons).toEqual([
      {
        reason: 'TableReadKeyRangeThroughputExceeded',
        resource: 'arn:aws:dynamodb:eu-south-1:000000000000:table/sportello-local-sends',
      },
    ]);
    expect(error.$metadata).toMatchObject({ attempts: 2 });
    d.destroy();
  });

  test("given SQS throttled, then the SDK's RequestThrottled (query-compatible code, HTTP 403) after the configured attempts", async () => {
    stateFile.update({ sqs: 'throttle' });
    const q = sqs(quick(3));
    const error = await rejection(sendMessage(q));
    expect(error).toBeInstanceOf(RequestThrottled);
    expect(error.name).toBe('RequestThrottled');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 3 });
    expect((error.Error as { Code?: string }).Code).toBe('RequestThrottled');
    expect(faults.counts()).toEqual({ 'sqs.SendMessage': 3 });
    expect(reached).toEqual([]);
    expect(await rejection(guard('sqs:SendMessage', () => sendMessage(q)))).toBeInstanceOf(Unavailable);
    q.destroy();
  });

  test('given KMS throttled, then ThrottlingException with the KMS message (HTTP 400) after the configured attempts, and the KMS endpoint saw nothing', async () => {
    const k = kmsClient(quick(3));
    const { KeyMetadata } = await k.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    kms.resetRequestCounts();
    stateFile.update({ kms: 'throttle' });
    const error = await rejection(
      k.send(
        new SignCommand({ KeyId: KeyMetadata?.KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    );
    expect(error).toBeInstanceOf(KMSServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe(KMS_THROTTLING_MESSAGE);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
    expect(kms.requestCounts()).toEqual({});
    k.destroy();
  });
});

describe('down', () => {
  test('given each service down, then a refused connection, retried as transient, that the product classifies as a real refused connection', async () => {
    stateFile.update({ dynamodb: 'down', sqs: 'down', kms: 'down' });
    const real = buildClients({ endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 2 });
    const realError = await rejection(getItem(real.dynamo));
    const calls: [string, () => Promise<unknown>][] = [
      ['dynamodb', () => getItem(dynamo(quick(2)))],
      ['sqs', () => sendMessage(sqs(quick(2)))],
      [
        'kms',
        () => kmsClient(quick(2)).send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })),
      ],
    ];
    for (const [service, call] of calls) {
      faults.resetCounts();
      const error = await rejection(call());
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.syscall).toBe('connect');
      expect(error.message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
      expect(error.$metadata).toMatchObject({ attempts: 2 });
      expect(faults.total(service)).toBe(2);
      // The product sees the same thing as for a closed port: Unavailable, retry after 1 s.
      const mapped = await rejection(guard(service, call));
      const realMapped = await rejection(guard(service, () => Promise.reject(realError)));
      expect(mapped).toBeInstanceOf(Unavailable);
      expect(realMapped).toBeInstanceOf(Unavailable);
      expect(mapped.retryAfterSeconds).toBe(realMapped.retryAfterSeconds);
    }
    expect(realError.$metadata).toMatchObject({ attempts: 2 });
    expect(String(realError.code ?? realError.message)).toMatch(/ECONNREFUSED/);
    expect(reached).toEqual([]);
    real.dynamo.destroy();
  });
});

describe('state changes', () => {
  test('given the state file changed between two calls, then the next call follows it; other services are untouched', async () => {
    const d = dynamo(quick(1));
    const q = sqs(quick(1));
    await getItem(d);
    stateFile.update({ dynamodb: 'throttle' });
    expect((await rejection(getItem(d))).name).toBe('ThrottlingException');
    await sendMessage(q); // sqs still ok
    stateFile.update({ dynamodb: 'down' });
    expect((await rejection(getItem(d))).code).toBe('ECONNREFUSED');
    stateFile.update({ dynamodb: 'ok' });
    await getItem(d);
    expect(reached).toEqual(['DynamoDB_20120810.GetItem', 'AmazonSQS.SendMessage', 'DynamoDB_20120810.GetItem']);
    d.destroy();
    q.destroy();
  });

  test('given another process with the register preload and SPORTELLO_FAULTS_FILE, then it follows the same file from its next request, and its refused connection has the shape of a real one', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './local/faults/register.ts',
        './test/unit/fixtures/faults-child.ts',
        endpoint,
        String(await closedPort()),
      ],
      { cwd: root, env: { ...process.env, [FAULTS_FILE_ENV]: stateFile.path, NODE_NO_WARNINGS: '1' }, stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ask = async () => {
      child.stdin.write('go\n');
      const next = await lines.next();
      if (next.done) throw new Error(`child ended: ${stderr}`);
      return JSON.parse(next.value) as {
        outcome: string;
        attempts?: number;
        error?: Record<string, unknown>;
        real?: Record<string, unknown>;
        counts?: Record<string, number>;
      };
    };
    try {
      expect(await ask()).toEqual({ outcome: 'ok', attempts: 1 });
      stateFile.update({ dynamodb: 'throttle' });
      const throttled = await ask();
      expect(throttled.error).toMatchObject({ name: 'ThrottlingException', attempts: 2 });
      stateFile.update({ dynamodb: 'down' });
      const down = await ask();
      // Outside jest, the injected error and a real refused connection are the same kind of object.
      const { attempts: _a, ...injected } = down.error as Record<string, unknown>;
      const { attempts: _b, ...real } = down.real as Record<string, unknown>;
      expect(injected).toEqual(real);
      expect(injected).toMatchObject({ isError: true, code: 'ECONNREFUSED', syscall: 'connect' });
      // 1 ok, 2 throttled, 2 refused, and 2 + 2 to the closed port (the child also tries it after the throttled call).
      expect(down.counts).toEqual({ 'dynamodb.GetItem': 9 });
      stateFile.update({ dynamodb: 'ok' });
      expect(await ask()).toEqual({ outcome: 'ok', attempts: 1 });
    } finally {
      child.stdin.end();
      child.kill();
    }
  }, 30_000);
});

describe('exemptions', () => {
  test("given a client of the local cloud's own machinery exempted, then its calls pass and are not counted while the product's fail", async () => {
    stateFile.update({ sqs: 'down', dynamodb: 'throttle' });
    const machinery = buildClients({ endpoint });
    faults.exempt(machinery.sqs, machinery.dynamo);
    await sendMessage(machinery.sqs);
    await getItem(machinery.dynamo);
    const product = sqs(quick(1));
    expect((await rejection(sendMessage(product))).code).toBe('ECONNREFUSED');
    expect(reached).toEqual(['AmazonSQS.SendMessage', 'DynamoDB_20120810.GetItem']);
    expect(faults.counts()).toEqual({ 'sqs.SendMessage': 1 });
    product.destroy();
    machinery.sqs.destroy();
    machinery.dynamo.destroy();
  });
});

describe('FaultStateFile', () => {
  test('given no file, a broken file or stray keys, then every unknown is ok; writes merge subsets and are seen at once, even twice within a millisecond', () => {
    const file = new FaultStateFile(join(dir, 'other', 'faults.json'));
    expect(file.read()).toEqual(HEALTHY);
    expect(file.update({ kms: 'down' })).toEqual({ dynamodb: 'ok', sqs: 'ok', kms: 'down' });
    expect(file.update({ sqs: 'throttle' })).toEqual({ dynamodb: 'ok', sqs: 'throttle', kms: 'down' });
    const reader = new FaultStateFile(file.path);
    expect(reader.read()).toEqual({ dynamodb: 'ok', sqs: 'throttle', kms: 'down' });
    file.write(HEALTHY);
    file.update({ dynamodb: 'down' });
    expect(reader.read()).toEqual({ dynamodb: 'down', sqs: 'ok', kms: 'ok' });
    file.update({ dynamodb: 'ok' });
    expect(reader.read()).toEqual(HEALTHY);
    writeFileSync(file.path, '{"kms":"down"'); // hand-broken
    expect(reader.read()).toEqual(HEALTHY);
    writeFileSync(file.path, '{"kms":"throttle","s3":"down","sqs":42}');
    expect(reader.read()).toEqual({ dynamodb: 'ok', sqs: 'ok', kms: 'throttle' });
  });
});

describe('parsing the CONTRACT body and the --faults flag', () => {
  test.each([
    [{ kms: 'down' }, { kms: 'down' }],
    [{}, {}],
    [
      { dynamodb: 'throttle', sqs: 'ok', kms: 'throttle' },
      { dynamodb: 'throttle', sqs: 'ok', kms: 'throttle' },
    ],
  ])('given the body %j, then the changes %j', (input, changes) => {
    expect(parseFaultBody(input)).toEqual({ ok: true, changes });
  });

  test('given unknown services and modes, then each bad field is listed, nothing is applied', () => {
    const parsed = parseFaultBody({ kms: 'broken', s3: 'down', sqs: 'down', dynamodb: 1 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fields.map((f) => f.path)).toEqual(['kms', 's3', 'dynamodb']);
    expect(parsed.fields[0]?.message).toMatch(/"ok", "throttle", "down"/);
    expect(parsed.fields[1]?.message).toMatch(/"dynamodb", "sqs", "kms"/);
    expect(faultValidationError(parsed.fields)).toEqual({
      error: { code: 'VALIDATION', message: expect.any(String), fields: parsed.fields },
    });
  });

  test.each([null, [], 'kms=down', 3])('given the body %j, then a validation problem on the whole body', (input) => {
    expect(parseFaultBody(input)).toEqual({ ok: false, fields: [{ path: '', message: expect.any(String) }] });
  });

  test.each([
    ['kms=throttle,sqs=down', { kms: 'throttle', sqs: 'down' }],
    [' dynamodb = down ', { dynamodb: 'down' }],
    ['kms=ok,', { kms: 'ok' }],
  ])('given --faults %s, then %j', (flag, changes) => {
    expect(parseFaultFlag(flag)).toEqual({ ok: true, changes });
  });

  test.each([
    ['', ['--faults']],
    ['kms', ['kms']],
    ['kms=down=1', ['kms=down=1']],
    ['s3=down', ['s3']],
    ['kms=slow', ['kms']],
    ['kms=down,kms=ok', ['kms']],
    ['kms=down,sqs=nope,x=ok', ['sqs', 'x']],
  ])('given --faults %j, then problems at %j', (flag, paths) => {
    const parsed = parseFaultFlag(flag);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.fields.map((f) => f.path)).toEqual(paths);
  });
});

describe('installation', () => {
  test('given an installation, then a second one is refused; after uninstall, faults no longer apply', async () => {
    expect(() => installFaults(stateFile)).toThrow(/already installed/);
    stateFile.update({ dynamodb: 'throttle' });
    faults.uninstall();
    try {
      const d = dynamo(quick(1));
      await getItem(d);
      expect(reached).toEqual(['DynamoDB_20120810.GetItem']);
      d.destroy();
    } finally {
      faults = installFaults(stateFile);
    }
  });
});
