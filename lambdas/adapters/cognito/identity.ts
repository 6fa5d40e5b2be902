/**
 * The identity provider port over Cognito user pools, through each portal's backend app client (with its secret:
 * every client-level call carries SECRET_HASH). Only calls that behave the same on AWS and in cognito-local (with
 * the project's patch, docs/accounts.md) are used: SignUp/ConfirmSignUp/ResendConfirmationCode, InitiateAuth
 * (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) + RespondToAuthChallenge (SMS_MFA), AdminUpdateUserAttributes +
 * GetUserAttributeVerificationCode + VerifyUserAttribute for the phone, SetUserMFAPreference, ForgotPassword,
 * ConfirmForgotPassword, AdminGetUser, AdminDeleteUser, ListUsers. The caller's address goes to Cognito as
 * UserContextData wherever the API takes it (threat protection scores the real source, not the Lambda).
 *
 * Errors: a throttle (Cognito's own sign-in throttle included) becomes a `RATE_LIMITED` refusal; a service fault
 * `Unavailable`; expected outcomes are values; anything else is a defect and propagates.
 */
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminUpdateUserAttributesCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type {
  Account,
  CallContext,
  ChallengeAnswer,
  CodeOutcome,
  IdentityProvider,
  IssuedTokens,
  PasswordLogin,
  Person,
  SignUpOutcome,
} from '#domain/accounts/ports';
import { refuse } from '#domain/accounts/refusal';
import { Unavailable } from '#domain/kernel/unavailable';
import type { Portal } from '#domain/kernel/portal';
import { isTransient } from '#adapters/failures';
import type { PoolAccess } from './pools.ts';

const THROTTLES = new Set(['TooManyRequestsException', 'LimitExceededException', 'TooManyFailedAttemptsException']);

/** Cognito's answer when its own lockout (5 failures, exponential) applies: not an R10 failure, a 429. */
const PASSWORD_ATTEMPTS_EXCEEDED = /password attempts exceeded/i;

