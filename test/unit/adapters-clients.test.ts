import { buildClients, endpointFor } from '#adapters/clients';
import { guard, isConditionalFailure, isTransient } from '#adapters/failures';
import { Unavailable } from '#domain/kernel/unavailable';

const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $fault: 'client', $metadata: { httpStatusCode: 400 }, ...extra });

describe('adapters: AWS failures are classified once', () => {
  test.each([
    ['ThrottlingException', sdkError('ThrottlingException')],
    ['ProvisionedThroughputExceededException', sdkError('ProvisionedThroughputExceededException')],
    ['RequestLimitExceeded', sdkError('RequestLimitExceeded')],
    [
      'a 500 InternalServerError',
      sdkError('InternalServerError', { $fault: 'server', $metadata: { httpStatusCode: 500 } }),
    ],
    ['a 503 of an unknown name', sdkError('Whatever', { $metadata: { httpStatusCode: 503 } })],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['an AggregateError of refusals', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])],
    ['the SDK TimeoutError', sdkError('TimeoutError')],
  ])('%s is transient', (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  test.each([
    ['ConditionalCheckFailedException', sdkError('ConditionalCheckFailedException')],
    ['ValidationException', sdkError('ValidationException')],
    ['ResourceNotFoundException', sdkError('ResourceNotFoundException')],
    ['a plain TypeError', new TypeError('x')],
    ['undefined', undefined],
  ])('%s is not transient', (_, error) => {
    expect(isTransient(error)).toBe(false);
  });

  test('guard turns transient failures into Unavailable (throttling asks for a longer pause) and passes others', async () => {
    await expect(guard('op', () => Promise.reject(sdkError('ThrottlingException')))).rejects.toMatchObject({
      name: 'Unavailable',
      operation: 'op',
      retryAfterSeconds: 2,
    });
    const refused = sdkError('ConditionalCheckFailedException');
    await expect(guard('op', () => Promise.reject(refused))).rejects.toBe(refused);
    expect(isConditionalFailure(refused)).toBe(true);
    await expect(guard('op', async () => 42)).resolves.toBe(42);
    const already = new Unavailable('inner');
    await expect(guard('outer', () => Promise.reject(already))).rejects.toBe(already);
  });
});

describe('adapters: one client factory', () => {
  test('a per-service endpoint wins over AWS_ENDPOINT_URL, which wins over AWS', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324' };
    expect(endpointFor('SQS', env)).toBe('http://127.0.0.1:9324');
    expect(endpointFor('DYNAMODB', env)).toBe('http://127.0.0.1:4566');
    expect(endpointFor('DYNAMODB', {})).toBeUndefined();
  });

  test('with an endpoint: every client targets it, S3 goes path-style, dummy credentials when none are set', async () => {
    const clients = buildClients({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'eu-south-1' } });
    for (const client of [clients.dynamo, clients.sqs, clients.sns, clients.s3, clients.kms, clients.cognito]) {
      const endpoint = await client.config.endpoint?.();
      expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:4566');
      expect(await client.config.region()).toBe('eu-south-1');
      expect((await client.config.credentials()).accessKeyId).toBe('local');
      expect(await client.config.maxAttempts()).toBe(3);
    }
    expect(clients.s3.config.forcePathStyle).toBe(true);
    expect(clients.sqs.config.useQueueUrlAsEndpoint).toBe(false);
  });

  test('without an endpoint: real AWS (no fixed endpoint, virtual-hosted S3)', () => {
    const clients = buildClients({ env: { AWS_REGION: 'eu-south-1' } });
    expect(clients.dynamo.config.endpoint).toBeUndefined();
    expect(clients.s3.config.forcePathStyle).toBe(false);
  });
});
