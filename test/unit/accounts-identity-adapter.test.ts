/**
 * The Cognito adapter at the SDK edge (aws-sdk-client-mock): what AWS does and cognito-local cannot show —
 * SECRET_HASH on every client call, the caller's address as UserContextData, Cognito's own lockout ("Password
 * attempts exceeded") as RATE_LIMITED, AWS's NotAuthorizedException for a wrong password, the ended challenge, and
 * the client secret read from Secrets Manager once.
 */
import { createHmac } from 'node:crypto';
import {
  CodeMismatchException,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  TooManyRequestsException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { CognitoIdentity } from '#adapters/cognito/identity';
import { poolAccess } from '#adapters/cognito/pools';
import { Unavailable } from '#domain/kernel/unavailable';
import { codeOf } from './accounts-fixtures.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
const env = {
  AWS_REGION: 'eu-south-1',
  PARTICIPANT_POOL_ID: 'eu-south-1_Pool',
  PARTICIPANT_CLIENT_ID: 'client123',
  PARTICIPANT_CLIENT_SECRET: 'arn:aws:secretsmanager:eu-south-1:111122223333:secret:participants-client-secret-Ab12',
};
const ctx = { sourceIp: '203.0.113.9' };
const hmac = (username: string) => createHmac('sha256', 's3cr3t').update(`${username}client123`).digest('base64');
const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

let identity: CognitoIdentity;
beforeEach(() => {
  cognito.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 's3cr3t' });
  const pool = poolAccess('participant', env);
  identity = new CognitoIdentity(new CognitoIdentityProviderClient({}), () => pool);
});

describe('Cognito identity adapter', () => {
  it('signs up with SECRET_HASH and the caller address; the secret is read from Secrets Manager once', async () => {
    cognito.on(SignUpCommand).resolves({ UserSub: 'sub-1', UserConfirmed: false });
    const person = { email: 'a@example.it', password: 'Sportello#2026', firstName: 'A', lastName: 'B' };
    await expect(identity.signUp('participant', person, ctx)).resolves.toEqual({ kind: 'CREATED', sub: 'sub-1' });
    await identity.signUp('participant', person, ctx);
    const input = cognito.commandCalls(SignUpCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ClientId: 'client123',
      SecretHash: hmac('a@example.it'),
      Username: 'a@example.it',
      UserContextData: { IpAddress: '203.0.113.9' },
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    cognito.on(SignUpCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    await expect(identity.signUp('participant', person, ctx)).resolves.toEqual({ kind: 'EXISTS' });
  });

  it("maps a wrong password to BAD_CREDENTIALS, Cognito's own lockout to PROVIDER_LOCKED and a throttle to RATE_LIMITED", async () => {
    cognito
      .on(InitiateAuthCommand)
      .rejectsOnce(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }))
      .rejectsOnce(new NotAuthorizedException({ message: 'Password attempts exceeded', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(identity.passwordLogin('participant', 'a@example.it', 'x', ctx)).resolves.toEqual({
      kind: 'BAD_CREDENTIALS',
    });
    await expect(identity.passwordLogin('participant', 'a@example.it', 'x', ctx)).resolves.toEqual({
      kind: 'PROVIDER_LOCKED',
    });
    expect(await codeOf(identity.passwordLogin('participant', 'a@example.it', 'x', ctx))).toBe('RATE_LIMITED');
    expect(cognito.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'a@example.it', PASSWORD: 'x', SECRET_HASH: hmac('a@example.it') },
      UserContextData: { IpAddress: '203.0.113.9' },
    });
  });

  it('returns the SMS challenge with the username Cognito names, and answers it with that SECRET_HASH', async () => {
    cognito.on(InitiateAuthCommand).resolves({
      ChallengeName: 'SMS_MFA',
      Session: 'cognito-session',
      ChallengeParameters: { USER_ID_FOR_SRP: 'sub-9' },
    });
    await expect(identity.passwordLogin('participant', 'a@example.it', 'ok', ctx)).resolves.toEqual({
      kind: 'SMS_MFA',
      challengeSession: 'cognito-session',
      username: 'sub-9',
    });
    cognito
      .on(RespondToAuthChallengeCommand)
      .rejectsOnce(new CodeMismatchException({ message: 'Invalid code', $metadata: {} }))
      .rejectsOnce(new NotAuthorizedException({ message: 'Invalid session for the user.', $metadata: {} }))
      .resolvesOnce({
        AuthenticationResult: {
          AccessToken: jwt({ sub: 'sub-9', jti: 'jti-1', iat: 100, exp: 3700 }),
          IdToken: 'id',
          RefreshToken: 'refresh',
          ExpiresIn: 3600,
        },
      });
    const answer = (code: string) => identity.answerSmsChallenge('participant', 'sub-9', 'cognito-session', code, ctx);
    await expect(answer('111111')).resolves.toEqual({ kind: 'WRONG_CODE' });
    await expect(answer('222222')).resolves.toEqual({ kind: 'ENDED' });
    await expect(answer('333333')).resolves.toMatchObject({
      kind: 'TOKENS',
      tokens: { sub: 'sub-9', tokenId: 'jti-1', refreshToken: 'refresh', expiresIn: 3600 },
    });
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input.ChallengeResponses).toEqual({
      USERNAME: 'sub-9',
      SMS_MFA_CODE: '111111',
      SECRET_HASH: hmac('sub-9'),
    });
  });

  it('a service fault is Unavailable (503), never a leaked AWS error', async () => {
    cognito
      .on(InitiateAuthCommand)
      .rejects(Object.assign(new Error('boom'), { name: 'InternalErrorException', $fault: 'server' }));
    await expect(identity.passwordLogin('participant', 'a@example.it', 'x', ctx)).rejects.toBeInstanceOf(Unavailable);
  });
});
