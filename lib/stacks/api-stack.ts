import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ACCESS_LOG_DAYS } from '#domain/accounts/privacy';
import type { Construct } from 'constructs';
import { ClickDayMonitoring } from '#lib/constructs/click-day-monitoring';
import { receiptSignerRoleName } from '#lib/constructs/receipt-keys';
import {
  HANDLER_NEEDS,
  ORIGIN_SECRET_ENV,
  TRIGGER_NEEDS,
  type TriggerName,
  VIEWER_ADDRESS_HEADER_ENV,
} from '#catalogue/function-needs';
import { type Portal, physicalName } from '#catalogue/resources';
import { type HandlerName, ROUTES, type Route } from '#catalogue/routes';
import { ApiFirewall, VIEWER_ADDRESS_HEADER } from '#lib/constructs/api-firewall';
import type { SportelloResources } from '#lib/constructs/bind-needs';
import { addGatewayResponses } from '#lib/constructs/gateway-responses';
import { PROJECT_ROOT, SportelloFunction } from '#lib/constructs/sportello-function';
import type { StageConfig } from '#lib/stage';

export interface ApiStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly resources: SportelloResources;
  /** The OAuth scope each portal's access tokens carry (from the auth stack). */
  readonly scopes: Readonly<Record<Portal, string>>;
  /** @default ROUTES */
  readonly routes?: readonly Route[];
  /** Where the click-day alarms notify (the data stack's alarms topic). */
  readonly alarmTopic: sns.ITopic;
  readonly notificationDeadLetters: sqs.IQueue;
  /** The origin secret (data stack): the WAF and every handler require its value in ORIGIN_VERIFY_HEADER. */
  readonly originSecret: secretsmanager.ISecret;
  /** Its name, which the WAF resolves at deploy time (no cross-stack value). */
  readonly originSecretName: string;
}

/** Name of the API Gateway stage; CloudFront's origin path is `/<this>`. */
export const API_STAGE_NAME = 'live';

/**
 * Stateless compute: one Lambda per handler module of the route table and the queue consumer, the REST API built from
 * ROUTES with a Cognito authorizer per portal, the gateway's own errors in the CONTRACT shape, stage throttling,
 * access logs and the WAF web ACL. Can be destroyed and redeployed without losing data.
 */
