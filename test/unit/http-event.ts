/** Plain API Gateway REST (v1) proxy events for unit tests of the HTTP layer: only what the handlers read. */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export interface EventParts {
  method?: string;
  resource: string;
  body?: string | null;
  base64?: boolean;
  headers?: Record<string, string>;
  query?: Record<string, string> | null;
  claims?: Record<string, string>;
  sourceIp?: string;
  requestTimeEpoch?: number;
}

export function proxyEvent(parts: EventParts): APIGatewayProxyEvent {
  return {
    resource: parts.resource,
    path: parts.resource,
    httpMethod: parts.method ?? 'GET',
    headers: parts.headers ?? {},
    multiValueHeaders: {},
    queryStringParameters: parts.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: parts.body ?? null,
    isBase64Encoded: parts.base64 ?? false,
    requestContext: {
      requestTimeEpoch: parts.requestTimeEpoch ?? Date.UTC(2026, 9, 26, 9, 0, 0, 123),
      requestId: 'req-1',
      authorizer: parts.claims ? { claims: parts.claims } : null,
      identity: { sourceIp: parts.sourceIp ?? '203.0.113.7' },
    },
  } as unknown as APIGatewayProxyEvent;
}

export const lambdaContext = { awsRequestId: 'lambda-req-1' } as Context;

/** Claims as API Gateway's Cognito authorizer hands them over for a participant access token. */
export function participantClaims(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    sub: '5f0c1d2e-aaaa-bbbb-cccc-0123456789ab',
    username: '5f0c1d2e-aaaa-bbbb-cccc-0123456789ab',
    client_id: 'participant-client',
    token_use: 'access',
    scope: 'sportello/participant',
    jti: 'jti-1',
    origin_jti: 'origin-1',
    auth_time: '1793000000',
    iat: '1793000000',
    exp: '1793003600',
    ...overrides,
  };
}
