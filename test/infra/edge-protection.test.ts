/**
 * The API web ACL's switchable protections (`-c wafChallenge=on`, `-c botControl=off`), on the construct alone: the
 * whole app's synthesis (test/infra/stacks.test.ts) checks the defaults.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ApiFirewall } from '#lib/constructs/api-firewall';
import { ROUTES } from '#catalogue/routes';
import type { CfnJson } from './sportello-app.ts';

function rules(props: Partial<ConstructorParameters<typeof ApiFirewall>[2]>): CfnJson[] {
  const stack = new Stack(new App(), 'Edge', { env: { region: 'eu-south-1' } });
  new ApiFirewall(stack, 'Firewall', {
    name: 'test',
    routes: ROUTES,
    originSecretName: 'test-origin-secret',
    stageArn: 'arn:aws:apigateway:eu-south-1::/restapis/x/stages/live',
    ...props,
  });
  const [acl] = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'));
  return acl?.Properties.Rules;
}

test('given wafChallenge on, the counter form and send and busy login addresses get a WAF Challenge', () => {
  const on = rules({ challenge: true, tokenDomains: ['sportello.example.it'] });
  const counter = on.find((r) => r.Name === 'CounterChallenge');
  expect(counter.Action).toEqual({ Challenge: {} });
  const regex = JSON.stringify(counter.Statement);
  expect(regex).toContain('/sportello/form');
  expect(regex).toContain('/sportello/send');
  const login = on.find((r) => r.Name === 'LoginChallenge');
  expect(login.Action).toEqual({ Challenge: {} });
  expect(login.Statement.RateBasedStatement.AggregateKeyType).toBe('FORWARDED_IP');
  expect(rules({}).some((r) => r.Action?.Challenge)).toBe(false);
});

test('given botControl off, no Bot Control rule; by default it counts and never blocks', () => {
  expect(rules({ botControl: 'off' }).some((r) => r.Name === 'BotControl')).toBe(false);
  expect(rules({}).find((r) => r.Name === 'BotControl').OverrideAction).toEqual({ Count: {} });
});

test('the origin rule comes first and the body size rule right after it', () => {
  expect(
    rules({})
      .slice(0, 2)
      .map((r) => r.Name),
  ).toEqual(['OnlyThroughCloudFront', 'BodyTooLarge']);
});
