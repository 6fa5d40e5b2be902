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
}

/** Reads the stage and its overrides from context; unknown stages are refused rather than guessed. */
export function stageFromContext(tryGetContext: (key: string) => unknown): StageConfig {
  const name = String(tryGetContext('stage') ?? 'dev');
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage "${name}": use -c stage=dev or -c stage=prod`);
  const clickDay = String(tryGetContext('clickDay') ?? 'off');
  if (clickDay !== 'on' && clickDay !== 'off') throw new Error('clickDay must be "on" or "off"');
  const window = tryGetContext('clickDayWindow');
  const prod = name === 'prod';
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
    alarmEmail: optionalString(tryGetContext('alarmEmail')),
    customDomain: customDomain(tryGetContext),
    clickDay: clickDay === 'on',
    clickDayWindow: window ? parseWindow(String(window)) : undefined,
    smsCountries: smsCountriesOf(loadSiteConfig()),
  };
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
