import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { Route } from '#catalogue/routes';

/** Header CloudFront's viewer-request function overwrites with the viewer's IP; WAF and the handlers read it. */
export const VIEWER_ADDRESS_HEADER = 'x-sportello-viewer';
/** Header CloudFront adds to every origin request; requests to the API without it did not come through CloudFront. */
export const ORIGIN_VERIFY_HEADER = 'x-sportello-origin';

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
} as const;

export interface ApiFirewallProps {
  readonly name: string;
  readonly routes: readonly Route[];
  /** Value of ORIGIN_VERIFY_HEADER that CloudFront sends. */
  readonly originVerifyValue: string;
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

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'OnlyThroughCloudFront',
        priority: 0,
        action: { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'forbidden' } } },
        visibilityConfig: visibility('OnlyThroughCloudFront'),
        statement: {
          notStatement: {
            statement: {
              byteMatchStatement: {
                fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
                positionalConstraint: 'EXACTLY',
                searchString: props.originVerifyValue,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
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
      },
      rules,
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
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
