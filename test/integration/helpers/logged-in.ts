/**
 * Participants as the login flow leaves them, made quickly for bursts (the fault rush, the click-day benchmark): a real
 * Cognito account each (SignUp, AdminConfirmSignUp, InitiateAuth in cognito-local) whose access token's `jti` is the
 * current session, bound to its application — what registration + SMS enrolment would write, without the SMS steps.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { buildClients } from '#adapters/clients';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { mapLimit } from '#adapters/dynamodb/requests';
import { DynamoSessions } from '#adapters/dynamodb/sessions';
import type { ApplicationData } from '#domain/kernel/application';
import type { Endpoints } from '#local/endpoints';
import { secretHash } from './cloud.ts';

const PASSWORD = 'Clickday#2026';

export interface LoggedIn {
  token: string;
  accessToken: string;
  /** Its own address (`X-Forwarded-For`), so per-source limits see one office each. */
  source: string;
}

/** Imports `apps` and makes one logged-in participant for each, `concurrency` at a time. */
export async function loggedInParticipants(
  endpoints: Endpoints,
  clients: ReturnType<typeof buildClients>,
  apps: readonly ApplicationData[],
  options: { concurrency?: number; progress?: (done: number) => void } = {},
): Promise<LoggedIn[]> {
  const tables = endpoints.resources.tables;
  const applications = new DynamoApplications(clients.documents, String(tables.applications?.name));
  const sessions = new DynamoSessions(clients.documents, String(tables.security?.name));
  const cognito = new CognitoIdentityProviderClient({
    region: endpoints.region,
    endpoint: endpoints.services.cognito,
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
  });
  const pool = endpoints.resources.userPools.participant;
  await applications.importMany(apps);
  const numbered = apps.map((app, i) => ({ app, i }));
  try {
    return await mapLimit(numbered, options.concurrency ?? 8, async ({ app, i }) => {
      const email = `rush.${i}.${randomBytes(4).toString('hex')}@example.it`;
      const hash = secretHash(email, pool.clientId, pool.clientSecret);
      await cognito.send(
        new SignUpCommand({
          ClientId: pool.clientId,
          SecretHash: hash,
          Username: email,
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'given_name', Value: 'Partecipante' },
            { Name: 'family_name', Value: String(i) },
          ],
        }),
      );
      await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: email }));
      const auth = await cognito.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD, SECRET_HASH: hash },
        }),
      );
      const accessToken = String(auth.AuthenticationResult?.AccessToken);
      const claims = decodeJwt(accessToken);
      const sub = String(claims.sub);
      const now = new Date().toISOString();
      await applications.bindParticipant(app.token, { sub, email, boundAt: now });
      const source = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      await sessions.start('participant', sub, {
        sessionId: randomUUID(),
        startedAt: now,
        lastSeenAt: now,
        sourceIp: source,
        tokenIds: [String(claims.jti)],
      });
      options.progress?.(i + 1);
      return { token: app.token, accessToken, source };
    });
  } finally {
    cognito.destroy();
  }
}
