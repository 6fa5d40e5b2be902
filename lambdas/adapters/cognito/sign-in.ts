/** Signing in: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), the SMS_MFA challenge, RevokeToken. */
import { CognitoFlow, call, issued, PASSWORD_ATTEMPTS_EXCEEDED, userContext } from './calls.ts';
import {
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CallContext, ChallengeAnswer, PasswordLogin } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';

export class CognitoSignIn extends CognitoFlow {
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
        NotAuthorizedException: (error) =>
          PASSWORD_ATTEMPTS_EXCEEDED.test(error.message) ? ({ kind: 'PROVIDER_LOCKED' } as const) : bad(),
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

  /** RevokeToken: the refresh token and every access token issued with it. Never fails the caller (best effort). */
  async revoke(portal: Portal, refreshToken: string): Promise<boolean> {
    const pool = this.pools(portal);
    try {
      await this.cognito.send(
        new RevokeTokenCommand({
          ClientId: pool.clientId,
          ClientSecret: await pool.clientSecret(),
          Token: refreshToken,
        }),
      );
      return true;
    } catch {
      // Unknown, already revoked, or Cognito unreachable: the product's session check refuses the tokens anyway.
      return false;
    }
  }
}
