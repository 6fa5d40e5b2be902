/**
 * The local gateway: one node:http server doing what CloudFront + API Gateway + Lambda do on AWS. `/api/*` goes
 * through the shared route table to the real handlers (in this process, as REST v1 proxy events); everything else
 * is the built portals. It also serves the local-only routes (`/api/local/outbox`, `/api/local/endpoints`,
 * `/api/local/faults`).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type FaultInjection, faultValidationError, type FaultStateFile, parseFaultBody } from '#local/faults/index';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { BODY_TOO_LARGE_MESSAGE, MAX_BODY_BYTES, ROUTES, type Route } from '#catalogue/routes';
import type { Outbox } from '#local/outbox';
import type { Verifier } from './auth.ts';
import { type EdgeStamp, lambdaContext, proxyEvent } from './event.ts';
import { isListsPath, serveLists } from './lists.ts';
import { sendError, sendJson } from './respond.ts';
import { compileRoutes, matchRoute } from './routing.ts';
import { serveStatic } from './static-files.ts';

/** API Gateway accepts up to 10 MB; the WAF's size rule refuses more than any route accepts, and so does this. */
export const BODY_LIMIT_BYTES = MAX_BODY_BYTES;

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

export interface GatewayOptions {
  readonly routes?: readonly Route[];
  /** Repository root: handlers are `lambdas/handlers/<name>.ts` under it, portals `web/dist`. */
  readonly root: string;
  readonly verify: Verifier;
  readonly outbox: Outbox;
  /** The fault switch's state (`GET`/`POST /api/local/faults`); absent: the routes answer 404. */
  readonly faults?: FaultStateFile;
  /** The product's AWS calls made in this process, by `service.Operation` (`/api/local/calls`; `POST` resets). */
  readonly calls?: Pick<FaultInjection, 'counts' | 'resetCounts'>;
  /** The origin secret CloudFront would send (the local cloud plays CloudFront); absent: no headers stamped. */
  readonly edge?: EdgeStamp;
  /** The content of endpoints.json (known only once the gateway listens). */
  readonly endpoints: () => unknown;
  readonly log?: (line: string) => void;
}

class BodyTooLarge extends Error {}

/**
 * `GET /api/local/faults` → the state; `POST` with any subset (`{"kms":"down"}`) → the new state, in force for the
 * product's calls from the next request on (every process re-reads the file); a bad body → 400 VALIDATION.
 */
async function faultSwitch(req: IncomingMessage, res: ServerResponse, faults: FaultStateFile) {
  if (req.method === 'GET') return sendJson(res, 200, faults.read());
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Metodo non consentito.');
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, 4096)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw error;
    return sendJson(res, 400, faultValidationError([{ path: '', message: 'Il corpo non è JSON valido.' }]));
  }
  const parsed = parseFaultBody(body);
  if (!parsed.ok) return sendJson(res, 400, faultValidationError(parsed.fields));
  return sendJson(res, 200, faults.update(parsed.changes));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResult, route: Route) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = values.map(String);
  }
  if (route.cacheSeconds !== undefined && !headers['cache-control']) {
    headers['cache-control'] = `public, max-age=${route.cacheSeconds}`;
  }
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  headers['content-length'] = String(body.length);
  headers['content-type'] ??= 'application/json; charset=utf-8';
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

export function createGateway(options: GatewayOptions): Server {
  return createServer(gatewayListener(options));
}

/** The gateway as a request listener, for a server that listened before the cloud behind it was ready. */
export function gatewayListener(options: GatewayOptions): RequestListener {
  const routes = compileRoutes(options.routes ?? ROUTES);
  const handlers = new Map<string, Promise<Handler>>();
  const loadHandler = (name: string): Promise<Handler> => {
    let loaded = handlers.get(name);
    if (!loaded) {
      const file = join(options.root, 'lambdas', 'handlers', `${name}.ts`);
      loaded = import(file).then((mod: { handler?: Handler; default?: { handler?: Handler } }) => {
        const handler = mod.handler ?? mod.default?.handler;
        if (typeof handler !== 'function') throw new Error(`${file} exports no handler`);
        return handler;
      });
      loaded.catch(() => handlers.delete(name)); // a fixed file is picked up on the next request
      handlers.set(name, loaded);
    }
    return loaded;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL, receivedAt: number) => {
    const path = url.pathname.slice('/api'.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (path.startsWith('/local/')) return local(req, res, path, url);
    const match = matchRoute(routes, method, path);
    if (match === undefined) return sendError(res, 404, 'NOT_FOUND', 'Servizio inesistente.');
    if (match === 'method')
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Metodo non consentito per questo servizio.');
    const { route } = match;
    let claims: Record<string, string> | undefined;
    if (route.auth !== 'none') {
      const verified = await options.verify(route.auth, req.headers.authorization);
      if (!verified.ok) return sendError(res, 401, 'UNAUTHENTICATED', verified.message);
      claims = verified.claims;
    }
    const body = await readBody(req, BODY_LIMIT_BYTES);
    const event = proxyEvent({
      req,
      resource: route.path,
      path,
      query: url.searchParams,
      pathParameters: match.pathParameters,
      body,
      receivedAt,
      ...(claims ? { claims } : {}),
      ...(options.edge ? { edge: options.edge } : {}),
    });
    const handler = await loadHandler(route.handler);
    const result = await handler(event, lambdaContext(`sportello-local-${route.handler}`));
    writeResult(res, result, route);
  };

  const local = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => {
    if (path === '/local/faults' && options.faults) return faultSwitch(req, res, options.faults);
    if (path === '/local/calls' && options.calls) {
      if (req.method === 'POST') options.calls.resetCounts();
      return sendJson(res, 200, { counts: options.calls.counts() });
    }
    if (req.method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Metodo non consentito.');
    if (path === '/local/endpoints') return sendJson(res, 200, options.endpoints());
    if (path === '/local/outbox') {
      const to = url.searchParams.get('to');
      if (!to?.trim()) {
        return sendJson(res, 400, {
          error: {
            code: 'VALIDATION',
            message: 'Indicare il destinatario (parametro "to": indirizzo e-mail o numero di telefono).',
            fields: [{ path: 'to', message: 'Campo obbligatorio.' }],
          },
        });
      }
      // E-mails the SES emulator accepted a moment ago are in the answer too.
      await options.outbox.syncMail().catch((error: Error) => options.log?.(`outbox: ${error.message}`));
      return sendJson(res, 200, options.outbox.to(to));
    }
    return sendError(res, 404, 'NOT_FOUND', 'Servizio inesistente.');
  };

  return (req, res) => {
    // The platform's arrival instant: taken before anything else, the body included, is read.
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://local');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    const work = isApi
      ? api(req, res, url, receivedAt)
      : isListsPath(url.pathname)
        ? serveLists(url.pathname, req, res)
        : serveStatic(join(options.root, 'web', 'dist'), url.pathname, req, res);
    work.catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendError(res, 413, 'VALIDATION', BODY_TOO_LARGE_MESSAGE);
      }
      options.log?.(`gateway: ${req.method} ${url.pathname} failed: ${(error as Error).stack ?? error}`);
      if (res.headersSent) return res.destroy();
      // What API Gateway answers when the integration fails, in the CONTRACT shape: no stack, no AWS names.
      sendError(res, 502, 'INTERNAL_ERROR', 'Si è verificato un errore interno. Riprova tra qualche istante.');
    });
  };
}
