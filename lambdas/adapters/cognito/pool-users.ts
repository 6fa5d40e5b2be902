/**
 * Every account of a user pool, for the privacy purge: the pool found by name on a stage (`ListUserPools`), its
 * usernames (`ListUsers`, paged) and their deletion (`AdminDeleteUser`; an account already gone is not an error).
 */
import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { guard } from '#adapters/failures';
import { nameOf } from './calls.ts';

export class PoolUsers {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    readonly poolId: string,
  ) {}

  /** The pool named `name` (`sportello-<stage>-participants`), or undefined. */
  static async named(cognito: CognitoIdentityProviderClient, name: string): Promise<PoolUsers | undefined> {
    let NextToken: string | undefined;
    do {
      const page = await guard('cognito:ListUserPools', () =>
        cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken })),
      );
      const found = page.UserPools?.find((pool) => pool.Name === name);
      if (found?.Id) return new PoolUsers(cognito, found.Id);
      NextToken = page.NextToken;
    } while (NextToken);
    return undefined;
  }

  async usernames(): Promise<string[]> {
    const names: string[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await guard('cognito:ListUsers', () =>
        this.cognito.send(new ListUsersCommand({ UserPoolId: this.poolId, Limit: 60, PaginationToken })),
      );
      for (const user of page.Users ?? []) if (user.Username) names.push(user.Username);
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    return names;
  }

  async delete(username: string): Promise<void> {
    try {
      await guard('cognito:AdminDeleteUser', () =>
        this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: this.poolId, Username: username })),
      );
    } catch (error) {
      if (nameOf(error) !== 'UserNotFoundException') throw error;
    }
  }
}
