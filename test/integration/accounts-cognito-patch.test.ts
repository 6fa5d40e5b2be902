/**
 * The project's cognito-local patch (patches/cognito-local+5.3.0.patch), exercised with the SDK against the running
 * emulator — each behaviour is what AWS Cognito does and cognito-local 5.3.0 did not: ResendConfirmationCode exists;
 * SECRET_HASH is required of a client with a secret; the lockout after five wrong passwords refuses even the right one;
 * the pre token generation trigger (emulated) puts the portal scope in the access token and takes the self-service
 * scope out, so self-service calls are refused; AdminSetUserMFAPreference enables SMS MFA on the phone set by
 * AdminUpdateUserAttributes; RevokeToken (with the client secret) revokes a refresh token.
 * The timings of the lockout are checked with a fake clock in test/unit/local-cognito-patch.test.ts.
 */
import {
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { codeFor, outbox, PASSWORD, uniqueAddress, uniquePhone } from './accounts-helpers.ts';
import { clients, endpoints, secretHash, signUpParticipant } from './helpers/cloud.ts';
import { describeNeeding } from './helpers/requires.ts';

const aws = clients();
afterAll(() => aws.destroy());
const pool = () => endpoints().resources.userPools.participant;
const hash = (username: string) => secretHash(username, pool().clientId, pool().clientSecret);

const signUp = (email: string) => signUpParticipant(aws.cognito, email, PASSWORD, { given: 'Paolo', family: 'Gialli' });
const confirm = async (email: string, code: string) =>
  aws.cognito.send(
    new ConfirmSignUpCommand({
      ClientId: pool().clientId,
      SecretHash: hash(email),
      Username: email,
      ConfirmationCode: code,
    }),
  );

const login = (email: string, password = PASSWORD) =>
  aws.cognito.send(
    new InitiateAuthCommand({
      ClientId: pool().clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: hash(email) },
    }),
  );

/** A confirmed account without a phone; its `sub`. */
async function confirmedAccount(prefix: string) {
  const email = uniqueAddress(prefix);
  const sub = await signUp(email);
  await confirm(email, await codeFor(email));
  return { email, sub };
}

describeNeeding('cognito-local', __filename)('cognito-local patch', () => {
  test('ResendConfirmationCode sends a new code, which confirms; once confirmed it is refused', async () => {
    const email = uniqueAddress('patch');
    await signUp(email);
    const first = await codeFor(email);
    await aws.cognito.send(
      new ResendConfirmationCodeCommand({ ClientId: pool().clientId, SecretHash: hash(email), Username: email }),
    );
    const [resent] = await outbox(email, 2);
    expect(resent?.code).toMatch(/^\d{6}$/);
    expect(resent?.subject).toContain('nuovo codice');
    // The new code replaces the old one (two random 6-digit codes are equal once in a million runs).
    await expect(confirm(email, first)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await confirm(email, resent?.code as string);
    await expect(
      aws.cognito.send(
        new ResendConfirmationCodeCommand({ ClientId: pool().clientId, SecretHash: hash(email), Username: email }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test('a client with a secret refuses a call without SECRET_HASH, or with one made for another user', async () => {
    const email = uniqueAddress('segreto');
    const attempt = (SecretHash?: string) =>
      aws.cognito.send(
        new SignUpCommand({
          ClientId: pool().clientId,
          ...(SecretHash ? { SecretHash } : {}),
          Username: email,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    await expect(attempt()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(attempt(hash('qualcun.altro@example.it'))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('five wrong passwords lock the account: the right one is refused for a second, then accepted', async () => {
    const { email } = await confirmedAccount('blocco');
    for (let i = 0; i < 5; i++) {
      await expect(login(email, 'Sbagliata#1')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
    await expect(login(email)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    });
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await login(email)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  test('access tokens carry the portal scope and not the self-service one: GetUser refuses them and ID tokens', async () => {
    const { email } = await confirmedAccount('ambito');
    const tokens = (await login(email)).AuthenticationResult;
    expect(decodeJwt(tokens?.AccessToken as string).scope).toBe('sportello/participant');
    for (const AccessToken of [tokens?.AccessToken, tokens?.IdToken, tokens?.RefreshToken]) {
      await expect(aws.cognito.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
      });
    }
  });

  test('a phone set by the administrator with SMS MFA enabled is challenged; RevokeToken ends its refresh token', async () => {
    const { email, sub } = await confirmedAccount('mfa');
    const phone = uniquePhone();
    await aws.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool().poolId,
        Username: sub,
        UserAttributes: [
          { Name: 'phone_number', Value: phone },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    await aws.cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool().poolId,
        Username: sub,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    const challenged = await login(email);
    expect(challenged.ChallengeName).toBe('SMS_MFA');
    expect(challenged.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe(phone);
    const username = challenged.ChallengeParameters?.USER_ID_FOR_SRP as string;
    const answered = await aws.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool().clientId,
        ChallengeName: 'SMS_MFA',
        Session: challenged.Session,
        ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: await codeFor(phone), SECRET_HASH: hash(username) },
      }),
    );
    const refreshToken = answered.AuthenticationResult?.RefreshToken as string;
    const refresh = () =>
      aws.cognito.send(
        new InitiateAuthCommand({
          ClientId: pool().clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash(sub) },
        }),
      );
    const refreshed = await refresh();
    expect(decodeJwt(refreshed.AuthenticationResult?.AccessToken as string).origin_jti).toBe(
      decodeJwt(answered.AuthenticationResult?.AccessToken as string).origin_jti,
    );

    await expect(
      aws.cognito.send(new RevokeTokenCommand({ ClientId: pool().clientId, Token: refreshToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await aws.cognito.send(
      new RevokeTokenCommand({ ClientId: pool().clientId, ClientSecret: pool().clientSecret, Token: refreshToken }),
    );
    await expect(refresh()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