export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly functions: Partial<Record<HandlerName, SportelloFunction>> = {};
  readonly triggers: Partial<Record<TriggerName, SportelloFunction>> = {};
  readonly monitoring: ClickDayMonitoring;
  readonly firewall: ApiFirewall;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, resources } = props;
    const routes = props.routes ?? ROUTES;

    for (const name of new Set(routes.map((route) => route.handler))) {
      if (!existsSync(path.join(PROJECT_ROOT, 'lambdas', 'handlers', `${name}.ts`))) {
        throw new Error(`The route table lists handler "${name}" but lambdas/handlers/${name}.ts does not exist`);
      }
      const fn = new SportelloFunction(this, `${pascal(name)}Handler`, {
        module: `handlers/${name}`,
        needs: HANDLER_NEEDS[name],
        stage,
        resources,
        // The viewer address is trusted only beside the origin secret (read with the function's role).
        environment: {
          [VIEWER_ADDRESS_HEADER_ENV]: VIEWER_ADDRESS_HEADER,
          [ORIGIN_SECRET_ENV]: props.originSecret.secretArn,
        },
        // The receipts' root key and seed name this role (lib/constructs/receipt-keys.ts).
        ...(HANDLER_NEEDS[name].receiptKey === 'certify' ? { roleName: receiptSignerRoleName(stage.name) } : {}),
      });
      props.originSecret.grantRead(fn.role);
      this.functions[name] = fn;
    }
    // Every queue consumer and scheduled job of functions.ts is deployed; a missing module fails the synth.
    for (const [name, definition] of Object.entries(TRIGGER_NEEDS) as [
      TriggerName,
      (typeof TRIGGER_NEEDS)[TriggerName],
    ][]) {
      // Deployed with what they serve: the pools' trigger by the auth stack, the origin rotation by the web stack.
      if (definition.invokedBy === 'preTokenGeneration' || definition.invokedBy === 'secretRotation') continue;
      if (!existsSync(path.join(PROJECT_ROOT, 'lambdas', 'triggers', `${name}.ts`))) {
        throw new Error(`functions.ts lists trigger "${name}" but lambdas/triggers/${name}.ts does not exist`);
      }
      const trigger = new SportelloFunction(this, `${pascal(name)}Trigger`, {
        module: `triggers/${name}`,
        needs: definition,
        stage,
        resources,
      });
      this.triggers[name] = trigger;
      if (definition.invokedBy === 'schedule') {
        new events.Rule(this, `${pascal(name)}Schedule`, {
          description: definition.purpose.slice(0, 512),
          schedule: events.Schedule.rate(Duration.minutes(definition.everyMinutes ?? 60)),
          targets: [new targets.LambdaFunction(trigger.function, { retryAttempts: 2 })],
        });
      }
    }

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      // Network addresses: kept as long as the privacy notice says, no longer.
      retention: accessLogRetention(),
      removalPolicy: stage.removalPolicy,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: physicalName(stage.name, 'api'),
      description: 'Sportello HTTP API (CONTRACT.md), served through CloudFront at /api',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The logging role is account-wide: the account stack (account-stack.ts) sets it once for every stage.
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: stage.apiThrottle.rateLimit,
        throttlingBurstLimit: stage.apiThrottle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    addGatewayResponses(this.api);

    // One authorizer per portal that has routes (an authorizer with no method fails the synth).
    const authorizers = new Map<Portal, apigw.CognitoUserPoolsAuthorizer>();
    const authorizerOf = (portal: Portal) => {
      let authorizer = authorizers.get(portal);
      if (!authorizer) {
        authorizer = new apigw.CognitoUserPoolsAuthorizer(this, `${pascal(portal)}Authorizer`, {
          authorizerName: `${portal}-access-token`,
          cognitoUserPools: [resources.identities[portal].userPool],
        });
        authorizers.set(portal, authorizer);
      }
      return authorizer;
    };

    const integrations = new Map<HandlerName, apigw.LambdaIntegration>();
    for (const route of routes) {
      const fn = this.functions[route.handler] as SportelloFunction;
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new apigw.LambdaIntegration(fn.target, { proxy: true, allowTestInvoke: false });
        integrations.set(route.handler, integration);
      }
      const resource = this.api.root.resourceForPath(route.path);
      resource.addMethod(
        route.method,
        integration,
        route.auth === 'none'
          ? { authorizationType: apigw.AuthorizationType.NONE }
          : {
              authorizationType: apigw.AuthorizationType.COGNITO,
              authorizer: authorizerOf(route.auth),
              // Scopes make the authorizer take access tokens only (never ID tokens) of this portal.
              authorizationScopes: [props.scopes[route.auth]],
            },
      );
    }

    this.firewall = new ApiFirewall(this, 'Firewall', {
      name: physicalName(stage.name, 'api'),
      routes,
      originSecretName: props.originSecretName,
      stageArn: this.api.deploymentStage.stageArn,
      challenge: stage.wafChallenge,
      botControl: stage.botControl,
      ...(stage.customDomain ? { tokenDomains: [stage.customDomain.domainName] } : {}),
    });

    this.monitoring = new ClickDayMonitoring(this, 'ClickDay', {
      stage,
      api: this.api,
      functions: [...Object.values(this.functions), ...Object.values(this.triggers)] as SportelloFunction[],
      sendQueue: resources.sendQueue,
      notificationQueue: resources.notifications.queue,
      notificationDeadLetters: props.notificationDeadLetters,
      identities: resources.identities,
      webAclName: physicalName(stage.name, 'api'),
      alarmTopic: props.alarmTopic,
    });
  }
}

/** `ACCESS_LOG_DAYS` as a log group retention (one of the values CloudWatch Logs offers). */
function accessLogRetention(): logs.RetentionDays {
  if (!Object.values(logs.RetentionDays).includes(ACCESS_LOG_DAYS)) {
    throw new Error(`CloudWatch Logs has no retention of ${ACCESS_LOG_DAYS} days`);
  }
  return ACCESS_LOG_DAYS as logs.RetentionDays;
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
