import type { CfnJson, Synthesis } from '../sportello-app.ts';

/** API Gateway's account-wide logging role lives in the account stack only (one per account and region). */
export function accountChecks(get: () => Synthesis): void {
  describe('account stack', () => {
    it('leaves AWS::ApiGateway::Account and its role out of every stage stack', () => {
      const { templates } = get();
      for (const key of ['data', 'auth', 'api', 'web'] as const) {
        expect({ key, accounts: Object.keys(templates[key].findResources('AWS::ApiGateway::Account')) }).toEqual({
          key,
          accounts: [],
        });
      }
      const roles = Object.values(templates.api.findResources('AWS::IAM::Role')).map((role) =>
        JSON.stringify(role.Properties.AssumeRolePolicyDocument),
      );
      expect(roles.filter((trust) => trust.includes('apigateway.amazonaws.com'))).toEqual([]);
    });

    it('sets the account with one role whose only policy is AmazonAPIGatewayPushToCloudWatchLogs', () => {
      const { templates } = get();
      const accounts = Object.values(templates.account.findResources('AWS::ApiGateway::Account')) as CfnJson[];
      expect(accounts).toHaveLength(1);
      const roleId = accounts[0].Properties.CloudWatchRoleArn['Fn::GetAtt'][0];
      const roles = templates.account.findResources('AWS::IAM::Role');
      expect(Object.keys(roles)).toEqual([roleId]);
      const role: CfnJson = roles[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toEqual([
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
          ],
        },
      ]);
      expect(role.Properties.Policies).toBeUndefined();
      expect(templates.account.findResources('AWS::IAM::Policy')).toEqual({});
      expect(role.DeletionPolicy).toBe('Retain');
    });

    it('is deployed before the API stage that logs through it, and outlives any stage', () => {
      const { stacks } = get();
      expect(stacks.api.dependencies).toContain(stacks.account);
      expect(stacks.account.stackName).toBe('Sportello-Account');
      expect(stacks.account.terminationProtection).toBe(true);
    });
  });
}

/** Every stage's app deploys the same account stack: deploying it from dev or prod changes nothing. */
export function accountSameInEveryStage(get: () => Synthesis, other: () => Synthesis): void {
  it('synthesises the same account stack in every stage', () => {
    expect(get().templates.account.toJSON()).toEqual(other().templates.account.toJSON());
  });
}
