/**
 * The origin secret's rotation (`adapters/edge/origin-rotation.ts`) against mocked AWS clients: what each of
 * Secrets Manager's four steps writes, so that the WAF accepts both values before CloudFront sends the new one.
 */
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { OriginSecretRotation, originStatement } from '#adapters/edge/origin-rotation';

const secrets = mockClient(SecretsManagerClient);
const waf = mockClient(WAFV2Client);
const cloudfront = mockClient(CloudFrontClient);
const rotation = new OriginSecretRotation(new SecretsManagerClient({}), new WAFV2Client({}), new CloudFrontClient({}), {
  webAcl: { name: 'acl', id: 'acl-id', rule: 'OnlyThroughCloudFront' },
  distributionId: 'dist',
});
const event = (Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret') => ({
  SecretId: 'origin',
  ClientRequestToken: 'v2',
  Step,
});

beforeEach(() => {
  for (const mock of [secrets, waf, cloudfront]) mock.reset();
  secrets
    .on(DescribeSecretCommand)
    .resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] } })
    .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
    .resolves({ SecretString: 'old-value' })
    .on(GetSecretValueCommand, { VersionId: 'v2', VersionStage: 'AWSPENDING' })
    .resolves({ SecretString: 'new-value' });
  waf.on(GetWebACLCommand).resolves({
    LockToken: 'lock',
    WebACL: {
      Name: 'acl',
      Id: 'acl-id',
      ARN: 'arn',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'acl' },
      Rules: [
        {
          Name: 'OnlyThroughCloudFront',
          Priority: 0,
          Action: { Block: {} },
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'o' },
          Statement: { NotStatement: { Statement: originStatement(['old-value', 'old-value']) } },
        },
        {
          Name: 'AnyRoutePerAddress',
          Priority: 1,
          Action: { Block: {} },
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'a' },
          Statement: { RateBasedStatement: { Limit: 60_000, AggregateKeyType: 'IP' } },
        },
      ],
    },
  });
  cloudfront.on(GetDistributionConfigCommand).resolves({
    ETag: 'etag',
    DistributionConfig: {
      CallerReference: 'r',
      Comment: 'c',
      Enabled: true,
      DefaultCacheBehavior: { TargetOriginId: 'site', ViewerProtocolPolicy: 'https-only' },
      Origins: {
        Quantity: 2,
        Items: [
          { Id: 'site', DomainName: 'bucket' },
          {
            Id: 'api',
            DomainName: 'api',
            CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'x-sportello-origin', HeaderValue: 'old-value' }] },
          },
        ],
      },
    },
  });
});

test('createSecret stages a new random value as AWSPENDING', async () => {
  secrets
    .on(GetSecretValueCommand, { VersionId: 'v2', VersionStage: 'AWSPENDING' })
    .rejects(Object.assign(new Error('none'), { name: 'ResourceNotFoundException' }));
  secrets.on(GetRandomPasswordCommand).resolves({ RandomPassword: 'fresh-random-value' });
  await rotation.rotate(event('createSecret'));
  expect(secrets.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toEqual({
    SecretId: 'origin',
    ClientRequestToken: 'v2',
    SecretString: 'fresh-random-value',
    VersionStages: ['AWSPENDING'],
  });
});

test('setSecret makes the WAF accept both values, other rules untouched, then CloudFront send the new one', async () => {
  await rotation.rotate(event('setSecret'));
  const update = waf.commandCalls(UpdateWebACLCommand)[0]?.args[0].input;
  expect(update?.LockToken).toBe('lock');
  const statements = update?.Rules?.[0]?.Statement?.NotStatement?.Statement?.OrStatement?.Statements ?? [];
  expect(statements.map((s) => new TextDecoder().decode(s.ByteMatchStatement?.SearchString))).toEqual([
    'old-value',
    'new-value',
  ]);
  expect(update?.Rules?.[1]?.Name).toBe('AnyRoutePerAddress');
  const distribution = cloudfront.commandCalls(UpdateDistributionCommand)[0]?.args[0].input;
  expect(distribution?.IfMatch).toBe('etag');
  expect(distribution?.DistributionConfig?.Origins?.Items?.[1]?.CustomHeaders?.Items).toEqual([
    { HeaderName: 'x-sportello-origin', HeaderValue: 'new-value' },
  ]);
  // The WAF was updated before CloudFront: no request carries a value the WAF refuses.
  expect(waf.commandCalls(UpdateWebACLCommand)).toHaveLength(1);
});

test('testSecret fails while the distribution still sends the old value', async () => {
  await expect(rotation.rotate(event('testSecret'))).rejects.toThrow(/web ACL|CloudFront/);
});

test('finishSecret moves AWSCURRENT to the new version', async () => {
  await rotation.rotate(event('finishSecret'));
  expect(secrets.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
    SecretId: 'origin',
    VersionStage: 'AWSCURRENT',
    MoveToVersionId: 'v2',
    RemoveFromVersionId: 'v1',
  });
});
