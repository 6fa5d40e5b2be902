import { type App, Tags, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MAIL, physicalName } from '#catalogue/resources';
import type { Route } from '#catalogue/routes';
import { suppressJustifiedFindings } from './nag.ts';
import { ACCOUNT_STACK_NAME, AccountStack } from '#lib/stacks/account-stack';
import { ApiStack } from '#lib/stacks/api-stack';
import { AuthStack } from '#lib/stacks/auth-stack';
import { DataStack, listsBucketName, originSecretName } from '#lib/stacks/data-stack';
import { WebStack } from '#lib/stacks/web-stack';
import type { StageConfig } from './stage.ts';

export interface SportelloOptions {
  readonly stage: StageConfig;
  readonly env: { readonly account?: string; readonly region: string };
  /** Directory of the built portals. */
  readonly portalsDirectory: string;
  /** @default ROUTES */
  readonly routes?: readonly Route[];
}

export interface SportelloStacks {
  /** Account-wide settings shared by every stage (not destroyed with a stage). */
  readonly account: AccountStack;
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
  readonly web: WebStack;
}

/**
 * The whole deployment of one stage: stateful stacks (data, auth) apart from stateless ones (api, web), with the
 * cdk-nag AwsSolutions pack applied and every accepted finding suppressed with its reason (lib/nag.ts).
 */
export function buildSportello(app: App, options: SportelloOptions): SportelloStacks {
  const { stage, env } = options;
  const prefix = `Sportello-${stage.name}`;
  const stateful = { env, terminationProtection: stage.deletionProtection };
  const account = new AccountStack(app, ACCOUNT_STACK_NAME, {
    env,
    description: 'Sportello: API Gateway logging role, once per account and region for every stage',
  });
  const data = new DataStack(app, `${prefix}-Data`, {
    ...stateful,
    stage,
    description: 'Sportello: tables, queue, topic, keys, lists',
  });
  const auth = new AuthStack(app, `${prefix}-Auth`, { ...stateful, stage, description: 'Sportello: user pools' });
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    stage,
    description: 'Sportello: REST API, functions, WAF',
    routes: options.routes,
    alarmTopic: data.alarmTopic,
    notificationDeadLetters: data.notificationDeadLetters,
    originSecret: data.originSecret,
    originSecretName: originSecretName(stage),
    scopes: { participant: auth.identities.participant.scope, admin: auth.identities.admin.scope },
    resources: {
      tables: data.tables,
      sendQueue: data.sendQueue,
      notificationsTopic: data.notificationsTopic,
      receiptKey: data.receiptKey,
      receiptSeed: data.receiptSeed,
      logKeySecret: data.logKeySecret,
      // By its predictable name: no cross-stack token in the lists function's policy.
      listsBucket: s3.Bucket.fromBucketName(
        data,
        'ListsBucketByName',
        listsBucketName(stage, data.account, data.region),
      ),
      identities: auth.identities,
      notifications: {
        queue: data.notificationQueue,
        from: stage.mailFrom,
        configurationSetName: physicalName(stage.name, MAIL.configurationSet),
        ...(stage.smsSenderId ? { smsSenderId: stage.smsSenderId } : {}),
      },
      smsCountries: stage.smsCountries,
    },
  });
  // The stage's access and execution logs need the account's logging role in place first.
  api.addStackDependency(account, 'API Gateway logs through the account-wide CloudWatch role');
  const web = new WebStack(app, `${prefix}-Web`, {
    env,
    stage,
    description: 'Sportello: CloudFront, portals',
    api: api.api,
    originSecretName: originSecretName(stage),
    firewall: api.firewall,
    listsBucketName: listsBucketName(stage, data.account, data.region),
    portalsDirectory: options.portalsDirectory,
    routes: options.routes,
  });
  for (const stack of [data, auth, api, web]) {
    Tags.of(stack).add('project', 'sportello');
    Tags.of(stack).add('stage', stage.name);
  }
  // No stage tag: the account stack is the same template whichever stage deploys it.
  Tags.of(account).add('project', 'sportello');
  const stacks = { account, data, auth, api, web };
  suppressJustifiedFindings(stacks, stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stacks;
}
