/** Registration with Cognito: SignUp, ConfirmSignUp, ResendConfirmationCode (each with SECRET_HASH). */
import { CognitoFlow, call, codeOutcomes, userContext } from './calls.ts';
import {
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CallContext, CodeOutcome, Person, SignUpOutcome } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';

export class CognitoSignUp extends CognitoFlow {
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
}
