import { SecretValue } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '#catalogue/function-needs';
import { BODY_TOO_LARGE_MESSAGE, MAX_BODY_BYTES, type Route } from '#catalogue/routes';

export { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER };

/** The rule the origin secret's rotation rewrites (`adapters/edge/origin-rotation.ts` finds it by this name). */
export const ORIGIN_RULE = 'OnlyThroughCloudFront';

/**
 * Per-address limits. CONTRACT: one address (an office network) must get at least 100 requests/s and 500 e-mail/SMS
 * codes/hour; bots are stopped per account by the backend. A rate rule counts over its window, so 100 req/s for a
 * full minute is 6,000: the limits below leave 50% headroom above that floor.
 */
export const RATE_LIMITS = {
  /** Sensitive account routes (registration, login, MFA, codes, token reset): 150 req/s averaged over 60 s. */
  auth: { limit: 9_000, windowSeconds: 60 },
  /** Sensitive counter routes (form, send): 150 req/s averaged over 60 s. */
  counter: { limit: 9_000, windowSeconds: 60 },
  /** Any API route: 200 req/s averaged over 5 minutes — a flood ceiling, not a bot filter. */
  any: { limit: 60_000, windowSeconds: 300 },
  /** Logins from one address past this in 5 minutes must pass a WAF Challenge (when challenges are on). */
  loginChallenge: { limit: 100, windowSeconds: 300 },
} as const;

export interface ApiFirewallProps {
  readonly name: string;
  readonly routes: readonly Route[];
  /** Name of the Secrets Manager secret whose value CloudFront sends in ORIGIN_VERIFY_HEADER. */
  readonly originSecretName: string;
  /** WAF Challenge on the counter's form and send, and on logins from a busy address. @default false */
  readonly challenge?: boolean;
  /** Bot Control (common inspection level) counting only, or none. @default 'count' */
  readonly botControl?: 'count' | 'off';
  /** Domains the challenge token is valid for (the site's own). @default none: the requesting host */
  readonly tokenDomains?: readonly string[];
  /** Stage ARN of the REST API to protect. */
  readonly stageArn: string;
}

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/**
 * A REGIONAL web ACL on the API stage. It sits behind CloudFront, so it keys rate rules on the viewer-address header
 * CloudFront's function writes (a client cannot forge it: the function overwrites it), and it refuses requests that
 * did not come through CloudFront (no origin-verify header), so nobody can skip the edge and its limits.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rateLimited = (windowSeconds: number) => ({
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: 'rateLimited',
          responseHeaders: [{ name: 'retry-after', value: String(windowSeconds) }],
        },
      },
    });
    const rateRule = (
      name: string,
      priority: number,
      limits: { limit: number; windowSeconds: number },
      scopeDown?: wafv2.CfnWebACL.StatementProperty,
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: rateLimited(limits.windowSeconds),
      visibilityConfig: visibility(name),
      statement: {
        rateBasedStatement: {
          limit: limits.limit,
          evaluationWindowSec: limits.windowSeconds,
          aggregateKeyType: 'FORWARDED_IP',
          forwardedIpConfig: { headerName: VIEWER_ADDRESS_HEADER, fallbackBehavior: 'MATCH' },
          scopeDownStatement: scopeDown,
        },
      },
    });

    // Until the first rotation both alternatives are the current value; a rotation makes them current and pending.
    const origin = SecretValue.secretsManager(props.originSecretName).unsafeUnwrap();
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: ORIGIN_RULE,
        priority: 0,
        action: { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'forbidden' } } },
        visibilityConfig: visibility(ORIGIN_RULE),
        statement: { notStatement: { statement: originStatement([origin, origin]) } },
      },
      {
        // API Gateway has no body size limit of its own below 10 MB: bodies past MAX_BODY_BYTES never reach a parser.
        name: 'BodyTooLarge',
        priority: 1,
        action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'tooLarge' } } },
        visibilityConfig: visibility('BodyTooLarge'),
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: MAX_BODY_BYTES,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      },
    ];
    const groups: [string, (route: Route) => boolean, { limit: number; windowSeconds: number }][] = [
      ['AccountsPerAddress', (r) => r.handler !== 'counter', RATE_LIMITS.auth],
      ['CounterPerAddress', (r) => r.handler === 'counter', RATE_LIMITS.counter],
    ];
    for (const [name, inGroup, limits] of groups) {
      const paths = props.routes.filter((route) => route.sensitive && inGroup(route)).map((route) => route.path);
      if (paths.length > 0) rules.push(rateRule(name, rules.length, limits, pathStatement(paths)));
    }
    rules.push(rateRule('AnyRoutePerAddress', rules.length, RATE_LIMITS.any));
    if (props.challenge) {
      // A silent browser challenge: a script without a browser cannot pass it; the portals' WAF integration does.
      const counterPaths = props.routes.filter((r) => r.handler === 'counter' && r.sensitive).map((r) => r.path);
      rules.push({
        name: 'CounterChallenge',
        priority: rules.length,
        action: { challenge: {} },
        visibilityConfig: visibility('CounterChallenge'),
        statement: pathStatement(counterPaths),
      });
      rules.push({
        ...rateRule('LoginChallenge', rules.length, RATE_LIMITS.loginChallenge, pathStatement(['/auth/login'])),
        action: { challenge: {} },
      });
    }
    if ((props.botControl ?? 'count') === 'count') {
      rules.push({
        name: 'BotControl',
        priority: rules.length,
        overrideAction: { count: {} },
        visibilityConfig: visibility('BotControl'),
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesBotControlRuleSet',
            managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }],
          },
        },
      });
    }
    rules.push({
      name: 'AmazonIpReputation',
      priority: rules.length,
      overrideAction: { none: {} },
      visibilityConfig: visibility('AmazonIpReputation'),
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      // The body rule inspects the first 16 KB (API Gateway's default is 8): larger bodies are "oversize" and match.
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: 'KB_16' } } },
      challengeConfig: { immunityTimeProperty: { immunityTime: 300 } },
      ...(props.tokenDomains?.length ? { tokenDomains: [...props.tokenDomains] } : {}),
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: errorBody(
            'RATE_LIMITED',
            'Troppe richieste da questo indirizzo in poco tempo. Attendi un minuto e riprova.',
          ),
        },
        forbidden: {
          contentType: 'APPLICATION_JSON',
          content: errorBody('FORBIDDEN', 'Richiesta non consentita: usa il portale dello Sportello.'),
        },
        tooLarge: {
          contentType: 'APPLICATION_JSON',
          content: errorBody('VALIDATION', BODY_TOO_LARGE_MESSAGE),
        },
      },
      rules,
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/**
 * The origin check: the header equals one of `values` exactly (the current secret, and during a rotation the pending
 * one). The rotation writes the same shape through the WAF API.
 */
