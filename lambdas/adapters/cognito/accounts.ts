/** Accounts as the backend administers them: AdminGetUser, AdminDeleteUser, ListUsers (unconfirmed ones). */
import { attribute, CognitoFlow, call } from './calls.ts';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Account } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';

export class CognitoAccounts extends CognitoFlow {
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
