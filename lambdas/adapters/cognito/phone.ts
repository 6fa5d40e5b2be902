/**
 * The SMS second factor, set by the backend once the product has verified the phone's code: AdminUpdateUserAttributes
 * (the number, marked verified in the same call, so Cognito sends nothing) and AdminSetUserMFAPreference (SMS enabled
 * and preferred). Administrative calls under the function's IAM role: no user token is involved, and the browser's
 * tokens carry no scope that could do the same (`token-scopes.ts`).
 */
import { CognitoFlow, call } from './calls.ts';
import {
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Portal } from '#domain/kernel/portal';

export class CognitoPhone extends CognitoFlow {
  async enrolPhone(portal: Portal, sub: string, phone: string): Promise<void> {
    const pool = this.pools(portal);
    await call('AdminUpdateUserAttributes', () =>
      this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool.poolId,
          Username: sub,
          UserAttributes: [
            { Name: 'phone_number', Value: phone },
            { Name: 'phone_number_verified', Value: 'true' },
          ],
        }),
      ),
    );
    await call('AdminSetUserMFAPreference', () =>
      this.cognito.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: pool.poolId,
          Username: sub,
          SMSMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
    );
  }
}
