import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib/core';
import { ORIGIN_VERIFY_HEADER, pathStatement, RATE_LIMITS, VIEWER_ADDRESS_HEADER } from '#lib/constructs/api-firewall';
import { GATEWAY_ERRORS } from '#lib/constructs/gateway-responses';
import { PROJECT_ROOT } from '#lib/constructs/sportello-function';
import { HANDLER_NEEDS, TRIGGER_NEEDS, type TriggerName } from '#catalogue/function-needs';
import { USER_POOLS } from '#catalogue/resources';
import { ROUTES } from '#catalogue/routes';
import type { CfnJson, Synthesis } from '../sportello-app.ts';

/** Error codes of CONTRACT's table: gateway and WAF answers may use only these. */
const CONTRACT_CODES = ['VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'UNAVAILABLE'];

function logicalId(element: CfnElement): string {
  return Stack.of(element).getLogicalId(element);
}

export function apiChecks(get: () => Synthesis): void {
  describe('api stack', () => {
    it('serves every route of the route table with its method, authorizer and portal scope', () => {
      const { templates } = get();
      const methods = Object.values(templates.api.findResources('AWS::ApiGateway::Method'));
      expect(methods).toHaveLength(ROUTES.length);
      for (const route of ROUTES) {
        const last = route.path.split('/').filter(Boolean).at(-1);
        templates.api.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: last });
        templates.api.hasResourceProperties('AWS::ApiGateway::Method', {
          HttpMethod: route.method,
          AuthorizationType: route.auth === 'none' ? 'NONE' : 'COGNITO_USER_POOLS',
          AuthorizationScopes: route.auth === 'none' ? Match.absent() : [USER_POOLS[route.auth].scope],
          Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
        });
      }
      const portals = new Set(ROUTES.flatMap((route) => (route.auth === 'none' ? [] : [route.auth])));
      templates.api.resourceCountIs('AWS::ApiGateway::Authorizer', portals.size);
    });

    it('runs one Node.js 22 arm64 function per handler module, traced, logging to its own group', () => {
      const { templates, stacks } = get();
      const handlers = new Set(ROUTES.map((route) => route.handler));
      expect(Object.keys(stacks.api.functions).sort()).toEqual([...handlers].sort());
      templates.api.allResourcesProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: Match.objectLike({ LogGroup: Match.anyValue(), LogFormat: 'JSON' }),
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('^sportello-[a-z-]+$'),
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    });

    it('answers the gateway’s own errors in the CONTRACT shape, in Italian', () => {
      const { templates } = get();
      const required = ['UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'WAF_FILTERED', 'DEFAULT_4XX', 'DEFAULT_5XX'];
      const types = GATEWAY_ERRORS.map((error) => error.type.responseType);
      expect(types).toEqual(expect.arrayContaining(required));
      for (const error of GATEWAY_ERRORS) {
        const found = templates.api.findResources('AWS::ApiGateway::GatewayResponse', {
          Properties: { ResponseType: error.type.responseType, StatusCode: error.statusCode },
        });
        const [response] = Object.values(found);
        expect(response).toBeDefined();
        const body = JSON.parse(response?.Properties.ResponseTemplates['application/json']);
        expect(Object.keys(body)).toEqual(['error']);
        expect(CONTRACT_CODES).toContain(body.error.code);
        expect(body.error.message).toMatch(/^[A-Z].*[a-zà-ù]+.*\.$/u);
        expect(body.error.message).not.toMatch(/unauthori[sz]ed|forbidden|token/i);
        // A 5xx of the gateway may follow a function that timed out after recording a send: never "nothing recorded".
        if (error.type.responseType === 'DEFAULT_5XX') expect(body.error.message).not.toMatch(/nessun dato|nulla/i);
      }
    });

    it('throttles the stage, writes access logs and traces', () => {
      const { templates, stage } = get();
      templates.api.hasResourceProperties('AWS::ApiGateway::Stage', {
        TracingEnabled: true,
        AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
        MethodSettings: Match.arrayWith([
          Match.objectLike({
            HttpMethod: '*',
            ResourcePath: '/*',
            ThrottlingRateLimit: stage.apiThrottle.rateLimit,
            ThrottlingBurstLimit: stage.apiThrottle.burstLimit,
          }),
        ]),
      });
    });

    it('protects the stage with a regional web ACL: CloudFront-only, per-address rate rules, CONTRACT bodies', () => {
      const { templates } = get();
      templates.api.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
      const [acl] = Object.values(templates.api.findResources('AWS::WAFv2::WebACL'));
      expect(acl?.Properties.Scope).toBe('REGIONAL');
      const rules: CfnJson[] = acl?.Properties.Rules;
      const rateRules = rules.filter((rule) => rule.Statement.RateBasedStatement);
      expect(rateRules.length).toBeGreaterThan(0);
      for (const rule of rateRules) {
        const rate = rule.Statement.RateBasedStatement;
        expect(rate.AggregateKeyType).toBe('FORWARDED_IP');
        expect(rate.ForwardedIPConfig.HeaderName).toBe(VIEWER_ADDRESS_HEADER);
        // CONTRACT: an office network gets at least 100 requests/s from one address.
        expect(rate.Limit / rate.EvaluationWindowSec).toBeGreaterThanOrEqual(100);
        expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(429);
      }
      // Only through CloudFront: the origin header must be one of the origin secret's values (from Secrets Manager).
      const origin = rules.find((rule) => rule.Name === 'OnlyThroughCloudFront');
      const accepted = origin?.Statement.NotStatement.Statement.OrStatement.Statements;
      expect(accepted).toHaveLength(2);
      for (const statement of accepted) {
        expect(statement.ByteMatchStatement.FieldToMatch.SingleHeader.Name).toBe(ORIGIN_VERIFY_HEADER);
        expect(JSON.stringify(statement.ByteMatchStatement.SearchString)).toMatch(
          /\{\{resolve:secretsmanager:sportello-dev-origin-secret:SecretString:::\}\}/,
        );
      }
      for (const body of Object.values<CfnJson>(acl?.Properties.CustomResponseBodies)) {
        const parsed = JSON.parse(body.Content);
        expect(CONTRACT_CODES).toContain(parsed.error.code);
        expect(parsed.error.message.length).toBeGreaterThan(10);
      }
      // Every sensitive route falls under a rate rule scoped to it (or the catch-all one).
      for (const route of ROUTES.filter((r) => r.sensitive)) {
        const covered = rateRules.some((rule) => {
          const scope = rule.Statement.RateBasedStatement.ScopeDownStatement;
          const regexes = scope?.OrStatement ? scope.OrStatement.Statements : scope ? [scope] : [];
          const path = `/live${route.path.replace(/\{[^/]+\}/g, 'x')}`;
          return !scope || regexes.some((s: CfnJson) => new RegExp(s.RegexMatchStatement.RegexString).test(path));
        });
        expect(covered).toBe(true);
      }
    });

    it('refuses bodies over 16 KB at the WAF (inspected up to 16 KB, larger ones match) with 413 in the API shape', () => {
      const [acl] = Object.values(get().templates.api.findResources('AWS::WAFv2::WebACL'));
      expect(acl?.Properties.AssociationConfig).toEqual({
        RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } },
      });
      const rule = acl?.Properties.Rules.find((r: CfnJson) => r.Name === 'BodyTooLarge');
      expect(rule.Statement.SizeConstraintStatement).toMatchObject({
        FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
        ComparisonOperator: 'GT',
        Size: 16 * 1024,
      });
      expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(413);
    });

    it('counts with Bot Control by default (no challenge unless the context asks for it)', () => {
      const [acl] = Object.values(get().templates.api.findResources('AWS::WAFv2::WebACL'));
      const bots = acl?.Properties.Rules.find((r: CfnJson) => r.Name === 'BotControl');
      expect(bots.OverrideAction).toEqual({ Count: {} });
      expect(bots.Statement.ManagedRuleGroupStatement.Name).toBe('AWSManagedRulesBotControlRuleSet');
      expect(acl?.Properties.Rules.some((r: CfnJson) => r.Action?.Challenge)).toBe(false);
    });

    it("gives every handler the origin secret to check, and keeps the API's access logs 90 days", () => {
      const { templates, stacks } = get();
      for (const fn of Object.values(stacks.api.functions)) {
        const id = stacks.api.getLogicalId(fn.function.node.defaultChild as CfnElement);
        const variables = templates.api.toJSON().Resources[id].Properties.Environment.Variables;
        expect(JSON.stringify(variables.ORIGIN_SECRET)).toMatch(/OriginSecret/);
        expect(variables.VIEWER_ADDRESS_HEADER).toBe(VIEWER_ADDRESS_HEADER);
      }
      const groups = Object.values(templates.api.findResources('AWS::Logs::LogGroup'));
      expect(groups.some((group) => group.Properties.RetentionInDays === 90)).toBe(true);
    });

    it('scopes rate rules to exactly the given paths, with or without the stage prefix', () => {
      const statement: CfnJson = pathStatement(['/auth/login', '/admin/companies/{token}/reset']);
      const regex = new RegExp(statement.regexMatchStatement.regexString);
      expect(regex.test('/live/auth/login')).toBe(true);
      expect(regex.test('/auth/login')).toBe(true);
      expect(regex.test('/live/admin/companies/+abc/reset')).toBe(true);
      expect(regex.test('/live/auth/login/extra')).toBe(false);
      expect(regex.test('/live/auth/logout')).toBe(false);
      expect(RATE_LIMITS.auth.limit / RATE_LIMITS.auth.windowSeconds).toBeGreaterThanOrEqual(100);
    });

    it('splits long path lists into regexes WAF accepts (≤ 512 characters)', () => {
      const paths = Array.from({ length: 40 }, (_, i) => `/some/long/route/number/${i}`);
      const statement: CfnJson = pathStatement(paths);
      const regexes: string[] = statement.orStatement.statements.map((s: CfnJson) => s.regexMatchStatement.regexString);
      expect(regexes.length).toBeGreaterThan(1);
      for (const regex of regexes) expect(regex.length).toBeLessThanOrEqual(512);
      for (const path of paths) expect(regexes.some((r) => new RegExp(r).test(`/live${path}`))).toBe(true);
    });

    it('hands each function the client secret as a Secrets Manager location, never as a value', () => {
      const { templates } = get();
      for (const [, fn] of Object.entries(templates.api.findResources('AWS::Lambda::Function'))) {
        const variables: Record<string, unknown> = fn.Properties.Environment.Variables;
        for (const [name, value] of Object.entries(variables)) {
          if (!name.endsWith('_CLIENT_SECRET')) continue;
          expect(JSON.stringify(value)).toMatch(/Secret/);
        }
      }
    });

    it('deploys each queue consumer and scheduled job whose module exists, wired to its queue or schedule', () => {
      const { templates, stacks } = get();
      for (const [name, definition] of Object.entries(TRIGGER_NEEDS)) {
        // The pools' trigger is the auth stack's, the origin rotation the web stack's (checked there).
        if (definition.invokedBy === 'preTokenGeneration' || definition.invokedBy === 'secretRotation') continue;
        const exists = existsSync(join(PROJECT_ROOT, 'lambdas', 'triggers', `${name}.ts`));
        const trigger = stacks.api.triggers[name as TriggerName];
        expect({ name, deployed: Boolean(trigger) }).toEqual({ name, deployed: exists });
        if (!trigger) continue;
        const functionId = stacks.api.getLogicalId(trigger.function.node.defaultChild as CfnElement);
        if (definition.invokedBy === 'schedule') {
          const rules = Object.values(templates.api.findResources('AWS::Events::Rule')).filter((rule) =>
            JSON.stringify(rule.Properties.Targets).includes(functionId),
          );
          expect(rules).toHaveLength(1);
          const [, amount, unit] = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(
            rules[0]?.Properties.ScheduleExpression,
          ) as RegExpExecArray;
          expect(Number(amount) * (unit?.startsWith('hour') ? 60 : 1)).toBe(definition.everyMinutes);
        } else {
          templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
            FunctionName: { Ref: functionId },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          });
        }
      }
    });

    it('grants the counter function exactly the send transaction, and nothing destructive', () => {
      const { stacks } = get();
      const counter = stacks.api.functions.counter;
      expect(counter).toBeDefined();
      const statements = policyStatements(get(), counter?.role.node.defaultChild as CfnElement);
      const actions = statements.flatMap((statement) => [statement.Action].flat());
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage', 'kms:Sign']),
      );
      for (const forbidden of [
        'dynamodb:DeleteItem',
        'dynamodb:Scan',
        'dynamodb:BatchWriteItem',
        'sqs:DeleteMessage',
        'kms:Decrypt',
      ]) {
        expect(actions).not.toContain(forbidden);
      }
      expect(actions.some((action) => action.endsWith('*'))).toBe(false);
      expect(HANDLER_NEEDS.counter.tables?.sends?.only).toEqual(['PutItem', 'GetItem']);
    });
  });
}

/** Statements of the policies attached to a role, found by the role's logical id. */
export function policyStatements({ templates }: Synthesis, role: CfnElement): CfnJson[] {
  const roleId = logicalId(role);
  const policies = templates.api.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
