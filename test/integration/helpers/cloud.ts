/**
 * What an integration test needs to reach the cloud under test: its endpoints (from the file named by
 * `SPORTELLO_ENDPOINTS`, written by the local cloud), SDK clients aimed at it and a JSON fetch on its API.
 */
import { createHmac } from 'node:crypto';
import { type CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type AwsClients, awsClients } from '#local/cloud-clients';
import { type Endpoints, readEndpoints } from '#local/endpoints';

let cached: Endpoints | undefined;

/** The endpoints file of this run's cloud (the global setup's, or the one given). */
export function endpointsFile(): string {
  const file = process.env.SPORTELLO_ENDPOINTS;
  if (!file) throw new Error('SPORTELLO_ENDPOINTS is not set: run the integration project through jest (global setup)');
  return file;
}

export function endpoints(): Endpoints {
  cached ??= readEndpoints(endpointsFile());
  return cached;
}

export function clients(): AwsClients {
  const e = endpoints();
  return awsClients({ region: e.region, credentials: e.credentials, services: e.services });
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** `path` without the `/api` prefix, as CONTRACT writes routes. */
export async function api<T = unknown>(path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const response = await fetch(`${endpoints().apiUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Cognito's SECRET_HASH for a client with a secret: Base64(HMAC-SHA256(secret, username + clientId)). */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/** A unique e-mail address per call, so tests never collide on kept state. */
export function uniqueEmail(prefix = 'it'): string {
  return `${prefix}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.it`;
}

/** Signs `email` up to the participant pool straight through Cognito (SECRET_HASH included); returns its `sub`. */
export async function signUpParticipant(
  cognito: CognitoIdentityProviderClient,
  email: string,
  password: string,
  name: { given: string; family: string },
): Promise<string> {
  const pool = endpoints().resources.userPools.participant;
  const out = await cognito.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      SecretHash: secretHash(email, pool.clientId, pool.clientSecret),
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'given_name', Value: name.given },
        { Name: 'family_name', Value: name.family },
      ],
    }),
  );
  return out.UserSub as string;
}
