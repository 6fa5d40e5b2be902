import { Match } from 'aws-cdk-lib/assertions';
import { PORTALS, physicalName, USER_POOLS } from '#catalogue/resources';
import type { Synthesis } from '../sportello-app.ts';

export function authChecks(get: () => Synthesis): void {
  describe('auth stack', () => {
    it.each(PORTALS)(
      'the %s pool: e-mail username, verified e-mail, SMS MFA (optional at pool level), floor password policy',
      (portal) => {
        const { templates, stage } = get();
        const definition = USER_POOLS[portal];
        templates.auth.hasResourceProperties('AWS::Cognito::UserPool', {
          UserPoolName: physicalName(stage.name, definition.name),
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          MfaConfiguration: definition.mfa,
          EnabledMfas: ['SMS_MFA'],
          SmsConfiguration: { SnsCallerArn: Match.anyValue(), ExternalId: Match.anyValue() },
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: definition.passwordMinLength,
              RequireLowercase: false,
              RequireUppercase: false,
              RequireNumbers: false,
              RequireSymbols: false,
            }),
          },
          LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: Match.anyValue(), LambdaVersion: 'V2_0' } },
        });
      },
    );

    it('gives each pool one backend client with a secret, exactly the resources.ts flows, and no OAuth', () => {
      const { templates } = get();
      const clients = templates.auth.findResources('AWS::Cognito::UserPoolClient');
      expect(Object.keys(clients)).toHaveLength(PORTALS.length);
      for (const portal of PORTALS) {
        const flows = USER_POOLS[portal].authFlows.map((flow) => `ALLOW_${flow}`);
        templates.auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
          GenerateSecret: true,
          ExplicitAuthFlows: Match.exact(flows),
          AllowedOAuthFlowsUserPoolClient: false,
          AllowedOAuthFlows: Match.absent(),
          CallbackURLs: Match.absent(),
          AccessTokenValidity: USER_POOLS[portal].accessTokenMinutes,
        });
      }
      for (const client of Object.values(clients)) {
        const flows: string[] = client.Properties.ExplicitAuthFlows;
        expect(flows).not.toContain('ALLOW_USER_SRP_AUTH');
        expect(flows).not.toContain('ALLOW_CUSTOM_AUTH');
      }
      templates.auth.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    });

    it('lets the backend clients write only the registration attributes (never the phone) and read the profile', () => {
      const { templates } = get();
      for (const client of Object.values(templates.auth.findResources('AWS::Cognito::UserPoolClient'))) {
        expect([...client.Properties.WriteAttributes].sort()).toEqual(['email', 'family_name', 'given_name']);
        expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['email', 'phone_number']));
      }
    });

    it("gives each pool's pre token generation trigger its portal scope (the trigger suppresses the self-service one)", () => {
      const { templates } = get();
      for (const portal of PORTALS) {
        templates.auth.hasResourceProperties('AWS::Lambda::Function', {
          Environment: { Variables: Match.objectLike({ ACCESS_SCOPE: USER_POOLS[portal].scope }) },
        });
      }
    });

    it('declares each portal scope on a resource server', () => {
      const { templates } = get();
      for (const portal of PORTALS) {
        const [identifier, scopeName] = USER_POOLS[portal].scope.split('/');
        templates.auth.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
          Identifier: identifier,
          Scopes: [Match.objectLike({ ScopeName: scopeName })],
        });
      }
    });

    it('keeps each client secret in Secrets Manager, taken from the client itself (never in the template)', () => {
      const { templates } = get();
      const secrets = templates.auth.findResources('AWS::SecretsManager::Secret');
      expect(Object.keys(secrets)).toHaveLength(PORTALS.length);
      for (const secret of Object.values(secrets)) {
        expect(secret.Properties.SecretString).toEqual({ 'Fn::GetAtt': [expect.any(String), 'ClientSecret'] });
      }
    });

    it('uses the Essentials plan (access-token scopes) in dev', () => {
      const { templates } = get();
      templates.auth.allResourcesProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
    });
  });
}
