import { Match } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib/core';
import { physicalName, SEND_QUEUE, TABLES } from '#catalogue/resources';
import type { Synthesis } from '../sportello-app.ts';

const attributeType = (type: 'S' | 'N') => type;

export function dataChecks(get: () => Synthesis): void {
  describe('data stack', () => {
    it('has exactly the tables of resources.ts, on demand, with PITR, keys, indexes, TTL and warm throughput', () => {
      const { templates, stage } = get();
      templates.data.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
      for (const table of Object.values(TABLES)) {
        const keys = [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' }] : []),
        ];
        templates.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
          TableName: physicalName(stage.name, table.id),
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keys,
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: table.partitionKey.name, AttributeType: attributeType(table.partitionKey.type) },
          ]),
          Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
          TimeToLiveSpecification: table.ttlAttribute
            ? { AttributeName: table.ttlAttribute, Enabled: true }
            : Match.absent(),
          WarmThroughput:
            table.warmReadsPerSecond || table.warmWritesPerSecond
              ? Match.objectLike({
                  ...(table.warmReadsPerSecond ? { ReadUnitsPerSecond: table.warmReadsPerSecond } : {}),
                  ...(table.warmWritesPerSecond ? { WriteUnitsPerSecond: table.warmWritesPerSecond } : {}),
                })
              : Match.absent(),
          GlobalSecondaryIndexes:
            table.indexes.length > 0
              ? table.indexes.map((index) =>
                  Match.objectLike({
                    IndexName: index.name,
                    WarmThroughput: table.warmWritesPerSecond
                      ? Match.objectLike({ WriteUnitsPerSecond: table.warmWritesPerSecond })
                      : Match.absent(),
                    KeySchema: [
                      { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                      ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
                    ],
                  }),
                )
              : Match.absent(),
        });
      }
    });

    it('has the high-throughput FIFO send queue with its FIFO DLQ and an alarm on DLQ depth', () => {
      const { templates, stage, stacks } = get();
      const alarmTopicId = stacks.data.getLogicalId(stacks.data.alarmTopic.node.defaultChild as CfnElement);
      const dlq = templates.data.findResources('AWS::SQS::Queue', {
        Properties: { QueueName: physicalName(stage.name, SEND_QUEUE.dlqName), FifoQueue: true },
      });
      const [dlqId] = Object.keys(dlq);
      expect(dlqId).toBeDefined();
      templates.data.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: physicalName(stage.name, SEND_QUEUE.name),
        FifoQueue: true,
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        VisibilityTimeout: SEND_QUEUE.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
          maxReceiveCount: SEND_QUEUE.maxReceiveCount,
        },
      });
      templates.data.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: alarmTopicId }],
      });
    });

    it('has an asymmetric P-256 signing key for receipts and an encrypted notifications topic', () => {
      const { templates } = get();
      templates.data.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      templates.data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    });

    it("lets only the counter's role sign with the receipts' root key and read the receipt seed", () => {
      const { templates, stacks } = get();
      const key =
        templates.data.toJSON().Resources[
          stacks.data.getLogicalId(stacks.data.receiptKey.node.defaultChild as CfnElement)
        ];
      const statements = key.Properties.KeyPolicy.Statement as Record<string, unknown>[];
      // No statement grants kms:Sign (or kms:*) without the condition naming the counter's role.
      const granting = statements.filter((s) => {
        const actions = [s.Action ?? []].flat() as string[];
        return s.Effect === 'Allow' && (actions.includes('kms:Sign') || actions.includes('kms:*'));
      });
      expect(granting).toHaveLength(1);
      expect(JSON.stringify(granting[0]?.Condition)).toContain('role/sportello-dev-receipt-signer');
      const administer = statements.find((s) => s.Sid === 'AdministerButNeverSign');
      expect(administer?.NotAction).toEqual('kms:Sign');
      templates.data.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
        ResourcePolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'secretsmanager:GetSecretValue',
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': Match.anyValue() } },
            }),
          ]),
        }),
      });
      const counterRole = stacks.api.functions.counter?.role.node.defaultChild as CfnElement;
      expect(templates.api.toJSON().Resources[stacks.api.getLogicalId(counterRole)].Properties.RoleName).toBe(
        'sportello-dev-receipt-signer',
      );
    });

    it('keeps the origin secret in Secrets Manager: generated, never in the template', () => {
      get().templates.data.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'sportello-dev-origin-secret',
        GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
      });
    });

    it("sets the account's SMS spend limit and alarms the operators at 80% of it", () => {
      const { templates, stage } = get();
      const [limit] = Object.values(templates.data.findResources('Custom::AWS'));
      expect(JSON.stringify(limit?.Properties.Create)).toContain('setSMSAttributes');
      expect(JSON.stringify(limit?.Properties.Create)).toContain(
        `"MonthlySpendLimit\\":\\"${stage.smsSpendLimitUsd}\\"`,
      );
      // The alarm is the click-day monitoring's (API stack), at 80% of the limit this stack sets.
      templates.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SNS',
        MetricName: 'SMSMonthToDateSpentUSD',
        Threshold: stage.smsSpendLimitUsd * 0.8,
        AlarmActions: [Match.anyValue()],
      });
    });

    it('keeps the published lists in a private, versioned bucket readable only by CloudFront', () => {
      const { templates, stacks } = get();
      const bucket = stacks.data.listsBucket.node.defaultChild as CfnElement;
      const properties = templates.data.toJSON().Resources[stacks.data.getLogicalId(bucket)].Properties;
      expect(properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: expect.anything() },
      });
      templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:GetObject',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: { StringLike: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });
  });
}
