/**
 * The project's cognito-local patch (patches/cognito-local+5.3.0.patch), exercised with the SDK directly, as the
 * identity adapter uses it — each behaviour is what AWS Cognito does and cognito-local 5.3.0 did not:
 * ResendConfirmationCode exists; GetUserAttributeVerificationCode sends to the attribute asked for; SMS MFA enabled
 * by SetUserMFAPreference is challenged on phone_number; a refresh token from an MFA login refreshes.
 */
import {
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeFor, outbox, PASSWORD, uniqueAddress, uniquePhone } from './accounts-helpers.ts';
import { clients, endpoints, secretHash, signUpParticipant } from './helpers/cloud.ts';
import { describeNeeding } from './helpers/requires.ts';

const aws = clients();
afterAll(() => aws.destroy());
const pool = () => endpoints().resources.userPools.participant;
const hash = (username: string) => secretHash(username, pool().clientId, pool().clientSecret);

const signUp = (email: string) => signUpParticipant(aws.cognito, email, PASSWORD, { given: 'Paolo', family: 'Gialli' });

const login = (email: string) =>
  aws.cognito.send(
    new InitiateAuthCommand({
      ClientId: pool().clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD, SECRET_HASH: hash(email) },
    }),
  );

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
    const stale = aws.cognito.send(
      new ConfirmSignUpCommand({ ClientId: pool().clientId, Username: email, ConfirmationCode: first }),
    );
    // The new code replaces the old one (two random 6-digit codes are equal once in a million runs).
    await expect(stale).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await aws.cognito.send(
      new ConfirmSignUpCommand({
        ClientId: pool().clientId,
        Username: email,
        ConfirmationCode: resent?.code as string,
      }),
    );
    await expect(
      aws.cognito.send(
        new ResendConfirmationCodeCommand({ ClientId: pool().clientId, SecretHash: hash(email), Username: email }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test('phone verification code goes by SMS to phone_number; SMS MFA then challenges on it; refresh works', async () => {
    const email = uniqueAddress('mfa');
    const phone = uniquePhone();
    const sub = await signUp(email);
    await aws.cognito.send(
      new ConfirmSignUpCommand({ ClientId: pool().clientId, Username: email, ConfirmationCode: await codeFor(email) }),
    );
    const enrolment = await login(email);
    const accessToken = enrolment.AuthenticationResult?.AccessToken as string;
    expect(accessToken).toBeTruthy(); // MFA optional and none set: tokens straight away

    await aws.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool().poolId,
        Username: sub,
        UserAttributes: [{ Name: 'phone_number', Value: phone }],
      }),
    );
    await aws.cognito.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: 'phone_number' }),
    );
    const [sms] = await outbox(phone);
    expect(sms).toMatchObject({ channel: 'sms', to: phone });
    await aws.cognito.send(
      new VerifyUserAttributeCommand({
        AccessToken: accessToken,
        AttributeName: 'phone_number',
        Code: sms?.code as string,
      }),
    );
    await aws.cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
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
        ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: await codeFor(phone, 2), SECRET_HASH: hash(username) },
      }),
    );
    const refreshToken = answered.AuthenticationResult?.RefreshToken as string;
    const refreshed = await aws.cognito.send(
      new InitiateAuthCommand({
        ClientId: pool().clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash(sub) },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
