import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CfnOutput, Duration, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { TRIGGER_NEEDS } from '#catalogue/function-needs';
import type { Construct } from 'constructs';
import { ROUTES, type Route } from '#catalogue/routes';
import {
  type ApiFirewall,
  ORIGIN_RULE,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '#lib/constructs/api-firewall';
import { SportelloFunction } from '#lib/constructs/sportello-function';
import { LogBucket, PrivateBucket } from '#lib/constructs/private-bucket';
import type { StageConfig } from '#lib/stage';

export interface WebStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly api: apigw.RestApi;
  /**
   * Name of the origin secret (data stack): CloudFront sends its value in the origin-verify header the API's web ACL
   * and handlers require; this stack rotates it.
   */
  readonly originSecretName: string;
  /** The API's web ACL, whose origin rule the rotation rewrites. */
  readonly firewall: ApiFirewall;
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
 * (`/api`), so `connect-src 'self'` is enough — plus, when configured, the origin of the WAF's JavaScript integration.
 */
export function contentSecurityPolicy(wafIntegrationUrl?: string): string {
  // The WAF's JavaScript integration, when configured: its script and the token requests it makes.
  const waf = wafIntegrationUrl ? ` ${new URL(wafIntegrationUrl).origin}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${waf}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${waf}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

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
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(stage.wafIntegrationUrl),
          override: true,
        },
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

    // Resolved at deploy time from Secrets Manager; the rotation updates the distribution itself afterwards.
    const originValue = SecretValue.secretsManager(props.originSecretName).unsafeUnwrap();
    const apiOrigin = new origins.RestApiOrigin(props.api, {
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originValue },
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
      customHeaders: { [ORIGIN_VERIFY_HEADER]: originValue },
      readTimeout: Duration.seconds(30),
      originShieldRegion: props.originShieldRegion ?? 'eu-central-1',
    });
    for (const route of routes.filter((r) => r.cacheSeconds && r.method === 'GET' && r.auth === 'none')) {
      const seconds = route.cacheSeconds as number;
      const id = route.path.replace(/[^A-Za-z0-9]/g, '');
      // Only the query parameters the route reads make the cache key and reach the origin: anything else added to
      // the address neither splits the cache nor lets a request through to the API.
      const query = route.cacheQuery ?? [];
      const cachedRequest = new cloudfront.OriginRequestPolicy(this, `Request${id}`, {
        comment: `${route.method} ${route.path}: only the viewer address travels to the origin`,
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS_HEADER),
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
      });
      additionalBehaviors[`${API_PREFIX}${route.path}`] = {
        ...apiBehavior,
        origin: shieldedApiOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: new cloudfront.CachePolicy(this, `Cache${id}`, {
          comment: `${route.method} ${route.path}: cached ${seconds} s at the edge`,
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(seconds),
          maxTtl: Duration.seconds(seconds),
          queryStringBehavior:
            query.length > 0
              ? cloudfront.CacheQueryStringBehavior.allowList(...query)
              : cloudfront.CacheQueryStringBehavior.none(),
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
      comment: 'Serves index.html for directory paths of the portals, the styled 404 page for any other path',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        siteViewerRequestCode(siteOf(props.portalsDirectory), contentSecurityPolicy(stage.wafIntegrationUrl)),
      ),
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

    this.rotateOriginSecret(props, stage);

    new deploy.BucketDeployment(this, 'DeployPortals', {
      sources: [deploy.Source.asset(props.portalsDirectory)],
      destinationBucket: this.portalsBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
  }

  /**
   * Secrets Manager rotates the origin secret every ORIGIN_ROTATION_DAYS with `triggers/origin-secret-rotation.ts`,
   * which writes the web ACL's origin rule and this distribution (so it lives here, where the distribution is known).
   */
  private rotateOriginSecret(props: WebStackProps, stage: StageConfig): void {
    const secret = secretsmanager.Secret.fromSecretNameV2(this, 'OriginSecret', props.originSecretName);
    const webAcl = props.firewall.webAcl;
    const rotation = new SportelloFunction(this, 'OriginSecretRotation', {
      module: 'triggers/origin-secret-rotation',
      needs: TRIGGER_NEEDS['origin-secret-rotation'],
      stage,
      resources: {
        edge: {
          originSecret: secret,
          webAcl: { arn: webAcl.attrArn, name: webAcl.name as string, id: webAcl.attrId, originRule: ORIGIN_RULE },
          distribution: { arn: this.distributionArn(), id: this.distribution.distributionId },
        },
      },
    });
    new secretsmanager.RotationSchedule(this, 'OriginSecretRotationSchedule', {
      secret,
      rotationLambda: rotation.function,
      automaticallyAfter: Duration.days(ORIGIN_ROTATION_DAYS),
    });
  }

  private distributionArn(): string {
    return `arn:${this.partition}:cloudfront::${this.account}:distribution/${this.distribution.distributionId}`;
  }
}

/** Rotation period of the origin secret. */
export const ORIGIN_ROTATION_DAYS = 30;

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

/** The built portals as the site function knows them: every file's path, and the 404 page. */
export interface SiteFiles {
  readonly paths: readonly string[];
  readonly notFoundPage: string;
}

/** CloudFront Functions code may not exceed 10 KB (the quota on a function's size). */
export const FUNCTION_SIZE_LIMIT = 10_240;

/** The files of `directory` (`/index.html`, `/assets/…`) and its `404.html`, whitespace between lines removed. */
export function siteOf(directory: string): SiteFiles {
  const paths = readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/')}`)
    .sort();
  const page = join(directory, '404.html');
  if (!existsSync(page)) throw new Error(`${page} is missing: the site serves it for every unknown path`);
  const notFoundPage = readFileSync(page, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
  return { paths, notFoundPage };
}

/**
 * The portals' viewer request: `/admin/` and `/admin` → `/admin/index.html`; a path that is not one of the site's
 * files gets the site's own 404 page with status 404, made here, since CloudFront's error pages would apply to the API's
 * 404s too and S3 answers 403 for a missing object (origin access control has no list permission).
 */
export function siteViewerRequestCode(site: SiteFiles, csp: string = contentSecurityPolicy()): string {
  // One string, each path between newlines (a URI never holds a raw newline): the smallest form of the set.
  const files = `\n${site.paths.join('\n')}\n`;
  const code = `var FILES = ${JSON.stringify(files)};
var NOT_FOUND = ${JSON.stringify(site.notFoundPage)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') uri = uri + 'index.html';
  else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) uri = uri + '/index.html';
  if (FILES.indexOf('\\n' + uri + '\\n') !== -1) {
    request.uri = uri;
    return request;
  }
  return {
    statusCode: 404,
    statusDescription: 'Not Found',
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'no-cache' },
      'x-content-type-options': { value: 'nosniff' },
      'content-security-policy': { value: ${JSON.stringify(csp)} },
    },
    body: { encoding: 'text', data: NOT_FOUND },
  };
}`;
  const size = Buffer.byteLength(code);
  if (size > FUNCTION_SIZE_LIMIT)
    throw new Error(
      `the site function is ${size} bytes, over CloudFront Functions' ${FUNCTION_SIZE_LIMIT}: shrink web/src/pages/404 or the number of files`,
    );
  return code;
}
