import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { StoredObject } from '#adapters/s3/lists-bucket';
import { type ListsDeps, listsHandler } from '#http/routes/lists';

function bucket(objects: Record<string, string | Buffer>): ListsDeps['bucket'] {
  return {
    get: async (key: string): Promise<StoredObject | undefined> =>
      key in objects ? { body: Buffer.from(objects[key] as string | Buffer), contentType: undefined } : undefined,
  };
}

const event = (resource: string, path: string, pathParameters: Record<string, string> | null = null) =>
  ({
    resource,
    path,
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestTimeEpoch: Date.now(), identity: { sourceIp: '127.0.0.1' }, requestId: 'r' },
  }) as unknown as APIGatewayProxyEvent;
const file = (edition: string, region: string, name: string) =>
  event('/lists/{edition}/{region}/{file}', `/lists/${edition}/${region}/${name}`, { edition, region, file: name });
const context = { awsRequestId: 'test' } as Context;

describe('lists handler', () => {
  test('given no publication yet, then the index is empty', async () => {
    const out = await listsHandler({ bucket: bucket({}) })(event('/lists', '/lists'), context);
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(out.body)).toEqual({ updatedAt: null, lists: [], publications: [] });
  });

  test('given a published list, then each format is served raw with its content type', async () => {
    const handle = listsHandler({
      bucket: bucket({ 'lists/isi2024/lazio/5.1.csv': 'position,token\n', 'lists/isi2024/lazio/5.1.html': '<p>x</p>' }),
    });
    const csv = await handle(file('isi2024', 'lazio', '5.1.csv'), context);
    const html = await handle(file('isi2024', 'lazio', '5.1.html'), context);
    expect(csv).toMatchObject({ statusCode: 200, body: 'position,token\n' });
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(html.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  test('given an address that is not a list, or a list never published, then 404 NOT_FOUND in the CONTRACT shape', async () => {
    const handle = listsHandler({ bucket: bucket({}) });
    for (const [edition, region, name] of [
      ['isi2024', 'lazio', '5.1.json'],
      ['isi1999', 'lazio', '5.1.json'],
      ['isi2024', 'atlantide', '2.csv'],
      ['isi2024', 'lazio', '2.exe'],
    ] as const) {
      const out = await handle(file(edition, region, name), context);
      expect(out.statusCode).toBe(404);
      expect(JSON.parse(out.body).error.code).toBe('NOT_FOUND');
    }
  });

  test('given a list too large for a Lambda answer, then a redirect to the site path served from the bucket', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    const out = await listsHandler({ bucket: bucket({ 'lists/isi2024/lombardia/2.json': big }) })(
      file('isi2024', 'lombardia', '2.json'),
      context,
    );
    expect(out).toMatchObject({ statusCode: 302, headers: { location: '/lists/isi2024/lombardia/2.json' } });
  });
});
