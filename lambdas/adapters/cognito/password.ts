/** "Password dimenticata" (R8): ForgotPassword and ConfirmForgotPassword. */
import { CognitoFlow, call, codeOutcomes, userContext } from './calls.ts';
import { ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { CallContext, CodeOutcome } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';

export class CognitoPassword extends CognitoFlow {
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
}
