import { Match } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '#lib/constructs/api-firewall';
import { portalsDirectory } from '#lib/portals';
import { apiViewerRequestCode, FUNCTION_SIZE_LIMIT, siteOf, siteViewerRequestCode } from '#lib/stacks/web-stack';
import { ROUTES } from '#catalogue/routes';
import type { CfnJson, Synthesis } from '../sportello-app.ts';

/** Runs CloudFront Function source (cloudfront-js, plain ES5 here) on a request. */
function runFunction(code: string, event: object): CfnJson {
  return new Function('event', `${code}\nreturn handler(event);`)(event);
}

export function webChecks(get: () => Synthesis): void {
  describe('web stack', () => {
    const distribution = () => {
      const [resource] = Object.values(get().templates.web.findResources('AWS::CloudFront::Distribution'));
      return resource?.Properties.DistributionConfig;
    };

    it('serves the portals from a private bucket through origin access control only', () => {
      const { templates } = get();
      templates.web.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      templates.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
      });
      const s3Origins = distribution().Origins.filter((origin: CfnJson) => origin.S3OriginConfig);
      expect(s3Origins).toHaveLength(2);
      for (const origin of s3Origins) {
        expect(origin.OriginAccessControlId).toBeDefined();
        expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
      }
      templates.web.resourceCountIs('Custom::CDKBucketDeployment', 1);
      templates.web.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
    });

    it("serves the transparency log at /log/* from the lists bucket, following each object's Cache-Control", () => {
      const log = distribution().CacheBehaviors.find((b: CfnJson) => b.PathPattern === '/log/*');
      const lists = distribution().CacheBehaviors.find((b: CfnJson) => b.PathPattern === '/lists/*');
      expect(log).toMatchObject({
        TargetOriginId: lists.TargetOriginId,
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        ViewerProtocolPolicy: 'https-only',
      });
    });

    it('is HTTPS only on every behaviour, with security headers', () => {
      const config = distribution();
      const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
      for (const behavior of behaviors) {
        expect(behavior.ViewerProtocolPolicy).toBe('https-only');
        expect(behavior.ResponseHeadersPolicyId).toBeDefined();
      }
      get().templates.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            ContentSecurityPolicy: {
              ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
              Override: true,
            },
            StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true }),
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
          }),
        }),
      });
    });

    it('forwards /api/* to API Gateway uncached, with the origin-verify header', () => {
      const config = distribution();
      const api = config.CacheBehaviors.find((b: CfnJson) => b.PathPattern === '/api/*');
      expect(api.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      expect(api.OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
      expect(api.AllowedMethods).toContain('POST');
      expect(api.FunctionAssociations[0].EventType).toBe('viewer-request');
      const origin = config.Origins.find((o: CfnJson) => o.Id === api.TargetOriginId);
      // The origin secret, resolved from Secrets Manager at deploy time (never the stack id or another public value).
      expect(origin.OriginCustomHeaders).toEqual([
        {
          HeaderName: ORIGIN_VERIFY_HEADER,
          HeaderValue: '{{resolve:secretsmanager:sportello-dev-origin-secret:SecretString:::}}',
        },
      ]);
      expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    });

    it('caches each cacheable public route of the route table for its seconds', () => {
      const { templates } = get();
      const cacheable = ROUTES.filter((route) => route.cacheSeconds && route.auth === 'none');
      expect(cacheable.length).toBeGreaterThan(0);
      for (const route of cacheable) {
        const behavior = distribution().CacheBehaviors.find((b: CfnJson) => b.PathPattern === `/api${route.path}`);
        expect(behavior).toBeDefined();
        const origin = distribution().Origins.find((o: CfnJson) => o.Id === behavior.TargetOriginId);
        expect(origin.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: expect.any(String) });
        templates.web.hasResourceProperties('AWS::CloudFront::CachePolicy', {
          CachePolicyConfig: Match.objectLike({ DefaultTTL: route.cacheSeconds, MaxTTL: route.cacheSeconds }),
        });
      }
      templates.web.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [VIEWER_ADDRESS_HEADER] },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
        }),
      });
    });

    it("keys the status route's cache on region and axis only (other query strings neither split it nor pass)", () => {
      const { templates } = get();
      templates.web.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
            QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['region', 'axis'] },
          }),
        }),
      });
      for (const policy of Object.values(templates.web.findResources('AWS::CloudFront::CachePolicy'))) {
        const query = policy.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig;
        expect(query.QueryStringBehavior).not.toBe('all');
      }
    });

    it('rotates the origin secret every 30 days with a function that writes only the web ACL and the distribution', () => {
      const { templates } = get();
      const [schedule] = Object.values(templates.web.findResources('AWS::SecretsManager::RotationSchedule'));
      expect(schedule?.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
      expect(JSON.stringify(schedule?.Properties.SecretId)).toContain('sportello-dev-origin-secret');
      templates.web.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['wafv2:GetWebACL', 'wafv2:UpdateWebACL'] }),
            Match.objectLike({ Action: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'] }),
          ]),
        },
      });
    });

    it('keeps CloudFront access logs no longer than the privacy notice says (90 days)', () => {
      get().templates.web.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      });
    });

    it('serves the published lists at /lists/*', () => {
      const lists = distribution().CacheBehaviors.find((b: CfnJson) => b.PathPattern === '/lists/*');
      expect(lists?.ViewerProtocolPolicy).toBe('https-only');
    });

    it('strips /api and overwrites CfnJson client-sent viewer address at the edge', () => {
      const request = runFunction(apiViewerRequestCode(), {
        viewer: { ip: '198.51.100.7' },
        request: { uri: '/api/sportello/status', headers: { [VIEWER_ADDRESS_HEADER]: { value: '10.0.0.1' } } },
      });
      expect(request.uri).toBe('/sportello/status');
      expect(request.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: '198.51.100.7' });
    });

    it("serves the portals' pages by directory and the site's own 404 page, status 404, for any other path", () => {
      const site = {
        paths: ['/index.html', '/amministratore/index.html', '/assets/js/sms.js'],
        notFoundPage: '<p>x</p>',
      };
      const code = siteViewerRequestCode(site);
      expect(runFunction(code, { request: { uri: '/' } }).uri).toBe('/index.html');
      expect(runFunction(code, { request: { uri: '/amministratore/' } }).uri).toBe('/amministratore/index.html');
      expect(runFunction(code, { request: { uri: '/amministratore' } }).uri).toBe('/amministratore/index.html');
      expect(runFunction(code, { request: { uri: '/assets/js/sms.js' } }).uri).toBe('/assets/js/sms.js');
      for (const uri of ['/pagina-che-non-esiste/', '/amministratore/x', '/assets/js/nope.js', '/index.html/'])
        expect(runFunction(code, { request: { uri } })).toMatchObject({
          statusCode: 404,
          headers: { 'content-type': { value: 'text/html; charset=utf-8' } },
          body: { encoding: 'text', data: '<p>x</p>' },
        });
      // The real site fits CloudFront Functions' size quota, with its styled 404 page.
      const real = siteOf(portalsDirectory());
      expect(real.notFoundPage).toContain('it-header-wrapper');
      expect(Buffer.byteLength(siteViewerRequestCode(real))).toBeLessThanOrEqual(FUNCTION_SIZE_LIMIT);
      expect(() => siteViewerRequestCode({ ...site, notFoundPage: 'x'.repeat(FUNCTION_SIZE_LIMIT) })).toThrow(/10240/);
    });
  });
}
