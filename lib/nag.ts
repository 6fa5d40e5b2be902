/**
 * Every cdk-nag (AwsSolutions) finding Sportello accepts, next to the reason it is right here. Nothing else is
 * acknowledged: a new finding fails `cdk synth` and the infra test until it is fixed or justified in this file.
 */
import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { SportelloFunction } from '#lib/constructs/sportello-function';
import type { SportelloStacks } from './sportello.ts';
import { listsBucketName } from '#lib/stacks/data-stack';
import type { StageConfig } from './stage.ts';

function ack(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

const all = <T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] =>
  scope.node.findAll().filter((c): c is T & IConstruct => c instanceof type);

/** How cdk-nag names a resource of another construct in a finding: `<LogicalId.Arn>`. */
function arnToken(scope: IConstruct): string {
  const resource = scope.node.defaultChild as CfnElement;
  return `<${Stack.of(resource).getLogicalId(resource)}.Arn>`;
}

export function suppressJustifiedFindings(stacks: SportelloStacks, stage: StageConfig): void {
  const { account, data, auth, api, web } = stacks;

  for (const pool of all(auth, cognito.UserPool)) {
    ack(
      pool,
      'COG1',
      'Cognito cannot express R7 ("at least 3 of 4 classes", 8-16 characters): the pool keeps a floor of 8 with no ' +
        'class flags and the backend enforces R7 on every registration and reset before calling Cognito (DESIGN).',
    );
    ack(
      pool,
      'COG2',
      'Cognito cannot collect a phone inside its MFA_SETUP challenge, so pool MFA is OPTIONAL and the product refuses ' +
        'any session until the account has verified SMS MFA and has just passed it (DESIGN "AWS shape").',
    );
    if (stage.name !== 'prod') {
      ack(
        pool,
        'COG8',
        'Non-prod stages use the Essentials plan (enough for access-token scopes); prod uses Plus with threat ' +
          'protection. Plus per monthly active user is not worth paying for rehearsals.',
      );
    }
    ack(
      pool,
      'IAM5[Resource::*]',
      'Cognito sends SMS through SNS Publish to phone numbers, which have no ARN: the SMS role needs Resource "*" ' +
        '(the role trusts cognito-idp only, with an external id).',
    );
  }
  ack(
    data.node.findChild('MailFeedback'),
    'SQS3',
    'The mail-feedback queue is itself the record of SES bounces and complaints, read by the operator (runbook); ' +
      'nothing consumes it automatically, so there is nothing to retry and no dead-letter queue to move to.',
  );
  for (const secret of all(auth, secrets.Secret)) {
    ack(
      secret,
      'SMG4',
      'The value is the app client secret that Cognito generates; Secrets Manager cannot rotate it. Rotation is a ' +
        'documented operator procedure (docs/deploy.md: new client secret, update, redeploy).',
    );
  }

  for (const secret of all(data, secrets.Secret)) {
    ack(
      secret,
      'SMG4',
      'The receipt key seed: rotating it makes a new receipt key (and a new certificate), and receipts signed by the ' +
        'old key must keep verifying for years, so rotation is a deliberate operator step between editions ' +
        '(docs/deploy.md), never automatic.',
    );
  }

  for (const stack of [auth, api, web]) {
    for (const fn of all(stack, SportelloFunction)) {
      ack(
        fn.role,
        'IAM5[Resource::*]',
        fn.needs.originRotation
          ? 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) and secretsmanager:GetRandomPassword support ' +
              'no resource-level permissions; the rotation writes only the origin secret, the web ACL and the distribution.'
          : 'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
      );
      ack(
        fn.function,
        'L1',
        'DESIGN fixes Node.js 22 (LTS, supported by Lambda until 2027) for every function, matching the toolchain ' +
          'the handlers are tested with; moving to a newer runtime is one line in SportelloFunction.',
      );
    }
  }
  for (const fn of all(api, SportelloFunction)) {
    const bucket = `arn:<AWS::Partition>:s3:::${listsBucketName(stage, Token.isUnresolved(api.account) ? '<AWS::AccountId>' : api.account, api.region)}`;
    if (fn.needs.listsBucket) {
      ack(
        fn.role,
        `IAM5[Resource::${bucket}/*]`,
        'The published lists are all public data; the lists function reads any object of that one bucket.',
      );
    }
    if (fn.needs.logFiles) {
      ack(
        fn.role,
        `IAM5[Resource::${bucket}/log/*]`,
        "The transparency log's files are public and their names (tiles, bundles) are not known in advance; the " +
          'grant is limited to the log/ prefix of the public bucket.',
      );
    }
  }

  const spendLimit = data.node.tryFindChild('SmsSpendLimit');
  if (spendLimit) {
    ack(
      spendLimit,
      'IAM5[Resource::*]',
      "sns:SetSMSAttributes sets the account's SMS spend limit: an account-level setting with no resource to name.",
    );
  }
  const sdkProvider = data.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (sdkProvider) {
    ack(
      sdkProvider,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed AwsCustomResource provider (the SMS spend limit): runs only during deploys, logs with the basic ' +
        'execution policy.',
    );
    ack(sdkProvider, 'L1', 'CDK-managed AwsCustomResource provider: its runtime is chosen by aws-cdk-lib.');
  }

  ack(
    api.api,
    'APIG2',
    'Bodies are validated by the handlers with the zod schemas that are the single source of the API shapes ' +
      '(CONTRACT errors with error.fields); gateway models would duplicate them and answer in another shape.',
  );
  for (const method of all(api, apigw.Method)) {
    if ((method.node.defaultChild as apigw.CfnMethod).authorizationType !== apigw.AuthorizationType.NONE) continue;
    const reason =
      'Public by CONTRACT (route auth "none": health, status, keys, lists, registration and login themselves); ' +
      'these routes are rate-limited per address by the API web ACL.';
    ack(method, 'APIG4', reason);
    ack(method, 'COG4', reason);
  }
  ack(
    account.cloudWatchRole,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-level role API Gateway uses to write execution logs; this AWS managed policy is the documented one.',
  );

  const distribution = web.distribution;
  ack(
    distribution,
    'CFR1',
    'No geo restriction: applicants are Italian companies whose staff and consultants may connect from anywhere; ' +
      'abuse is limited per address and per account instead.',
  );
  ack(
    distribution,
    'CFR2',
    'The web ACL is REGIONAL on the API stage, keyed on the viewer address CloudFront stamps (a regional ACL in ' +
      'eu-south-1 avoids a us-east-1 stack); static portal files are cached and need no firewall (docs/deploy.md).',
  );
  if (!stage.customDomain) {
    ack(
      distribution,
      'CFR4',
      'Without a custom domain the *.cloudfront.net certificate is used and CloudFront reports TLSv1 as the minimum; ' +
        'prod deploys pass -c domainName and -c certificateArn, which apply TLSv1.2_2021.',
    );
  }
  const deployment = web.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployment) {
    ack(
      deployment,
      'L1',
      'CDK-managed BucketDeployment provider: its runtime is chosen by aws-cdk-lib and moves with it.',
    );
    ack(
      deployment,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed BucketDeployment provider: runs only during deploys, logs with the basic execution policy.',
    );
    for (const finding of [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Stack.of(web).region}/*`,
      `Resource::${arnToken(web.portalsBucket)}/*`,
    ]) {
      ack(
        deployment,
        `IAM5[${finding}]`,
        'CDK-managed BucketDeployment provider: copies the built portals from the CDK asset bucket into the ' +
          'portals bucket (and prunes old files); its grants are scoped to those two buckets.',
      );
    }
  }
}
