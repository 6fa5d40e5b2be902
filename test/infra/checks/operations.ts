import { Match } from 'aws-cdk-lib/assertions';
import { MAIL, NOTIFICATION_QUEUE, physicalName } from '#catalogue/resources';
import type { CfnJson, Synthesis } from '../sportello-app.ts';

/** Every alarm the click day needs (issue: API, Lambda, DynamoDB incl. byList, SQS, WAF, Cognito, KMS, SMS, mail). */
const ALARMS = [
  'api5xx',
  'api-latency-p99',
  'lambda-throttles',
  'applications-throttled',
  'sends-throttled',
  'security-throttled',
  'by-list-throttled',
  'send-queue-age',
  'notification-queue-age',
  'notification-dead-letters',
  'waf-blocks',
  'participant-sign-in-throttles',
  'admin-sign-in-throttles',
  'kms-near-quota',
  'sms-spend',
  'sends-unavailable',
  'mail-bounces',
  'sends-dlq-not-empty',
];

export function operationsChecks(get: () => Synthesis): void {
  describe('notifications delivered', () => {
    it('subscribes a queue with a DLQ to the notifications topic, consumed by the notification sender', () => {
      const { templates, stage } = get();
      templates.data.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: physicalName(stage.name, NOTIFICATION_QUEUE.name),
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: NOTIFICATION_QUEUE.maxReceiveCount },
      });
      templates.data.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: physicalName(stage.name, NOTIFICATION_QUEUE.dlqName),
      });
      templates.data.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        TopicArn: Match.anyValue(),
        Endpoint: Match.anyValue(),
      });
      templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: Match.anyValue(),
      });
    });

    it('grants the sender ses:SendEmail on its identity and configuration set only, and SMS publish but no topic', () => {
      const { templates, stage } = get();
      const policies = Object.values(templates.api.findResources('AWS::IAM::Policy')) as CfnJson[];
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as CfnJson[]);
      const ses = statements.filter((s) => s.Action === 'ses:SendEmail');
      expect(ses).toHaveLength(1);
      const resources = JSON.stringify(ses[0].Resource);
      expect(resources).toContain(`configuration-set/${physicalName(stage.name, MAIL.configurationSet)}`);
      expect(resources).toContain(':identity/');
      expect(resources).not.toContain('"*"');
      const deny = statements.find((s) => s.Effect === 'Deny' && s.Action === 'sns:Publish');
      expect(JSON.stringify(deny?.Resource)).toContain(':sns:');
      const senders = Object.values(templates.api.findResources('AWS::Lambda::Function')) as CfnJson[];
      const sender = senders.find((f) => f.Properties.Environment?.Variables?.[MAIL.fromEnv]);
      expect(sender?.Properties.Environment.Variables).toMatchObject({
        [MAIL.configurationSetEnv]: physicalName(stage.name, MAIL.configurationSet),
        POWERTOOLS_SERVICE_NAME: 'sportello-notification-sender',
      });
    });

    it('records bounces and complaints: configuration set with suppression, events kept in a queue', () => {
      const { templates, stage } = get();
      templates.data.hasResourceProperties('AWS::SES::ConfigurationSet', {
        Name: physicalName(stage.name, MAIL.configurationSet),
        SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
      });
      templates.data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: Match.objectLike({ MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']) }),
      });
      templates.data.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ source: ['aws.ses'] }),
      });
    });
  });

  describe('observability', () => {
    it('has the click-day dashboard and every alarm, each notifying the alarms topic with a runbook pointer', () => {
      const { templates, stage } = get();
      templates.api.hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: physicalName(stage.name, 'click-day'),
      });
      const alarms = [
        ...Object.values(templates.api.findResources('AWS::CloudWatch::Alarm')),
        ...Object.values(templates.data.findResources('AWS::CloudWatch::Alarm')),
      ] as CfnJson[];
      const names = alarms.map((a) => String(a.Properties.AlarmName).replace(`sportello-${stage.name}-`, ''));
      expect(names).toEqual(expect.arrayContaining(ALARMS));
      for (const alarm of alarms.filter(
        (a) => a.Properties.AlarmName !== physicalName(stage.name, 'sends-dlq-not-empty'),
      )) {
        expect(alarm.Properties.AlarmDescription).toMatch(/Runbook: docs\/runbook\.md#[a-z0-9-]+$/);
        expect(alarm.Properties.AlarmActions).toHaveLength(1);
      }
    });

    it('names every function by one scheme and puts its business metrics in the Sportello namespace', () => {
      const { templates } = get();
      const functions = Object.values(templates.api.findResources('AWS::Lambda::Function')) as CfnJson[];
      const ours = functions.filter((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
      expect(ours.length).toBeGreaterThan(8);
      for (const fn of ours) {
        expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toMatch(/^sportello-[a-z-]+$/);
        expect(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Sportello');
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      }
    });
  });
}
