import { z } from 'zod';
import { isTransient } from '#adapters/failures';
import { Unavailable } from '#domain/kernel/unavailable';
import { ApiError, fail } from '#http/errors';
import {
  type AuthorizerCaller,
  type ErrorLog,
  type Guard,
  httpHandler,
  noContent,
  type OriginSecret,
  ok,
  route,
} from '#http/handler';
import { USER_POOLS } from '#catalogue/resources';
import type { Route } from '#catalogue/routes';
import { lambdaContext, participantClaims, proxyEvent } from './http-event.ts';

// `npm test` runs the integration project's global setup first, which exports the local cloud's handler environment
// (client ids among it) to every worker; these tests configure the client check themselves.
for (const portal of Object.values(USER_POOLS)) delete process.env[portal.env.clientId];
delete process.env.VIEWER_ADDRESS_HEADER;

const ROUTES: Route[] = [
  { method: 'GET', path: '/public', handler: 'health', auth: 'none', cacheSeconds: 1 },
  { method: 'POST', path: '/things', handler: 'counter', auth: 'participant' },
  { method: 'POST', path: '/admin/things', handler: 'admin', auth: 'admin' },
  { method: 'GET', path: '/boom', handler: 'health', auth: 'none' },
  { method: 'POST', path: '/nothing', handler: 'health', auth: 'none' },
  { method: 'POST', path: '/lenient', handler: 'counter', auth: 'none' },
];

const Thing = z.object({
  name: z.string().min(3),
  count: z.number().int(),
  tags: z.array(z.string().max(2)).optional(),
});

function setup(
  options: { guards?: Guard[]; boom?: () => never; viewerAddressHeader?: string; origin?: OriginSecret } = {},
) {
  const logged: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const log: ErrorLog = {
    error: (message, extra) => logged.push({ level: 'error', message, extra }),
    warn: (message, extra) => logged.push({ level: 'warn', message, extra }),
  };
  const seen: unknown[] = [];
  const handler = httpHandler<AuthorizerCaller, string>(
    {
      'GET /public': route({
        handle: ({ request }) =>
          ok({ arrival: request.arrivalMs, ip: request.sourceIp, caller: request.caller ?? null }),
      }),
      'POST /things': route({
        body: Thing,
        handle: ({ body, request }) => {
          seen.push({ body, caller: request.caller });
          return { status: 201, body: { ok: true } };
        },
      }),
      'POST /admin/things': route({ handle: () => ok({}) }),
      'GET /boom': route({
        handle: () => {
          (
            options.boom ??
            (() => {
              throw new Error('secret mario.rossi@example.it');
            })
          )();
          return ok({});
        },
      }),
      'POST /nothing': route({ handle: () => noContent() }),
      'POST /lenient': route({ body: z.unknown(), lenientJson: true, handle: ({ body }) => ok({ got: body }) }),
    },
    {
      routes: ROUTES,
      log,
      isTransient,
      guards: options.guards ?? [],
      ...(options.viewerAddressHeader ? { viewerAddressHeader: options.viewerAddressHeader } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
  );
  const call = async (parts: Parameters<typeof proxyEvent>[0]) => {
    const result = await handler(proxyEvent(parts), lambdaContext);
    return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
  };
  return { call, logged, seen };
}

describe('http: dispatch and responses', () => {
  test('a public GET answers JSON with the route cache-control, the arrival instant and the source address', async () => {
    const { call } = setup();
    const res = await call({ resource: '/public', requestTimeEpoch: 1_793_000_000_123 });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=1',
    });
    expect(res.json).toEqual({ arrival: 1_793_000_000_123, ip: '203.0.113.7', caller: null });
  });

  test('a route not served by the module answers 404 NOT_FOUND in the CONTRACT shape', async () => {
    const { call } = setup();
    const res = await call({ method: 'DELETE', resource: '/public' });
    expect(res.statusCode).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
    expect(typeof res.json.error.message).toBe('string');
    expect(res.headers?.['cache-control']).toBe('no-store');
  });

  test('a route key missing from the route table fails when the handler is built (cold start)', () => {
    expect(() => httpHandler<AuthorizerCaller, string>({ 'GET /nowhere': route({ handle: () => ok({}) }) })).toThrow(
      /route table/,
    );
  });

  test('204 carries no body and no content-type; other routes default to no-store', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/nothing' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers?.['content-type']).toBeUndefined();
    expect(res.headers?.['cache-control']).toBe('no-store');
  });
});