export function originStatement(values: readonly string[]): wafv2.CfnWebACL.StatementProperty {
  return {
    orStatement: {
      statements: values.map((value) => ({
        byteMatchStatement: {
          fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
          positionalConstraint: 'EXACTLY',
          searchString: value,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      })),
    },
  };
}

/** WAF's limit on a regex string's length. */
const MAX_REGEX_LENGTH = 512;

/**
 * Matches the request path of any of `paths` (route-table form, `{param}` allowed). WAF sees the path API Gateway
 * received, which starts with the stage name (`/live/auth/login`), so an optional first segment is allowed. Long
 * lists are split into several regexes under WAF's length limit, joined by an OR.
 */
export function pathStatement(paths: readonly string[]): wafv2.CfnWebACL.StatementProperty {
  const alternatives = paths.map((p) => p.replace(/[.+*?^$()|[\]\\]/g, '\\$&').replace(/\{[^/]+\}/g, '[^/]+'));
  const regex = (parts: string[]) => `^(/[^/]+)?(${parts.join('|')})/?$`;
  const chunks: string[][] = [];
  for (const alternative of alternatives) {
    const last = chunks.at(-1);
    if (last && regex([...last, alternative]).length <= MAX_REGEX_LENGTH) last.push(alternative);
    else chunks.push([alternative]);
  }
  const statements = chunks.map((chunk): wafv2.CfnWebACL.StatementProperty => ({
    regexMatchStatement: {
      fieldToMatch: { uriPath: {} },
      regexString: regex(chunk),
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  }));
  return statements.length === 1
    ? (statements[0] as wafv2.CfnWebACL.StatementProperty)
    : { orStatement: { statements } };
}
