/** API Gateway REST (v1) proxy events and Lambda contexts, built from a local request. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '#catalogue/function-needs';
import type { Claims } from './auth.ts';

export interface RequestFacts {
  readonly req: IncomingMessage;
  /** Route path with `{param}` placeholders, as API Gateway names the resource. */
  readonly resource: string;
  /** Request path without the `/api` prefix. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly pathParameters: Record<string, string> | null;
  readonly body: Buffer;
  /** The instant the request arrived (before its body was read): the platform's arrival time. */
  readonly receivedAt: number;
  /** The headers CloudFront stamps, when the local cloud plays it. */
  readonly edge?: EdgeStamp;
  readonly claims?: Claims;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** The caller's address as the platform sees it: X-Forwarded-For (first entry) only from a loopback peer. */
export function sourceIp(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '127.0.0.1';
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (LOOPBACK.test(peer) && first) return first;
  return peer.replace(/^::ffff:/, '');
}

/**
 * The request's headers as API Gateway hands them over. With `edge` (the local cloud plays CloudFront), what
 * CloudFront's function and origin settings do: a client's own viewer-address and origin headers are dropped, the
 * viewer address (CONTRACT's source address) and the origin secret are stamped.
 */
function headerMaps(req: IncomingMessage, edge: EdgeStamp | undefined) {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const stamped = new Set([VIEWER_ADDRESS_HEADER, ORIGIN_VERIFY_HEADER]);
  const add = (name: string, value: string) => {
    headers[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  };
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (edge && stamped.has(name.toLowerCase())) continue;
    add(name, req.rawHeaders[i + 1] as string);
  }
  if (edge) {
    add(VIEWER_ADDRESS_HEADER, sourceIp(req));
    add(ORIGIN_VERIFY_HEADER, edge.originSecret);
  }
  return { headers, multi };
}

/** What the local cloud's "CloudFront" adds to every API request. */
export interface EdgeStamp {
  readonly originSecret: string;
}

function queryMaps(query: URLSearchParams) {
  if ([...query.keys()].length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of query) {
    single[key] = value;
    multi[key] = [...(multi[key] ?? []), value];
  }
  return { single, multi };
}

const TEXTUAL = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `24/Nov/2026:06:10:00 +0000`, API Gateway's `requestTime`. */
function requestTime(epoch: number): string {
  const d = new Date(epoch);
  // A table, not `toLocaleString`: ICU formatting cost a noticeable share of the gateway's CPU under a burst.
  const month = MONTHS[d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export function proxyEvent(facts: RequestFacts): APIGatewayProxyEvent {
  const { req } = facts;
  const { headers, multi } = headerMaps(req, facts.edge);
  const query = queryMaps(facts.query);
  const method = (req.method ?? 'GET').toUpperCase();
  const binary = facts.body.length > 0 && !TEXTUAL.test(req.headers['content-type'] ?? 'application/json');
  const requestId = randomUUID();
  return {
    resource: facts.resource,
    path: facts.path,
    httpMethod: method,
    headers,
    multiValueHeaders: multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: facts.pathParameters,
    stageVariables: null,
    body: facts.body.length === 0 ? null : facts.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      resourceId: 'local',
      stage: 'local',
      requestId,
      extendedRequestId: requestId,
      httpMethod: method,
      resourcePath: facts.resource,
      path: `/api${facts.path}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestTimeEpoch: facts.receivedAt,
      requestTime: requestTime(facts.receivedAt),
      domainName: req.headers.host ?? '127.0.0.1',
      authorizer: facts.claims ? { claims: facts.claims } : null,
      identity: {
        sourceIp: sourceIp(req),
        userAgent: req.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
}

export function lambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const started = Date.now();
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
