/**
 * The published lists at `/lists/…` and the transparency log at `/log/…` (its tiles, checkpoint, public tables and
 * `/log/index.json`) on the site, as CloudFront serves them from the lists bucket on AWS: the object
 * whose key is the path without its leading `/` (`/lists/isi2024/lazio/2.html` → `lists/isi2024/lazio/2.html`),
 * with the content type and cache rule it was stored with. Here the bucket is s3rver's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { awsClients } from '#adapters/clients';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { BUCKETS } from '#catalogue/resources';

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Elenco non trovato — Sportello</title></head>' +
  "<body><main><h1>Elenco non trovato</h1><p>L'elenco richiesto non è stato pubblicato. " +
  '<a href="/api/lists">Elenchi pubblicati</a>.</p></main></body></html>';

export function isListsPath(pathname: string): boolean {
  return pathname.startsWith('/lists/') || pathname.startsWith('/log/');
}

export async function serveLists(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const bucketName = process.env[BUCKETS.lists.env];
  let key: string;
  try {
    key = decodeURIComponent(pathname).slice(1);
  } catch {
    key = '';
  }
  const readable =
    bucketName && key && !key.split('/').includes('..') && (req.method === 'GET' || req.method === 'HEAD');
  const stored = readable ? await new ListsBucket(awsClients().s3, bucketName).get(key) : undefined;
  if (!stored) {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(NOT_FOUND_PAGE);
    return;
  }
  res.writeHead(200, {
    'content-type': stored.contentType ?? 'application/octet-stream',
    'content-length': String(stored.body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : stored.body);
}
