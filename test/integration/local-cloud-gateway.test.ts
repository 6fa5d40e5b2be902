/**
 * The local gateway's API Gateway behaviour, with a fixture handler that echoes its event: REST v1 proxy event
 * fields, the arrival instant, the caller's address, Cognito access-token verification against the running
 * cloud's participant pool, and the body limit.
 */

import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { cognitoVerifier } from '#local/gateway/auth';
import { BODY_LIMIT_BYTES, createGateway } from '#local/gateway/server';
import { Outbox } from '#local/outbox';
import { clients, endpoints } from './helpers/cloud.ts';
import { type SignedIn, signedInParticipant } from './helpers/participant.ts';

const aws = clients();
let server: Server;
let base: string;
let participant: SignedIn;

beforeAll(async () => {
  server = createGateway({
    root: join(__dirname, 'helpers', 'fixture'),
    routes: [
      { method: 'GET', path: '/echo/{token}', handler: 'echo' as never, auth: 'none' },
      { method: 'POST', path: '/echo', handler: 'echo' as never, auth: 'none' },
      { method: 'GET', path: '/private', handler: 'echo' as never, auth: 'participant' },
    ],
    verify: cognitoVerifier(endpoints().resources.userPools),
    outbox: new Outbox(undefined),
    endpoints: () => ({}),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  participant = await signedInParticipant(aws.cognito);
});
afterAll(async () => {
  aws.destroy();
  await new Promise((r) => server?.close(r));
});

async function echo(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, event: JSON.parse(text) as APIGatewayProxyEvent & { error?: { code: string } } };
}

describe('local gateway', () => {
  test('given a route with a path parameter, then the handler gets a REST v1 proxy event', async () => {
    const before = Date.now();
    const { status, event } = await echo('/echo/%2Babc?x=1&x=2&y=z', {
      headers: { 'X-Forwarded-For': '203.0.113.7, 10.0.0.1', 'X-Prova': 'uno' },
    });
    expect(status).toBe(200);
    expect(event).toMatchObject({
      resource: '/echo/{token}',
      // Like API Gateway: `path` as requested, path parameters decoded.
      path: '/echo/%2Babc',
      httpMethod: 'GET',
      pathParameters: { token: '+abc' },
      queryStringParameters: { x: '2', y: 'z' },
      multiValueQueryStringParameters: { x: ['1', '2'], y: ['z'] },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers['X-Prova']).toBe('uno');
    expect(event.multiValueHeaders['X-Prova']).toEqual(['uno']);
    expect(event.requestContext.resourcePath).toBe('/echo/{token}');
    // From a loopback peer the first X-Forwarded-For entry is the caller, as CloudFront would report it.
    expect(event.requestContext.identity.sourceIp).toBe('203.0.113.7');
    expect(event.requestContext.requestTimeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.requestTimeEpoch).toBeLessThanOrEqual(Date.now());
    expect(event.requestContext.authorizer).toBeNull();
  });

  test('given a slow body, then requestTimeEpoch is the instant the request arrived, not when its body ended', async () => {
    const url = new URL(`${base}/echo`);
    const sentAt = Date.now();
    const event = await new Promise<APIGatewayProxyEvent>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.flushHeaders();
      setTimeout(() => req.end('{"a":1}'), 400);
    });
    expect(event.body).toBe('{"a":1}');
    expect(event.requestContext.requestTimeEpoch - sentAt).toBeLessThan(300);
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');
  });

  test('given no token on a participant route, then 401 UNAUTHENTICATED before the handler runs', async () => {
    const { status, event } = await echo('/private');
    expect(status).toBe(401);
    expect(event.error?.code).toBe('UNAUTHENTICATED');
  });

  test('given a participant access token, then the handler gets its verified claims as strings', async () => {
    const { status, event } = await echo('/private', {
      headers: { Authorization: `Bearer ${participant.accessToken}` },
    });
    expect(status).toBe(200);
    const claims = (event.requestContext.authorizer as { claims: Record<string, string> }).claims;
    // The pre token generation trigger ran (cognito-local calls the local Lambda emulation): the portal scope in, the
    // self-service scope out.
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: endpoints().resources.userPools.participant.clientId,
      scope: 'sportello/participant',
    });
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims.exp).toMatch(/^\d+$/);
  });

  test.each([
    ['the ID token instead of the access token', (s: SignedIn) => s.idToken],
    ['a tampered signature', (s: SignedIn) => `${s.accessToken.slice(0, -4)}AAAA`],
    ['a token that is not a JWT', () => 'not-a-jwt'],
  ])('given %s, then 401 UNAUTHENTICATED', async (_, token) => {
    const { status, event } = await echo('/private', { headers: { Authorization: `Bearer ${token(participant)}` } });
    expect(status).toBe(401);
    expect(event.error?.code).toBe('UNAUTHENTICATED');
  });

  test('given a body over the limit, then 413 in the CONTRACT error shape', async () => {
    const { status, event } = await echo('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(BODY_LIMIT_BYTES + 1),
    });
    expect(status).toBe(413);
    expect(event.error?.code).toBe('VALIDATION');
  });

  test('given a known path with another method, then 405 in the CONTRACT error shape', async () => {
    const { status, event } = await echo('/private', { method: 'DELETE' });
    expect(status).toBe(405);
    expect(event.error?.code).toBe('METHOD_NOT_ALLOWED');
  });
});
