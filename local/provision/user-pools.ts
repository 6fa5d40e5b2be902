/**
 * The two Cognito user pools of resources.ts and each one's backend app client (with a secret, so no browser can
 * call Cognito directly). Found again by name on a restart, so ids and secrets stay stable while state is kept.
 */
import {
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PORTALS, type Portal, physicalName, USER_POOLS, type UserPoolDefinition } from '#catalogue/resources';
import type { UserPoolEndpoint } from '#local/endpoints';

const BACKEND_CLIENT = 'backend';

export async function findPoolId(client: CognitoIdentityProviderClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const pool = page.UserPools?.find((p) => p.Name === name);
    if (pool?.Id) return pool.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** What the emulators accept as the role Cognito texts through; real Cognito checks that it can assume it. */
const EMULATOR_SMS_ROLE = 'arn:aws:iam::000000000000:role/sportello-local-cognito-sms';

async function createPool(
  client: CognitoIdentityProviderClient,
  name: string,
  pool: UserPoolDefinition,
  smsRoleArn: string,
) {
  const schema: SchemaAttributeType[] = pool.requiredAttributes.map((attribute) => ({
    Name: attribute,
    AttributeDataType: 'String',
    Required: true,
    Mutable: true,
  }));
  const created = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: [pool.usernameIs],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: pool.mfa,
      Schema: schema,
      Policies: {
        PasswordPolicy: {
          MinimumLength: pool.passwordMinLength,
          RequireLowercase: false,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
        },
      },
      // Required by real Cognito for SMS MFA; the emulators accept any role.
      SmsConfiguration: {
        SnsCallerArn: smsRoleArn,
        ExternalId: name,
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    }),
  );
  const id = created.UserPool?.Id;
  if (!id) throw new Error(`CreateUserPool ${name} returned no id`);
  return id;
}

async function ensureClient(client: CognitoIdentityProviderClient, poolId: string, pool: UserPoolDefinition) {
  const listed = await client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
  let clientId = listed.UserPoolClients?.find((c) => c.ClientName === BACKEND_CLIENT)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: BACKEND_CLIENT,
        GenerateSecret: true,
        ExplicitAuthFlows: pool.authFlows.map((flow) => `ALLOW_${flow}` as const),
        AccessTokenValidity: pool.accessTokenMinutes,
        IdTokenValidity: pool.accessTokenMinutes,
        RefreshTokenValidity: pool.refreshTokenHours,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'hours' },
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error(`no backend client for pool ${poolId}`);
  const described = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
  const clientSecret = described.UserPoolClient?.ClientSecret;
  if (!clientSecret) throw new Error(`backend client ${clientId} of pool ${poolId} has no secret`);
  return { clientId, clientSecret };
}

/**
 * Both pools, in parallel. `issuerBase` is what precedes `/<poolId>` in the tokens' `iss`: the emulator's own URL
 * for cognito-local (and LocalStack), `https://cognito-idp.<region>.amazonaws.com` on AWS. `smsRoleArn`: the IAM role
 * Cognito sends SMS through (a new pool only; any ARN for the emulators).
 */
export async function provisionUserPools(
  client: CognitoIdentityProviderClient,
  stage: string,
  issuerBase: string,
  smsRoleArn = EMULATOR_SMS_ROLE,
) {
  const entries = await Promise.all(
    PORTALS.map(async (portal: Portal) => {
      const pool = USER_POOLS[portal];
      const name = physicalName(stage, pool.name);
      const poolId = (await findPoolId(client, name)) ?? (await createPool(client, name, pool, smsRoleArn));
      const { clientId, clientSecret } = await ensureClient(client, poolId, pool);
      const issuer = `${issuerBase}/${poolId}`;
      const endpoint: UserPoolEndpoint = {
        name,
        poolId,
        clientId,
        clientSecret,
        issuer,
        jwksUrl: `${issuer}/.well-known/jwks.json`,
      };
      return [portal, endpoint] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Portal, UserPoolEndpoint>;
}

/** The stage and portal a pool's name says (`sportello-<stage>-participants`), whichever cloud provisioned it. */
export function poolOfName(name: string): { stage: string; portal: Portal } | undefined {
  for (const portal of PORTALS) {
    const suffix = `-${USER_POOLS[portal].name}`;
    const stage = name.endsWith(suffix) ? name.slice(0, -suffix.length).replace(/^sportello-/, '') : '';
    if (stage && physicalName(stage, USER_POOLS[portal].name) === name) return { stage, portal };
  }
  return undefined;
}

/**
 * The stage and portal of a pool by its id, from its name (DescribeUserPool once per pool): how the cloud that runs
 * the Cognito emulator serves the pools of every stage on it (their codes, their pre token generation trigger).
 */
export function poolsByName(
  client: CognitoIdentityProviderClient,
): (poolId: string) => Promise<{ stage: string; portal: Portal } | undefined> {
  const known = new Map<string, Promise<{ stage: string; portal: Portal } | undefined>>();
  return (poolId) => {
    let found = known.get(poolId);
    if (!found) {
      found = client
        .send(new DescribeUserPoolCommand({ UserPoolId: poolId }))
        .then((out) => poolOfName(out.UserPool?.Name ?? ''));
      // A failed look-up is asked again next time.
      found.catch(() => known.delete(poolId));
      known.set(poolId, found);
    }
    return found;
  };
}
