import { CfnOutput, Duration, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ACCESS_SCOPE_ENV, TRIGGER_NEEDS } from '#catalogue/function-needs';
import { PORTALS, type Portal, physicalName, USER_POOLS, type UserPoolDefinition } from '#catalogue/resources';
import type { PortalIdentity } from '#lib/constructs/bind-needs';
import { SportelloFunction } from '#lib/constructs/sportello-function';
import type { StageConfig } from '#lib/stage';

export interface AuthStackProps extends StackProps {
  readonly stage: StageConfig;
}

/** Cognito attribute names as CDK's client attributes (standard attributes only). */
function clientAttributes(names: readonly string[]): cognito.ClientAttributes {
  const standard: Record<string, keyof cognito.StandardAttributesMask> = {
    email: 'email',
    email_verified: 'emailVerified',
    given_name: 'givenName',
    family_name: 'familyName',
    phone_number: 'phoneNumber',
    phone_number_verified: 'phoneNumberVerified',
  };
  const mask = Object.fromEntries(
    names.map((name) => {
      const key = standard[name];
      if (!key) throw new Error(`${name} is not a standard attribute this stack maps`);
      return [key, true];
    }),
  ) as cognito.StandardAttributesMask;
  return new cognito.ClientAttributes().withStandardAttributes(mask);
}

const AUTH_FLOW: Record<UserPoolDefinition['authFlows'][number], keyof cognito.AuthFlow | null> = {
  USER_PASSWORD_AUTH: 'userPassword',
  // Cognito always allows refresh for a client: ALLOW_REFRESH_TOKEN_AUTH is emitted by CDK with any flow.
  REFRESH_TOKEN_AUTH: null,
};

/**
 * The two user pools (participants: e-mail username; administrators: PEC username) as `resources.ts` describes them.
 * Stateful: kept apart from the API. Each pool has one backend app client with a secret (kept in Secrets Manager, read
 * by the functions at cold start), no OAuth/hosted UI, and a pre token generation trigger that puts the portal scope in
 * access tokens for the API Gateway authorizers.
 */
export class AuthStack extends Stack {
  readonly identities: Record<Portal, PortalIdentity & { readonly scope: string }>;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    this.identities = Object.fromEntries(
      PORTALS.map((portal) => [portal, this.portal(USER_POOLS[portal], props.stage)]),
    ) as AuthStack['identities'];
  }

  private portal(definition: UserPoolDefinition, stage: StageConfig): PortalIdentity & { scope: string } {
    const prefix = definition.portal === 'participant' ? 'Participant' : 'Admin';
    const pool = new cognito.UserPool(this, `${prefix}Pool`, {
      userPoolName: physicalName(stage.name, definition.name),
      featurePlan: stage.featurePlan,
      standardThreatProtectionMode: stage.threatProtection,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: definition.requiredAttributes.includes('email'), mutable: true },
        givenName: { required: definition.requiredAttributes.includes('given_name'), mutable: true },
        familyName: { required: definition.requiredAttributes.includes('family_name'), mutable: true },
        phoneNumber: { required: false, mutable: true },
      },
      userVerification: {
        emailStyle: cognito.VerificationEmailStyle.CODE,
        emailSubject: 'Sportello: il tuo codice di verifica',
        emailBody: 'Il tuo codice di verifica per lo Sportello è {####}. Non comunicarlo a nessuno.',
        smsMessage: 'Sportello: il codice di verifica del numero è {####}',
      },
      mfa: cognito.Mfa[definition.mfa],
      mfaSecondFactor: { sms: definition.mfaTypes.includes('SMS'), otp: false },
      mfaMessage: 'Sportello: il codice di accesso è {####}. Non comunicarlo a nessuno.',
      smsRoleExternalId: physicalName(stage.name, `${definition.name}-sms`),
      // A floor only: R7 ("3 of 4 classes", 8–16 characters) is enforced by the backend before Cognito is called.
      passwordPolicy: {
        minLength: definition.passwordMinLength,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      email: stage.sesFromEmail
        ? cognito.UserPoolEmail.withSES({ fromEmail: stage.sesFromEmail, fromName: 'Sportello' })
        : undefined,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });

    const [identifier, scopeName] = definition.scope.split('/') as [string, string];
    const portalScope = new cognito.ResourceServerScope({
      scopeName,
      scopeDescription: `Routes of the ${definition.portal} portal`,
    });
    pool.addResourceServer('ResourceServer', { identifier, scopes: [portalScope] });

    const client = pool.addClient('BackendClient', {
      userPoolClientName: physicalName(stage.name, `${definition.name}-backend`),
      generateSecret: true,
      authFlows: Object.fromEntries(
        definition.authFlows.flatMap((flow) => (AUTH_FLOW[flow] ? [[AUTH_FLOW[flow], true]] : [])),
      ) as cognito.AuthFlow,
      disableOAuth: true,
      // SignUp writes exactly the registration's attributes; the phone only ever by the backend's admin calls, after
      // its code was verified (a client-level call could not set it even with a user's token).
      writeAttributes: clientAttributes(definition.writeAttributes),
      readAttributes: clientAttributes(definition.readAttributes),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Lets the backend pass the viewer's address (UserContextData) so threat protection scores the real source.
      enablePropagateAdditionalUserContextData: true,
      accessTokenValidity: Duration.minutes(definition.accessTokenMinutes),
      idTokenValidity: Duration.minutes(definition.accessTokenMinutes),
      refreshTokenValidity: Duration.hours(definition.refreshTokenHours),
    });

    const clientSecret = new secrets.Secret(this, `${prefix}ClientSecret`, {
      secretName: physicalName(stage.name, `${definition.name}-client-secret`),
      description: `Secret of the ${definition.portal} backend app client (SECRET_HASH); read by Lambdas at cold start`,
      secretStringValue: SecretValue.resourceAttribute(
        (client.node.defaultChild as cognito.CfnUserPoolClient).attrClientSecret,
      ),
      removalPolicy: stage.removalPolicy,
    });

    const trigger = new SportelloFunction(this, `${prefix}AccessScope`, {
      module: 'triggers/access-scope',
      needs: TRIGGER_NEEDS['access-scope'],
      stage,
      environment: { [ACCESS_SCOPE_ENV]: definition.scope },
    });
    pool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      trigger.function,
      cognito.LambdaVersion.V2_0,
    );

    new CfnOutput(this, `${prefix}PoolId`, { description: `${definition.portal} user pool`, value: pool.userPoolId });
    return { userPool: pool, clientId: client.userPoolClientId, clientSecret, scope: definition.scope };
  }
}
