/**
 * Rotation of the origin secret — the value CloudFront sends in `x-sportello-origin` and the WAF and the handlers
 * require — in Secrets Manager's four steps, without refusing a request in flight:
 * - createSecret: a new random value, staged AWSPENDING;
 * - setSecret: the WAF's origin rule accepts the current and the pending value; then CloudFront sends the pending one
 *   (its edge locations move over some minutes, each sending one of the two accepted values);
 * - testSecret: the web ACL and the distribution hold the pending value;
 * - finishSecret: AWSCURRENT moves to it. The old value stays accepted by the WAF until the next rotation, and the
 *   handlers accept the current, pending and previous versions.
 */
import {
  type CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  GetWebACLCommand,
  type Rule,
  type Statement,
  UpdateWebACLCommand,
  type WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { ORIGIN_VERIFY_HEADER } from '#catalogue/function-needs';

export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

export interface EdgeTargets {
  /** The API's regional web ACL and the name of its origin rule. */
  webAcl: { name: string; id: string; rule: string };
  distributionId: string;
}

export class OriginSecretRotation {
  constructor(
    private readonly secrets: SecretsManagerClient,
    private readonly waf: WAFV2Client,
    private readonly cloudfront: CloudFrontClient,
    private readonly targets: EdgeTargets,
  ) {}

  async rotate(event: RotationEvent): Promise<void> {
    const { SecretId, ClientRequestToken: token } = event;
    const described = await this.secrets.send(new DescribeSecretCommand({ SecretId }));
    const stages = described.VersionIdsToStages?.[token];
    if (!stages) throw new Error(`secret version ${token} does not exist`);
    if (stages.includes('AWSCURRENT')) return; // finished already
    if (!stages.includes('AWSPENDING')) throw new Error(`secret version ${token} is not pending`);
    if (event.Step === 'createSecret') return this.create(SecretId, token);
    const current = await this.value(SecretId, { VersionStage: 'AWSCURRENT' });
    const pending = await this.value(SecretId, { VersionId: token, VersionStage: 'AWSPENDING' });
    if (event.Step === 'setSecret') {
      await this.acceptInWaf([current, pending]);
      await this.sendFromCloudFront(pending);
    } else if (event.Step === 'testSecret') {
      await this.requireInPlace(pending);
    } else {
      const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, s]) =>
        s.includes('AWSCURRENT'),
      )?.[0];
      await this.secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          ...(currentVersion ? { RemoveFromVersionId: currentVersion } : {}),
        }),
      );
    }
  }

  private async create(SecretId: string, token: string): Promise<void> {
    const exists = await this.value(SecretId, { VersionId: token, VersionStage: 'AWSPENDING' }).catch(() => undefined);
    if (exists) return;
    const random = await this.secrets.send(
      new GetRandomPasswordCommand({ PasswordLength: 48, ExcludePunctuation: true }),
    );
    if (!random.RandomPassword) throw new Error('no random value');
    await this.secrets.send(
      new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: token,
        SecretString: random.RandomPassword,
        VersionStages: ['AWSPENDING'],
      }),
    );
  }

  private async value(SecretId: string, version: { VersionId?: string; VersionStage: string }): Promise<string> {
    const out = await this.secrets.send(new GetSecretValueCommand({ SecretId, ...version }));
    if (!out.SecretString) throw new Error(`no value at ${version.VersionStage}`);
    return out.SecretString;
  }

  /** The origin rule of the web ACL, its statement replaced by "the header is one of `values`". */
  private async acceptInWaf(values: readonly string[]): Promise<void> {
    const { name, id, rule } = this.targets.webAcl;
    const got = await this.waf.send(new GetWebACLCommand({ Name: name, Scope: 'REGIONAL', Id: id }));
    const acl = got.WebACL;
    if (!acl?.Rules?.some((r) => r.Name === rule)) throw new Error(`web ACL ${name} has no rule ${rule}`);
    const rules: Rule[] = acl.Rules.map((r) =>
      r.Name === rule ? { ...r, Statement: { NotStatement: { Statement: originStatement(values) } } } : r,
    );
    await this.waf.send(
      new UpdateWebACLCommand({
        Name: name,
        Scope: 'REGIONAL',
        Id: id,
        LockToken: got.LockToken,
        DefaultAction: acl.DefaultAction,
        Description: acl.Description,
        Rules: rules,
        VisibilityConfig: acl.VisibilityConfig,
        CustomResponseBodies: acl.CustomResponseBodies,
        CaptchaConfig: acl.CaptchaConfig,
        ChallengeConfig: acl.ChallengeConfig,
        TokenDomains: acl.TokenDomains,
        AssociationConfig: acl.AssociationConfig,
      }),
    );
  }

  /** Every origin of the distribution that sends the origin header sends `value` from now on. */
  private async sendFromCloudFront(value: string): Promise<void> {
    const got = await this.cloudfront.send(new GetDistributionConfigCommand({ Id: this.targets.distributionId }));
    const config = got.DistributionConfig;
    if (!config) throw new Error('no distribution config');
    for (const origin of config.Origins?.Items ?? []) {
      for (const header of origin.CustomHeaders?.Items ?? []) {
        if (header.HeaderName?.toLowerCase() === ORIGIN_VERIFY_HEADER) header.HeaderValue = value;
      }
    }
    await this.cloudfront.send(
      new UpdateDistributionCommand({ Id: this.targets.distributionId, IfMatch: got.ETag, DistributionConfig: config }),
    );
  }

  private async requireInPlace(value: string): Promise<void> {
    const { name, id, rule } = this.targets.webAcl;
    const acl = (await this.waf.send(new GetWebACLCommand({ Name: name, Scope: 'REGIONAL', Id: id }))).WebACL;
    const accepted = (
      acl?.Rules?.find((r) => r.Name === rule)?.Statement?.NotStatement?.Statement?.OrStatement?.Statements ?? []
    ).map((s) => new TextDecoder().decode(s.ByteMatchStatement?.SearchString));
    if (!accepted.includes(value)) throw new Error('the web ACL does not accept the pending origin secret');
    const config = await this.cloudfront.send(new GetDistributionConfigCommand({ Id: this.targets.distributionId }));
    const sent = (config.DistributionConfig?.Origins?.Items ?? []).flatMap((o) =>
      (o.CustomHeaders?.Items ?? []).filter((h) => h.HeaderName?.toLowerCase() === ORIGIN_VERIFY_HEADER),
    );
    if (sent.length === 0 || sent.some((h) => h.HeaderValue !== value)) {
      throw new Error('CloudFront does not send the pending origin secret');
    }
  }
}

/** The origin check in the WAF API's shape (the stack writes the same in CloudFormation's). */
export function originStatement(values: readonly string[]): Statement {
  return {
    OrStatement: {
      Statements: values.map((value) => ({
        ByteMatchStatement: {
          FieldToMatch: { SingleHeader: { Name: ORIGIN_VERIFY_HEADER } },
          PositionalConstraint: 'EXACTLY',
          SearchString: new TextEncoder().encode(value),
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      })),
    },
  };
}