describe('http: source address', () => {
  test('the viewer address header is ignored unless configured (a client could forge it)', async () => {
    const { call } = setup();
    const res = await call({ resource: '/public', headers: { 'CloudFront-Viewer-Address': '198.51.100.10:46532' } });
    expect(res.json.ip).toBe('203.0.113.7');
  });

  test.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8::1:46532', '2001:db8::1'],
    ['[2001:db8::2]:443', '2001:db8::2'],
  ])('behind CloudFront, CloudFront-Viewer-Address %s is read as %s (header name in any case)', async (value, ip) => {
    const { call } = setup({ viewerAddressHeader: 'CloudFront-Viewer-Address' });
    const res = await call({ resource: '/public', headers: { 'cloudfront-viewer-address': value } });
    expect(res.json.ip).toBe(ip);
  });

  test.each([
    ['198.51.100.10', '198.51.100.10'],
    ['2001:db8::1', '2001:db8::1'],
    ['not-an-address', '203.0.113.7'],
  ])('a header stamped by a CloudFront Function with the bare viewer IP: %s → %s', async (value, ip) => {
    const { call } = setup({ viewerAddressHeader: 'x-sportello-viewer' });
    const res = await call({ resource: '/public', headers: { 'X-Sportello-Viewer': value } });
    expect(res.json.ip).toBe(ip);
  });
});

describe('http: only through CloudFront (origin secret)', () => {
  const forged = { 'X-Sportello-Viewer': '192.0.2.66' };

  test('given the origin secret, the viewer address CloudFront stamped is trusted', async () => {
    const { call } = setup({ viewerAddressHeader: 'x-sportello-viewer', origin: { load: async () => ['s3cr3t'] } });
    const res = await call({ resource: '/public', headers: { ...forged, 'x-sportello-origin': 's3cr3t' } });
    expect(res.json.ip).toBe('192.0.2.66');
  });

  test.each([
    ['no origin header', {}],
    ['a wrong one', { 'x-sportello-origin': 'guessed' }],
  ])('given %s, a forged viewer address is refused with 403 FORBIDDEN before anything runs', async (_, extra) => {
    const { call, seen } = setup({
      viewerAddressHeader: 'x-sportello-viewer',
      origin: { load: async () => ['s3cr3t'] },
    });
    const res = await call({ method: 'POST', resource: '/things', headers: { ...forged, ...extra }, body: '{}' });
    expect(res.statusCode).toBe(403);
    expect(res.json.error.code).toBe('FORBIDDEN');
    expect(seen).toHaveLength(0);
  });

  test('after a rotation, the new value is accepted once reloaded (at most once a minute), the old one still is', async () => {
    let values = ['old'];
    let loads = 0;
    const origin: OriginSecret = {
      load: async () => {
        loads++;
        return values;
      },
    };
    const { call } = setup({ origin });
    expect((await call({ resource: '/public', headers: { 'x-sportello-origin': 'old' } })).statusCode).toBe(200);
    values = ['new', 'old'];
    // Loaded less than a minute ago: not loaded again, refused.
    expect((await call({ resource: '/public', headers: { 'x-sportello-origin': 'new' } })).statusCode).toBe(403);
    origin.loadedAt = Date.now() - 61_000;
    expect((await call({ resource: '/public', headers: { 'x-sportello-origin': 'new' } })).statusCode).toBe(200);
    expect((await call({ resource: '/public', headers: { 'x-sportello-origin': 'old' } })).statusCode).toBe(200);
    expect(loads).toBe(2);
  });
});

describe('http: body size', () => {
  test('a body over 16 KB is refused with 413 (code VALIDATION) before it is parsed', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/lenient', body: `{"name":"${'x'.repeat(16 * 1024)}"}` });
    expect(res.statusCode).toBe(413);
    expect(res.json.error).toEqual({ code: 'VALIDATION', message: 'La richiesta è troppo grande: al massimo 16 KB.' });
    const fits = await call({ method: 'POST', resource: '/lenient', body: `{"name":"${'x'.repeat(16_000)}"}` });
    expect(fits.statusCode).toBe(200);
  });
});

