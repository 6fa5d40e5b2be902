import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionNeeds } from '#catalogue/function-needs';
import { METRICS_NAMESPACE, serviceName } from '#catalogue/observability';
import type { StageConfig } from '#lib/stage';
import { bindNeeds, type SportelloResources } from './bind-needs.ts';

/** The project root: entries and the lock file are resolved from here, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface SportelloFunctionProps {
  /** Module under `lambdas/` without extension, e.g. `handlers/counter` or `triggers/access-scope`. */
  readonly module: string;
  readonly needs: FunctionNeeds;
  readonly stage: StageConfig;
  /** Where the needs are satisfied; only the resources a need names are looked up. @default {} */
  readonly resources?: Partial<SportelloResources>;
  /** Extra variables that are not resources (e.g. the access scope of a trigger). @default {} */
  readonly environment?: Record<string, string>;
  /** A fixed role name, for a role that a resource policy names. @default generated */
  readonly roleName?: string;
}

/**
 * Every Lambda of Sportello, with what must not vary fixed once: Node.js 22 on arm64, esbuild bundle (minified, source
 * maps, local esbuild — never Docker), its own log group with retention, Powertools settings, X-Ray tracing, and a
 * role that holds only what `functions.ts` says the function needs.
 */
export class SportelloFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** What callers invoke: the `live` alias when provisioned concurrency applies, else the function itself. */
  readonly target: lambda.IFunction;
  readonly role: iam.Role;
  readonly needs: FunctionNeeds;

  constructor(scope: Construct, id: string, props: SportelloFunctionProps) {
    super(scope, id);
    const { stage, needs } = props;
    this.needs = needs;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: stage.logRetention,
      removalPolicy: stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      ...(props.roleName ? { roleName: props.roleName } : {}),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: ascii(`Sportello ${stage.name} ${props.module}: ${needs.purpose}`).slice(0, 1000),
    });
    // Only its own log group (instead of the AWSLambdaBasicExecutionRole managed policy, which allows every group).
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroup.logGroupArn}`],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, 'lambdas', `${props.module}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: needs.memoryMb ?? 1024,
      timeout: Duration.seconds(needs.timeoutSeconds ?? 10),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      description: ascii(needs.purpose).slice(0, 256),
      environment: {
        STAGE: stage.name,
        POWERTOOLS_SERVICE_NAME: serviceName(path.basename(props.module)),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: stage.name === 'prod' ? 'INFO' : 'DEBUG',
        // Stack traces point into the TypeScript sources (the bundle ships its .map file).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        forceDockerBundling: false,
        // The Node.js 22 runtime ships the AWS SDK v3: leaving it out keeps bundles small and cold starts short.
        externalModules: ['@aws-sdk/*'],
      },
    });

    bindNeeds(this.function, needs, props.resources ?? {});
    this.target = this.provision(stage, needs);
  }

  /** Provisioned concurrency for click-day-critical functions, always on or scheduled for the click-day window. */
  private provision(stage: StageConfig, needs: FunctionNeeds): lambda.IFunction {
    const concurrency = needs.clickDayConcurrency ?? 0;
    if (!stage.clickDay || concurrency === 0) return this.function;
    const window = stage.clickDayWindow;
    const alias = new lambda.Alias(this, 'Live', {
      aliasName: 'live',
      version: this.function.currentVersion,
      provisionedConcurrentExecutions: window ? undefined : concurrency,
    });
    if (window) {
      const scaling = alias.addAutoScaling({ minCapacity: 0, maxCapacity: concurrency });
      scaling.scaleOnSchedule('ClickDayOpens', {
        schedule: appscaling.Schedule.at(window.start),
        minCapacity: concurrency,
      });
      scaling.scaleOnSchedule('ClickDayCloses', { schedule: appscaling.Schedule.at(window.end), minCapacity: 0 });
    }
    return alias;
  }
}

/** IAM descriptions accept Latin-1 only: "R4–R6" becomes "R4-R6". */
function ascii(text: string): string {
  return text.replace(/[–—]/g, '-').replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]/g, '?');
}
