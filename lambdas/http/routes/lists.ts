/**
 * Public lists (R18, CONTRACT `GET /lists`).
 * - `GET /lists` → the index written by `lists publish` (`lists/index.json` of the lists bucket): the current lists
 *   with the addresses of their JSON, CSV and HTML, and every publication; before any publication, empty lists.
 * - `GET /lists/{edition}/{region}/{file}` → one current list file (`2.json`, `5.1.csv`, `1.1.html`, `2-definitivo.json`,
 *   `elenco-lazio-asse-2-provvisorio.csv`), the same object
 *   CloudFront serves at `/lists/…` on the site; here for clients that stay under `/api`. 404 NOT_FOUND when the
 *   address is not a list or the list was never published.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { z } from 'zod';
import {
  CONTENT_TYPES,
  EMPTY_INDEX,
  INDEX_KEY,
  ListsIndexSchema,
  listPathKey,
  parseListPath,
} from '#domain/lists/publication';
import { fail } from '#http/errors';
import { errorReply, httpHandler, ok, route } from '#http/handler';
import { serviceName } from '#catalogue/observability';

const log = new Logger({ serviceName: serviceName('lists') });
const FILE_RESOURCE = '/lists/{edition}/{region}/{file}';
/** API Gateway's Lambda proxy answer is limited to 6 MB (base64 adds a third): bigger lists are read at the edge. */
const INLINE_LIMIT_BYTES = 4 * 1024 * 1024;

/** The published files, by key (`lists/index.json`, `lists/isi2024/lazio/2.csv`). */
export interface ListsDeps {
  bucket: { get(key: string): Promise<{ body: Buffer } | undefined> };
}

export const indexRoute = (deps: ListsDeps) =>
  route({
    async handle() {
      const stored = await deps.bucket.get(INDEX_KEY);
      if (!stored) return ok(EMPTY_INDEX);
      return {
        ...ok(ListsIndexSchema.parse(JSON.parse(stored.body.toString('utf8')))),
        headers: { 'cache-control': 'no-cache' },
      };
    },
  });

const Params = z.object({ edition: z.string(), region: z.string(), file: z.string() });

/** One list file, raw (CSV and HTML are not JSON); errors in the CONTRACT shape. */
export async function serveListFile(event: APIGatewayProxyEvent, deps: ListsDeps): Promise<APIGatewayProxyResult> {
  try {
    const params = Params.safeParse(event.pathParameters ?? {});
    if (!params.success) throw fail.notFound('Elenco inesistente.');
    let address: ReturnType<typeof parseListPath>;
    try {
      address = parseListPath(params.data.edition, params.data.region, params.data.file);
    } catch {
      throw fail.notFound('Elenco inesistente: indirizzo non valido.');
    }
    const key = listPathKey(address);
    const stored = await deps.bucket.get(key);
    if (!stored) throw fail.notFound('Elenco non ancora pubblicato.');
    if (stored.body.length > INLINE_LIMIT_BYTES) {
      return { statusCode: 302, headers: { location: `/${key}`, 'cache-control': 'no-cache' }, body: '' };
    }
    return {
      statusCode: 200,
      headers: {
        'content-type': CONTENT_TYPES[address.format],
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      },
      body: stored.body.toString('utf8'),
    };
  } catch (error) {
    return errorReply(error, event, log);
  }
}

export function listsHandler(deps: ListsDeps) {
  const json = httpHandler({ 'GET /lists': indexRoute(deps) });
  return (event: APIGatewayProxyEvent, context: Context) =>
    event.resource === FILE_RESOURCE ? serveListFile(event, deps) : json(event, context);
}
