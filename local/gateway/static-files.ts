/** The built portals (`web/dist`) at `/`, as CloudFront serves them from the web bucket. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Only when web/dist has no 404.html (a partial build). */
const NOT_FOUND_PAGE =
  '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Pagina non trovata — Sportello</title></head>' +
  '<body><main><h1>Pagina non trovata</h1><p>L\'indirizzo richiesto non esiste. <a href="/">Torna alla pagina iniziale</a>.</p></main></body></html>';

async function fileAt(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) return fileAt(join(path, 'index.html'));
  } catch {
    // not there
  }
  return undefined;
}

export async function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse) {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  const candidate = normalize(join(root, decoded));
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  const file = inside ? await fileAt(candidate) : undefined;
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    // As CloudFront's site function does: the portals' own 404 page (web/dist/404.html), status 404.
    const page = await readFile(join(root, '404.html'), 'utf8').catch(() => NOT_FOUND_PAGE);
    res.writeHead(file ? 405 : 404, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : page);
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
