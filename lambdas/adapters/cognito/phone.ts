/** The SMS second factor: set the phone, verify it with its code, make SMS the account's MFA method. */
import { CognitoFlow, call, codeOutcomes } from './calls.ts';
import {
  AdminUpdateUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  SetUserMFAPreferenceCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CodeOutcome } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';

export class CognitoPhone extends CognitoFlow {
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
}