describe('http: authentication', () => {
  const body = JSON.stringify({ name: 'abc', count: 1 });

  test('given verified participant claims, the handler gets the caller as documented', async () => {
    const { call, seen } = setup();
    const res = await call({ method: 'POST', resource: '/things', body, claims: participantClaims() });
    expect(res.statusCode).toBe(201);
    expect(seen[0]).toEqual({
      body: { name: 'abc', count: 1 },
      caller: {
        portal: 'participant',
        sub: '5f0c1d2e-aaaa-bbbb-cccc-0123456789ab',
        username: '5f0c1d2e-aaaa-bbbb-cccc-0123456789ab',
        clientId: 'participant-client',
        jti: 'jti-1',
        originJti: 'origin-1',
        scopes: ['sportello/participant'],
        authTime: 1_793_000_000,
        issuedAt: 1_793_000_000,
        expiresAt: 1_793_003_600,
      },
    });
  });

  test.each([
    ['no claims at all', undefined],
    ['an ID token', participantClaims({ token_use: 'id' })],
    ['no jti', participantClaims({ jti: '' })],
  ])('given %s, a portal route answers 401 UNAUTHENTICATED', async (_, claims) => {
    const { call, seen } = setup();
    const res = await call({ method: 'POST', resource: '/things', body, ...(claims ? { claims } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
    expect(seen).toHaveLength(0);
  });

  test('given a participant token on an admin route, 401 UNAUTHENTICATED (token of the other portal)', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/admin/things', claims: participantClaims() });
    expect(res.statusCode).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['no portal scope (the trigger did not run)', 'openid'],
    ['the self-service scope the trigger suppresses', 'aws.cognito.signin.user.admin sportello/participant'],
    ['both portal scopes', 'sportello/participant sportello/admin'],
  ])('a token with %s is refused with 401 UNAUTHENTICATED', async (_label, scope) => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/things', body, claims: participantClaims({ scope }) });
    expect(res.statusCode).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
  });

  test('when the portal client id is configured, a token from another client is refused', async () => {
    const { call } = setup();
    process.env.PARTICIPANT_CLIENT_ID = 'participant-client';
    try {
      const ok = await call({ method: 'POST', resource: '/things', body, claims: participantClaims() });
      expect(ok.statusCode).toBe(201);
      const other = await call({
        method: 'POST',
        resource: '/things',
        body,
        claims: participantClaims({ client_id: 'browser-client' }),
      });
      expect(other.statusCode).toBe(401);
    } finally {
      delete process.env.PARTICIPANT_CLIENT_ID;
    }
  });

  test('authentication is checked before the body: no token and a broken body → 401, not 400', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/things', body: '{not json' });
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('http: guards run after authentication and before validation', () => {
  test('a rate-limit guard wins over a broken body and sets retry-after', async () => {
    const limited: Guard = () => {
      throw fail.rateLimited(7);
    };
    const { call } = setup({ guards: [limited] });
    const res = await call({ method: 'POST', resource: '/things', body: '{not json', claims: participantClaims() });
    expect(res.statusCode).toBe(429);
    expect(res.headers?.['retry-after']).toBe('7');
    expect(res.json.error.code).toBe('RATE_LIMITED');
  });

  test('a guard sees the authenticated caller', async () => {
    const subs: string[] = [];
    const { call } = setup({ guards: [(r) => void subs.push(r.caller?.sub ?? 'none')] });
    await call({ method: 'POST', resource: '/things', body: '{}', claims: participantClaims() });
    expect(subs).toEqual(['5f0c1d2e-aaaa-bbbb-cccc-0123456789ab']);
  });
});

describe('http: validation', () => {
  const claims = participantClaims();

  test('a body that is not JSON → 400 VALIDATION naming the whole body', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/things', body: '{"name":', claims });
    expect(res.statusCode).toBe(400);
    expect(res.json.error).toEqual({
      code: 'VALIDATION',
      message: expect.any(String),
      fields: [{ path: '', message: 'Il corpo della richiesta non è in formato JSON valido.' }],
    });
  });

  test('a route with lenientJson gets a body that is not JSON as its text, for its use case to judge', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/lenient', body: '{"name":' });
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ got: '{"name":' });
    const parsed = await call({ method: 'POST', resource: '/lenient', body: '{"name":"abc"}' });
    expect(parsed.json).toEqual({ got: { name: 'abc' } });
  });

  test('schema failures list every field with a dotted path and an Italian message', async () => {
    const { call } = setup();
    const body = JSON.stringify({ name: 'ab', count: 1.5, tags: ['abc'] });
    const res = await call({ method: 'POST', resource: '/things', body, claims });
    expect(res.statusCode).toBe(400);
    expect(res.json.error.fields).toEqual([
      { path: 'name', message: 'Inserire almeno 3 caratteri.' },
      { path: 'count', message: 'Valore non valido: è richiesto un numero intero.' },
      { path: 'tags.0', message: 'Inserire al massimo 2 caratteri.' },
    ]);
  });

  test('a missing body is a VALIDATION error, with required fields said to be required', async () => {
    const { call } = setup();
    const res = await call({ method: 'POST', resource: '/things', body: '{}', claims });
    expect(res.json.error.fields).toEqual([
      { path: 'name', message: 'Campo obbligatorio.' },
      { path: 'count', message: 'Campo obbligatorio.' },
    ]);
    const empty = await call({ method: 'POST', resource: '/things', body: null, claims });
    expect(empty.json.error).toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: '', message: 'Campo obbligatorio.' }],
    });
  });

  test('a base64-encoded JSON body is decoded', async () => {
    const { call, seen } = setup();
    const body = Buffer.from(JSON.stringify({ name: 'àèì', count: 2 })).toString('base64');
    const res = await call({ method: 'POST', resource: '/things', body, base64: true, claims });
    expect(res.statusCode).toBe(201);
    expect(seen[0]).toMatchObject({ body: { name: 'àèì', count: 2 } });
  });
});