function nameOf(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

/** Runs a Cognito call; `expected` maps the error names that are outcomes, throttles and faults are classified. */
async function call<T, R = never>(
  operation: string,
  run: () => Promise<T>,
  expected: Record<string, (error: Error) => R> = {},
): Promise<T | R> {
  try {
    return await run();
  } catch (error) {
    const name = nameOf(error);
    const outcome = expected[name];
    if (outcome) return outcome(error as Error);
    if (THROTTLES.has(name)) throw refuse.rateLimited(5);
    if (isTransient(error)) throw new Unavailable(`cognito:${operation}`, 1, { cause: error });
    throw error;
  }
}

const userContext = (ctx: CallContext) => ({ UserContextData: { IpAddress: ctx.sourceIp } });

function attribute(out: Pick<AdminGetUserCommandOutput, 'UserAttributes'>, name: string): string | undefined {
  return out.UserAttributes?.find((a) => a.Name === name)?.Value;
}

export class CognitoIdentity implements IdentityProvider {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly pools: (portal: Portal) => PoolAccess,
  ) {}

  async signUp(portal: Portal, person: Person, ctx: CallContext): Promise<SignUpOutcome> {
    const pool = this.pools(portal);
    const out = await call(
      'SignUp',
      async () =>
        this.cognito.send(
          new SignUpCommand({
            ClientId: pool.clientId,
            SecretHash: await pool.secretHash(person.email),
            Username: person.email,
            Password: person.password,
            UserAttributes: [
              { Name: 'email', Value: person.email },
              { Name: 'given_name', Value: person.firstName },
              { Name: 'family_name', Value: person.lastName },
            ],
            ...userContext(ctx),
          }),
        ),
      { UsernameExistsException: () => ({ kind: 'EXISTS' }) as const },
    );
    if ('kind' in out) return out;
    if (!out.UserSub) throw new Error('SignUp returned no UserSub');
    return { kind: 'CREATED', sub: out.UserSub };
  }

  async confirmSignUp(portal: Portal, email: string, code: string, ctx: CallContext): Promise<CodeOutcome> {
    const pool = this.pools(portal);
    return call(
      'ConfirmSignUp',
      async () => {
        await this.cognito.send(
          new ConfirmSignUpCommand({
            ClientId: pool.clientId,
            SecretHash: await pool.secretHash(email),
            Username: email,
            ConfirmationCode: code,
            ...userContext(ctx),
          }),
        );
        return 'OK' as const;
      },
      codeOutcomes,
    );
  }

  async resendSignUpCode(portal: Portal, email: string, ctx: CallContext): Promise<'SENT' | 'UNKNOWN'> {
    const pool = this.pools(portal);
    return call(
      'ResendConfirmationCode',
      async () => {
        await this.cognito.send(
          new ResendConfirmationCodeCommand({
            ClientId: pool.clientId,
            SecretHash: await pool.secretHash(email),
            Username: email,
            ...userContext(ctx),
          }),
        );
        return 'SENT' as const;
      },
      { UserNotFoundException: () => 'UNKNOWN' as const, InvalidParameterException: () => 'UNKNOWN' as const },
    );
  }

  async passwordLogin(portal: Portal, email: string, password: string, ctx: CallContext): Promise<PasswordLogin> {
    const pool = this.pools(portal);
    const bad = (): PasswordLogin => ({ kind: 'BAD_CREDENTIALS' });
    const out = await call<InitiateAuthCommandOutput, PasswordLogin>(
      'InitiateAuth',
      async () =>
        this.cognito.send(
          new InitiateAuthCommand({
            ClientId: pool.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: await pool.secretHash(email) },
            ...userContext(ctx),
          }),
        ),
      {
        NotAuthorizedException: (error) => {
          if (PASSWORD_ATTEMPTS_EXCEEDED.test(error.message)) throw refuse.rateLimited(60);
          return bad();
        },
        // cognito-local answers a wrong password so; AWS with NotAuthorizedException.
        InvalidPasswordException: bad,
        UserNotFoundException: bad,
        PasswordResetRequiredException: bad,
        UserNotConfirmedException: () => ({ kind: 'NOT_CONFIRMED' }) as const,
      },
    );
    if ('kind' in out) return out;
    if (out.AuthenticationResult) return { kind: 'TOKENS', tokens: issued(out.AuthenticationResult) };
    if (out.ChallengeName === 'SMS_MFA' && out.Session) {
      const username = out.ChallengeParameters?.USER_ID_FOR_SRP ?? email;
      return { kind: 'SMS_MFA', challengeSession: out.Session, username };
    }
    throw new Error(`InitiateAuth: unexpected challenge ${out.ChallengeName ?? '(none)'}`);
  }

  async answerSmsChallenge(
    portal: Portal,
    username: string,
    challengeSession: string,
    code: string,
    ctx: CallContext,
  ): Promise<ChallengeAnswer> {
    const pool = this.pools(portal);
    const out = await call<RespondToAuthChallengeCommandOutput, ChallengeAnswer>(
      'RespondToAuthChallenge',
      async () =>
        this.cognito.send(
          new RespondToAuthChallengeCommand({
            ClientId: pool.clientId,
            ChallengeName: 'SMS_MFA',
            Session: challengeSession,
            ChallengeResponses: {
              USERNAME: username,
              SMS_MFA_CODE: code,
              SECRET_HASH: await pool.secretHash(username),
            },
            ...userContext(ctx),
          }),
        ),
      {
        CodeMismatchException: () => ({ kind: 'WRONG_CODE' }) as const,
        ExpiredCodeException: () => ({ kind: 'ENDED' }) as const,
        // "Invalid session for the user": Cognito ended the challenge (too many wrong codes, or too old).
        NotAuthorizedException: () => ({ kind: 'ENDED' }) as const,
      },
    );
    if ('kind' in out) return out;
    if (out.AuthenticationResult) return { kind: 'TOKENS', tokens: issued(out.AuthenticationResult) };
    return { kind: 'WRONG_CODE', challengeSession: out.Session };
  }

  async sendPhoneCode(portal: Portal, sub: string, accessToken: string, phone: string): Promise<void> {
    const pool = this.pools(portal);
    await call('AdminUpdateUserAttributes', () =>
      this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool.poolId,
          Username: sub,
          UserAttributes: [{ Name: 'phone_number', Value: phone }],
        }),
      ),
    );
    await call('GetUserAttributeVerificationCode', () =>
      this.cognito.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: accessToken, AttributeName: 'phone_number' }),
      ),
    );
  }

  async verifyPhone(accessToken: string, code: string): Promise<CodeOutcome> {
    return call(
      'VerifyUserAttribute',
      async () => {
        await this.cognito.send(
          new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'phone_number', Code: code }),
        );
        return 'OK' as const;
      },
      codeOutcomes,
    );
  }

  async enableSmsMfa(accessToken: string): Promise<void> {
    await call('SetUserMFAPreference', () =>
      this.cognito.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: accessToken,
          SMSMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
    );
  }

  async refresh(portal: Portal, sub: string, refreshToken: string, ctx: CallContext) {
    const pool = this.pools(portal);
    const out = await call(
      'InitiateAuth',
      async () =>
        this.cognito.send(
          new InitiateAuthCommand({
            ClientId: pool.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: await pool.secretHash(sub) },
            ...userContext(ctx),
          }),
        ),
      { NotAuthorizedException: () => undefined, UserNotFoundException: () => undefined },
    );
    return out?.AuthenticationResult ? issued(out.AuthenticationResult) : undefined;
  }

  async forgotPassword(portal: Portal, email: string, ctx: CallContext): Promise<void> {
    const pool = this.pools(portal);
    const quiet = () => undefined;
    await call(
      'ForgotPassword',
      async () =>
        this.cognito.send(
          new ForgotPasswordCommand({
            ClientId: pool.clientId,
            SecretHash: await pool.secretHash(email),
            Username: email,
            ...userContext(ctx),
          }),
        ),
      // No enumeration: an unknown or unverified address is answered like any other.
      { UserNotFoundException: quiet, InvalidParameterException: quiet, NotAuthorizedException: quiet },
    );
  }

  async confirmForgotPassword(
    portal: Portal,
    email: string,
    code: string,
    password: string,
    ctx: CallContext,
  ): Promise<CodeOutcome> {
    const pool = this.pools(portal);
    return call(
      'ConfirmForgotPassword',
      async () => {
        await this.cognito.send(
          new ConfirmForgotPasswordCommand({
            ClientId: pool.clientId,
            SecretHash: await pool.secretHash(email),
            Username: email,
            ConfirmationCode: code,
            Password: password,
            ...userContext(ctx),
          }),
        );
        return 'OK' as const;
      },
      codeOutcomes,
    );
  }

  async getAccount(portal: Portal, username: string): Promise<Account | undefined> {
    const pool = this.pools(portal);
    const out = await call(
      'AdminGetUser',
      () => this.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username })),
      { UserNotFoundException: () => undefined },
    );
    if (!out) return undefined;
    const sms =
      (out.UserMFASettingList ?? []).includes('SMS_MFA') ||
      (out.MFAOptions ?? []).some((o) => o.DeliveryMedium === 'SMS');
    return {
      sub: attribute(out, 'sub') ?? out.Username ?? username,
      email: (attribute(out, 'email') ?? '').toLowerCase(),
      firstName: attribute(out, 'given_name') ?? '',
      lastName: attribute(out, 'family_name') ?? '',
      phone: attribute(out, 'phone_number'),
      phoneVerified: attribute(out, 'phone_number_verified') === 'true',
      smsMfa: sms,
      confirmed: out.UserStatus !== 'UNCONFIRMED',
      createdAt: out.UserCreateDate ?? new Date(0),
    };
  }

  async deleteAccount(portal: Portal, username: string): Promise<boolean> {
    const pool = this.pools(portal);
    return call(
      'AdminDeleteUser',
      async () => {
        await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: username }));
        return true;
      },
      { UserNotFoundException: () => false },
    );
  }

  async listUnconfirmed(portal: Portal, before: Date): Promise<Account[]> {
    const pool = this.pools(portal);
    const found: Account[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await call('ListUsers', () =>
        this.cognito.send(
          new ListUsersCommand({
            UserPoolId: pool.poolId,
            Filter: 'cognito:user_status = "UNCONFIRMED"',
            Limit: 60,
            PaginationToken,
          }),
        ),
      );
      for (const user of page.Users ?? []) {
        const createdAt = user.UserCreateDate ?? new Date(0);
        if (user.UserStatus !== 'UNCONFIRMED' || createdAt >= before) continue;
        const view = { UserAttributes: user.Attributes };
        found.push({
          sub: attribute(view, 'sub') ?? user.Username ?? '',
          email: (attribute(view, 'email') ?? '').toLowerCase(),
          firstName: attribute(view, 'given_name') ?? '',
          lastName: attribute(view, 'family_name') ?? '',
          phoneVerified: false,
          smsMfa: false,
          confirmed: false,
          createdAt,
        });
      }
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    return found;
  }
}

const codeOutcomes = {
  CodeMismatchException: () => 'WRONG_CODE' as const,
  ExpiredCodeException: () => 'EXPIRED_CODE' as const,
  UserNotFoundException: () => 'UNKNOWN' as const,
  // Already confirmed, or a code for an address that is not pending: nothing to confirm.
  NotAuthorizedException: () => 'UNKNOWN' as const,
};

/** The tokens as the domain needs them: `sub` and `jti` are read from the access token Cognito just returned. */
function issued(result: AuthenticationResultType): IssuedTokens {
  const { AccessToken, IdToken, RefreshToken, ExpiresIn } = result;
  if (!AccessToken || !IdToken) throw new Error('Cognito returned no access or ID token');
  const claims = decodeJwt(AccessToken);
  if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string') {
    throw new Error('access token without sub or jti');
  }
  const lifetime = typeof claims.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : 3600;
  return {
    accessToken: AccessToken,
    idToken: IdToken,
    refreshToken: RefreshToken,
    expiresIn: ExpiresIn ?? lifetime,
    sub: claims.sub,
    tokenId: claims.jti,
  };
}
