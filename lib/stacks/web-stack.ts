import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { ROUTES, type Route } from '#catalogue/routes';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '#lib/constructs/api-firewall';
import { LogBucket, PrivateBucket } from '#lib/constructs/private-bucket';
import type { StageConfig } from '#lib/stage';

export interface WebStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly api: apigw.RestApi;
  /** Value of the origin-verify header the API's web ACL requires. */
  readonly originVerifyValue: string;
  /** Name of the published lists bucket (data stack); reached through origin access control. */
  readonly listsBucketName: string;
  /** Directory of the built portals (`web/dist`). */
  readonly portalsDirectory: string;
  /** @default ROUTES */
  readonly routes?: readonly Route[];
  /**
   * Origin Shield region in front of the API for the cached routes: every edge location asks the shield, so the
   * status is computed about once per second per query, not once per edge location. @default 'eu-central-1', the
   * Origin Shield region AWS pairs with origins in Milan.
   */
  readonly originShieldRegion?: string;
}

/** Public path prefix of the API on the distribution (CONTRACT "Where it is served"). */
export const API_PREFIX = '/api';

/**
 * Content Security Policy of the portals: only this origin, no inline script, no framing. The API is same-origin
 * (`/api`), so `connect-src 'self'` is enough.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'upgrade-insecure-requests',
].join('; ');

/**
 * One CloudFront distribution, one origin for the browser (CONTRACT: same origin, no CORS): the portals from a private
 * bucket at `/`, the API at `/api/*`, the published lists at `/lists/*`. HTTPS only, security headers on every answer.
 */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly portalsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const routes = props.routes ?? ROUTES;

    const logs = new LogBucket(this, 'Logs', { stage, forCloudFront: true });
    this.portalsBucket = new PrivateBucket(this, 'Portals', {
      stage,
      serverAccessLogs: logs.bucket,
      logPrefix: 's3/portals/',
    }).bucket;
    const listsBucket = s3.Bucket.fromBucketAttributes(this, 'Lists', { bucketName: props.listsBucketName });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Sportello: CSP, HSTS, no sniffing, no framing, no referrer leaks',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });

    const apiOrigin = new origins.RestApiOrigin(props.api, {
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyValue },
      readTimeout: Duration.seconds(30),
    });
    const apiRequest = new cloudfront.Function(this, 'ApiViewerRequest', {
      comment: 'Strips /api and stamps the viewer address (overwriting any client value) for WAF and lockout',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(apiViewerRequestCode()),
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // With caching disabled this managed policy forwards Authorization too; Host must stay API Gateway's own.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      functionAssociations: [{ function: apiRequest, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    // Public GETs the route table marks cacheable (the waiting room's status): absorbed at the edge.
    const shieldedApiOrigin = new origins.RestApiOrigin(props.api, {
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyValue },
      readTimeout: Duration.seconds(30),
      originShieldRegion: props.originShieldRegion ?? 'eu-central-1',
    });
    const cachedRequest = new cloudfront.OriginRequestPolicy(this, 'CachedApiRequest', {
      comment: 'Public cached API routes: only the viewer address travels to the origin',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    for (const route of routes.filter((r) => r.cacheSeconds && r.method === 'GET' && r.auth === 'none')) {
      const seconds = route.cacheSeconds as number;
      additionalBehaviors[`${API_PREFIX}${route.path}`] = {
        ...apiBehavior,
        origin: shieldedApiOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: new cloudfront.CachePolicy(this, `Cache${route.path.replace(/[^A-Za-z0-9]/g, '')}`, {
          comment: `${route.method} ${route.path}: cached ${seconds} s at the edge`,
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(seconds),
          maxTtl: Duration.seconds(seconds),
          queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
          headerBehavior: cloudfront.CacheHeaderBehavior.none(),
          cookieBehavior: cloudfront.CacheCookieBehavior.none(),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        }),
        originRequestPolicy: cachedRequest,
      };
    }
    additionalBehaviors[`${API_PREFIX}/*`] = apiBehavior;
    // One origin (one origin access control) for the lists and the log, both in the lists bucket.
    const listsOrigin = origins.S3BucketOrigin.withOriginAccessControl(listsBucket);
    additionalBehaviors['/lists/*'] = {
      origin: listsOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
    };
    // The transparency log: CACHING_OPTIMIZED follows each object's Cache-Control, so tiles and bundles (immutable,
    // a year) stay at the edge and the checkpoint (max-age=2) is fetched again every few seconds.
    additionalBehaviors['/log/*'] = {
      origin: listsOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
    };

    const siteRequest = new cloudfront.Function(this, 'SiteViewerRequest', {
      comment: 'Serves index.html for directory paths of the portals',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(siteViewerRequestCode()),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Sportello ${stage.name}`,
      domainNames: stage.customDomain ? [stage.customDomain.domainName] : undefined,
      certificate: stage.customDomain
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', stage.customDomain.certificateArn)
        : undefined,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Applies with a custom certificate only: the default *.cloudfront.net certificate's policy is fixed.
      minimumProtocolVersion: stage.customDomain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs.bucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.portalsBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: siteRequest, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors,
    });

    new CfnOutput(this, 'SiteUrl', {
      description: 'Portals at /, API at /api (CONTRACT "Where it is served")',
      value: `https://${stage.customDomain?.domainName ?? this.distribution.distributionDomainName}`,
    });

    Validations.of(this.distribution).acknowledge({
      id: 'Annotation::@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      reason: 'The lists bucket (data stack) grants cloudfront.amazonaws.com read for distributions of this account.',
    });

    new deploy.BucketDeployment(this, 'DeployPortals', {
      sources: [deploy.Source.asset(props.portalsDirectory)],
      destinationBucket: this.portalsBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
  }
}

/** CloudFront Functions (cloudfront-js-2.0) source: `/api/x` → `/x`, viewer address stamped. */
export function apiViewerRequestCode(): string {
  return `function handler(event) {
  var request = event.request;
  request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };
  if (request.uri === '${API_PREFIX}') request.uri = '/';
  else if (request.uri.indexOf('${API_PREFIX}/') === 0) request.uri = request.uri.substring(${API_PREFIX.length});
  return request;
}`;
}

/** `/admin/` → `/admin/index.html`, `/admin` → `/admin/index.html`; files are left alone. */
export function siteViewerRequestCode(): string {
  return `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') request.uri = uri + 'index.html';
  else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) request.uri = uri + '/index.html';
  return request;
}`;
}