describe('http: errors become the CONTRACT shape, never a stack or an AWS name', () => {
  test('an unknown error → 500 INTERNAL, generic Italian message, logged without its message', async () => {
    const { call, logged } = setup();
    const res = await call({ resource: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json).toEqual({
      error: { code: 'INTERNAL', message: 'Si è verificato un errore imprevisto. Riprovare più tardi.' },
    });
    expect(res.body).not.toMatch(/secret|Error|at /);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.level).toBe('error');
    expect(JSON.stringify(logged[0]?.extra)).not.toContain('mario.rossi');
    expect(logged[0]?.extra).toMatchObject({ route: 'GET /boom', errorName: 'Error' });
  });

  test('Unavailable from an adapter → 503 UNAVAILABLE with retry-after, logged as a warning', async () => {
    const { call, logged } = setup({
      boom: () => {
        throw new Unavailable('dynamodb:TransactWriteItems', 3);
      },
    });
    const res = await call({ resource: '/boom' });
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('3');
    expect(res.json.error.code).toBe('UNAVAILABLE');
    expect(res.body).not.toContain('dynamodb');
    expect(logged[0]).toMatchObject({ level: 'warn', extra: { operation: 'dynamodb:TransactWriteItems' } });
  });

  test('a raw SDK throttling error that escaped the adapters is still 503, and its name does not leak', async () => {
    const { call } = setup({
      boom: () => {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      },
    });
    const res = await call({ resource: '/boom' });
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain('ProvisionedThroughput');
  });

  test('ApiError extras go inside error; a domain error carrying a CONTRACT code is mapped the same way', async () => {
    const phase = setup({
      boom: () => {
        throw fail.phaseClosed('WAITING_ROOM');
      },
    });
    const res = await phase.call({ resource: '/boom' });
    expect(res.statusCode).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'PHASE_CLOSED', phase: 'WAITING_ROOM' });

    class Locked extends Error {
      readonly code = 'LOCKED';
      readonly details = { lockedUntil: '2026-10-26T09:01:00.000Z' };
    }
    const locked = setup({
      boom: () => {
        throw new Locked('');
      },
    });
    const lockedRes = await locked.call({ resource: '/boom' });
    expect(lockedRes.statusCode).toBe(423);
    expect(lockedRes.json.error).toEqual({
      code: 'LOCKED',
      message: "L'account è stato temporaneamente bloccato per impedirne l'uso non autorizzato. Riprovare più tardi.",
      lockedUntil: '2026-10-26T09:01:00.000Z',
    });
  });

  test('a 5xx ApiError never exposes its extras or a custom message', async () => {
    const { call } = setup({
      boom: () => {
        throw new ApiError('INTERNAL', { message: 'table sportello-dev-sends missing', extra: { table: 'x' } });
      },
    });
    const res = await call({ resource: '/boom' });
    expect(res.json).toEqual({
      error: { code: 'INTERNAL', message: 'Si è verificato un errore imprevisto. Riprovare più tardi.' },
    });
  });
});
