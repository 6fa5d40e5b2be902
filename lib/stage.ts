/**
 * A stage (`dev`, `prod`) and what differs between them. Read from CDK context: `-c stage=prod`.
 * Everything not here is the same in every stage, so `dev` is a faithful rehearsal of `prod`.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { FeaturePlan, StandardThreatProtectionMode } from 'aws-cdk-lib/aws-cognito';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { loadSiteConfig, smsCountriesOf } from '../web/site.ts';

export type StageName = 'dev' | 'prod';

export interface StageConfig {
  readonly name: StageName;
  /** Stateful resources: RETAIN in prod (a failed deploy or a deleted stack never drops data), DESTROY in dev. */
  readonly removalPolicy: RemovalPolicy;
  /** Table, user pool and stack termination protection. */
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  /** API Gateway stage throttle (all methods). Must stay under the account quota for the region. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Cognito feature plan: Essentials is the minimum for access-token scopes from the pre token generation trigger. */
  readonly featurePlan: FeaturePlan;
  /**
   * Threat protection (Plus plan only): AUDIT_ONLY scores every sign-in with the viewer address the backend passes in
   * UserContextData and logs the risk, without blocking anyone on click day. Absent: not configured (Essentials).
   */
  readonly threatProtection?: StandardThreatProtectionMode;
  /**
   * Public name of the site and its ACM certificate (us-east-1), `-c domainName=… -c certificateArn=…`. Absent: the
   * distribution's *.cloudfront.net name.
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** Address subscribed to the operational alarms topic (`-c alarmEmail=…`). */
  readonly alarmEmail?: string;
  /** Verified SES identity for Cognito's e-mail (`-c sesFromEmail=…`); absent: Cognito's own sender (50/day). */
  readonly sesFromEmail?: string;
  /**
   * Sender of the product's own e-mail (receipts, notices) through SES: `sesFromEmail`; without it a placeholder that
   * SES refuses, so undelivered notices wait in the notifications DLQ (alarm) until the stage is deployed with one.
   */
  readonly mailFrom: string;
  /** Alphanumeric SMS sender id for the product's SMS (`-c smsSenderId=SPORTELLO`), where carriers allow one. */
  readonly smsSenderId?: string;
  /**
   * Provisioned concurrency for the click day (`-c clickDay=on`): each function gets its `clickDayConcurrency`
   * (functions.ts). With `-c clickDayWindow=<start>/<end>` (M4 − 30 min … M6) it is scheduled, else always on.
   */
  readonly clickDay: boolean;
  readonly clickDayWindow?: { readonly start: Date; readonly end: Date };
  /**
   * Countries whose mobile numbers may receive the product's SMS codes (ISO 3166), from the deployment's site
   * configuration (`web/site.config.json` → `sms.countries`), which the phone page also lists; default Italy.
   */
  readonly smsCountries: readonly string[];
  /**
   * The account's monthly SNS SMS spend limit in USD (`-c smsSpendLimitUsd=…`), with an alarm at 80% of it. SNS
   * refuses SMS beyond it (Cognito's login codes too): raise it with AWS Support first when a click day needs more.
   */
  readonly smsSpendLimitUsd: number;
  /**
   * AWS WAF Challenge on the counter's form and send routes and on logins from an address past 100 in 5 minutes
   * (`-c wafChallenge=on`); the portals must load the web ACL's JavaScript integration (docs/deploy.md). @default off
   */
  readonly wafChallenge: boolean;
  /** AWS WAF Bot Control (common level) on the API, counting only (`-c botControl=count|off`). @default count */
  readonly botControl: 'count' | 'off';
  /** The API web ACL's JavaScript integration URL, from the site configuration (`waf.integrationUrl`), if any. */
  readonly wafIntegrationUrl?: string;
}

/** Reads the stage and its overrides from context; unknown stages are refused rather than guessed. */
export function stageFromContext(tryGetContext: (key: string) => unknown): StageConfig {
  const name = String(tryGetContext('stage') ?? 'dev');
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage "${name}": use -c stage=dev or -c stage=prod`);
  const clickDay = String(tryGetContext('clickDay') ?? 'off');
  if (clickDay !== 'on' && clickDay !== 'off') throw new Error('clickDay must be "on" or "off"');
  const window = tryGetContext('clickDayWindow');
  const prod = name === 'prod';
  const site = loadSiteConfig();
  return {
    name,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_WEEK,
    // Prod: the send burst (docs/deploy.md) needs ~30,000 req/s; the account quota must be raised to match.
    apiThrottle: prod ? { rateLimit: 30_000, burstLimit: 15_000 } : { rateLimit: 200, burstLimit: 100 },
    featurePlan: prod ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
    threatProtection: prod ? StandardThreatProtectionMode.AUDIT_ONLY : undefined,
    sesFromEmail: optionalString(tryGetContext('sesFromEmail')),
    mailFrom: optionalString(tryGetContext('sesFromEmail')) ?? 'no-sender-configured@sportello.invalid',
    smsSenderId: optionalString(tryGetContext('smsSenderId')),
    alarmEmail: optionalString(tryGetContext('alarmEmail')),
    customDomain: customDomain(tryGetContext),
    clickDay: clickDay === 'on',
    clickDayWindow: window ? parseWindow(String(window)) : undefined,
    smsCountries: smsCountriesOf(site),
    wafIntegrationUrl: site.waf?.integrationUrl,
    smsSpendLimitUsd: positiveNumber(tryGetContext('smsSpendLimitUsd'), prod ? 20_000 : 10, 'smsSpendLimitUsd'),
    wafChallenge: wafChallenge(tryGetContext('wafChallenge'), site.waf?.integrationUrl),
    botControl: botControl(tryGetContext('botControl')),
  };
}

function onOff(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (value === 'on' || value === true) return true;
  if (value === 'off' || value === false) return false;
  throw new Error(`${name} must be "on" or "off"`);
}

/** The challenge needs the portals to answer it: on only with the integration in the site configuration. */
function wafChallenge(value: unknown, integrationUrl: string | undefined): boolean {
  const on = onOff(value, false, 'wafChallenge');
  if (on && !integrationUrl) {
    throw new Error(
      "wafChallenge=on needs waf.integrationUrl in web/site.config.json (the web ACL's JavaScript integration): " +
        'without it the portals cannot answer the challenge (docs/deploy.md)',
    );
  }
  return on;
}

function botControl(value: unknown): StageConfig['botControl'] {
  if (value === undefined || value === 'count') return 'count';
  if (value === 'off') return 'off';
  throw new Error('botControl must be "count" or "off"');
}

function positiveNumber(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

function parseWindow(text: string): { start: Date; end: Date } {
  const [start, end] = text.split('/').map((part) => new Date(part));
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
    throw new Error(`clickDayWindow must be "<start ISO>/<end ISO>", got "${text}"`);
  }
  return { start, end };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function customDomain(tryGetContext: (key: string) => unknown): StageConfig['customDomain'] {
  const domainName = optionalString(tryGetContext('domainName'));
  const certificateArn = optionalString(tryGetContext('certificateArn'));
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error('domainName and certificateArn go together');
  return { domainName, certificateArn };
}
