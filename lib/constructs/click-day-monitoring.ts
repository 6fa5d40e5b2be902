/**
 * The click day's dashboard and alarms, in plain CDK (no monitoring library: one more dependency for a dozen alarms
 * whose thresholds come from the capacity plan, and the names below are the ones the runbook explains). Every alarm
 * notifies the alarms topic and its description ends with its runbook section.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, serviceName } from '#catalogue/observability';
import { type Portal, physicalName, TABLES, type TableId } from '#catalogue/resources';
import type { PortalIdentity } from './bind-needs.ts';
import type { SportelloFunction } from './sportello-function.ts';
import type { StageConfig } from '#lib/stage';

export interface ClickDayMonitoringProps {
  readonly stage: StageConfig;
  readonly api: apigw.RestApi;
  readonly functions: readonly SportelloFunction[];
  readonly sendQueue: sqs.IQueue;
  readonly notificationQueue: sqs.IQueue;
  readonly notificationDeadLetters: sqs.IQueue;
  readonly identities: Readonly<Record<Portal, PortalIdentity>>;
  readonly webAclName: string;
  readonly alarmTopic: sns.ITopic;
}

const RUNBOOK = 'docs/runbook.md';
const minute = Duration.minutes(1);

export class ClickDayMonitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly settings: ClickDayMonitoringProps;

  constructor(scope: Construct, id: string, props: ClickDayMonitoringProps) {
    super(scope, id);
    this.settings = props;
    const { stage, api } = props;
    const business = (name: string, extra: Record<string, string> = {}, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: serviceName('counter'), ...extra },
        statistic,
        period: minute,
      });
    const aws = (namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic = 'Sum') =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period: minute });

    const apiErrors = api.metricServerError({ period: minute, statistic: 'Sum' });
    const apiP99 = api.metricLatency({ period: minute, statistic: 'p99' });
    // Account-wide (every function of the region): an alarm's math takes at most 10 metrics, the stage has more functions.
    const throttles = aws('AWS/Lambda', 'Throttles', {});
    const sendAge = props.sendQueue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' });
    const noticeAge = props.notificationQueue.metricApproximateAgeOfOldestMessage({
      period: minute,
      statistic: 'Maximum',
    });
    const wafBlocked = aws('AWS/WAFV2', 'BlockedRequests', {
      WebACL: props.webAclName,
      Region: Stack.of(this).region,
      Rule: 'ALL',
    });
    const smsSpend = aws('AWS/SNS', 'SMSMonthToDateSpentUSD', {}, 'Maximum');

    this.alarm('Api5xx', 'API 5XX answers: a backing service fails or a function errs.', apiErrors, 50, 'api-5xx');
    this.alarm(
      'ApiLatencyP99',
      'API p99 latency above 1 s: sends are slow to be acknowledged.',
      apiP99,
      1000,
      'api-latency',
      3,
    );
    this.alarm(
      'LambdaThrottles',
      'Lambda throttled: account concurrency or a reserved limit reached.',
      throttles,
      1,
      'lambda-throttles',
    );
    for (const fn of props.functions.filter((f) => (f.needs.clickDayConcurrency ?? 0) > 0)) {
      const name = fn.function.functionName;
      const spill = aws('AWS/Lambda', 'ProvisionedConcurrencySpilloverInvocations', {
        FunctionName: name,
        Resource: `${name}:live`,
      });
      this.alarm(
        `${fn.node.id}Spillover`,
        `${fn.node.id}: invocations beyond provisioned concurrency (cold starts).`,
        spill,
        100,
        'provisioned-spillover',
      );
    }
    for (const id of Object.keys(TABLES) as TableId[]) {
      const table = physicalName(stage.name, id);
      const throttled = new cloudwatch.MathExpression({
        expression: 'r + w',
        usingMetrics: {
          r: aws('AWS/DynamoDB', 'ReadThrottleEvents', { TableName: table }),
          w: aws('AWS/DynamoDB', 'WriteThrottleEvents', { TableName: table }),
        },
        period: minute,
        label: `${id} throttled`,
      });
      this.alarm(`${pascal(id)}Throttled`, `DynamoDB table ${id} throttled.`, throttled, 1, 'dynamodb-throttles');
    }
    const byList = aws('AWS/DynamoDB', 'WriteThrottleEvents', {
      TableName: physicalName(stage.name, 'applications'),
      GlobalSecondaryIndexName: 'byList',
    });
    this.alarm(
      'ByListThrottled',
      'Index byList of applications throttled: GSI back-pressure slows the send transaction.',
      byList,
      1,
      'dynamodb-throttles',
    );
    this.alarm(
      'SendQueueAge',
      'Send events older than 2 minutes: the consumer is behind (live ranking, receipts).',
      sendAge,
      120,
      'queue-age',
    );
    this.alarm(
      'NotificationQueueAge',
      'Notices older than 5 minutes: e-mail/SMS delivery is behind.',
      noticeAge,
      300,
      'queue-age',
    );
    this.alarm(
      'NotificationDeadLetters',
      'Notices in the DLQ: an e-mail or SMS could not be delivered.',
      props.notificationDeadLetters.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      1,
      'notification-dlq',
    );
    this.alarm(
      'WafBlocks',
      'WAF blocks above 1,000 a minute: a flood, or an office network hitting the rate rule.',
      wafBlocked,
      1000,
      'waf-blocks',
    );
    for (const [portal, identity] of Object.entries(props.identities) as [Portal, PortalIdentity][]) {
      const dims = { UserPool: identity.userPool.userPoolId, UserPoolClient: identity.clientId };
      this.alarm(
        `${pascal(portal)}SignInThrottles`,
        `Cognito throttles ${portal} sign-ins (UserAuthentication quota).`,
        aws('AWS/Cognito', 'SignInThrottles', dims),
        1,
        'cognito-throttles',
      );
    }
    const kmsSign = new cloudwatch.MathExpression({
      expression: '100 * (m / 60) / SERVICE_QUOTA(m)',
      usingMetrics: {
        m: aws('AWS/Usage', 'CallCount', { Service: 'KMS', Type: 'API', Resource: 'Sign', Class: 'None' }),
      },
      period: minute,
      label: 'KMS Sign, % of the quota',
    });
    this.alarm(
      'KmsNearQuota',
      'KMS Sign above 80% of the request quota: receipt keys may not be certified.',
      kmsSign,
      80,
      'kms-quota',
    );
    this.alarm(
      'SmsSpend',
      `SMS spend above 80% of the account's SNS spend limit (${stage.smsSpendLimitUsd} USD, set by the data stack): ` +
        'at the limit SNS sends no SMS at all, logins included.',
      smsSpend,
      stage.smsSpendLimitUsd * 0.8,
      'sms-spend',
    );
    this.alarm(
      'SendsUnavailable',
      'Sends answered 503 UNAVAILABLE: nothing was recorded for them.',
      business('SendRefused', { code: 'UNAVAILABLE' }),
      10,
      'api-5xx',
    );
    this.alarm(
      'MailBounces',
      'SES bounce rate above 5%: PEC mailboxes refusing ordinary e-mail, or bad addresses.',
      aws('AWS/SES', 'Reputation.BounceRate', {}, 'Maximum'),
      0.05,
      'mail-bounces',
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: physicalName(stage.name, 'click-day'),
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Invii al secondo',
            width: 12,
            left: ['SendRecorded', 'SendReplayed'].map((m) =>
              business(m).with({ period: Duration.seconds(1), label: m }),
            ),
          }),
          new cloudwatch.GraphWidget({
            title: 'Invii rifiutati per codice',
            width: 12,
            left: [
              new cloudwatch.MathExpression({
                expression: `SEARCH('{${METRICS_NAMESPACE},service,code} MetricName="SendRefused"', 'Sum', 60)`,
                label: '',
                period: minute,
              }),
            ],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'API: richieste e 5XX',
            width: 8,
            left: [api.metricCount({ period: minute })],
            right: [apiErrors],
          }),
          new cloudwatch.GraphWidget({
            title: 'API: latenza p50/p99',
            width: 8,
            left: [api.metricLatency({ period: minute, statistic: 'p50' }), apiP99],
          }),
          new cloudwatch.GraphWidget({ title: 'Lambda: throttle', width: 8, left: [throttles] }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Code: età del messaggio più vecchio',
            width: 8,
            left: [sendAge, noticeAge],
          }),
          new cloudwatch.GraphWidget({ title: 'WAF: richieste bloccate', width: 8, left: [wafBlocked] }),
          new cloudwatch.GraphWidget({ title: 'SMS: spesa del mese (USD)', width: 8, left: [smsSpend] }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Allarmi', width: 24, alarms: this.alarms })],
      ],
    });
  }

  private alarm(
    id: string,
    what: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    anchor: string,
    periods = 1,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: physicalName(this.settings.stage.name, kebab(id)),
      alarmDescription: `${what} Runbook: ${RUNBOOK}#${anchor}`,
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.settings.alarmTopic));
    this.alarms.push(alarm);
  }
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
