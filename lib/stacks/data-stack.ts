import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  BUCKETS,
  NOTIFICATIONS_TOPIC,
  physicalName,
  SEND_QUEUE,
  TABLES,
  type TableDefinition,
  type TableId,
} from '#catalogue/resources';
import { LogBucket, PrivateBucket } from '#lib/constructs/private-bucket';
import { ReceiptKeys } from '#lib/constructs/receipt-keys';
import type { StageConfig } from '#lib/stage';

export interface DataStackProps extends StackProps {
  readonly stage: StageConfig;
}

/**
 * Stateful data, kept apart from compute so the API and the site can be destroyed and redeployed freely: the six
 * tables of `resources.ts`, the send queue with its DLQ and alarm, the notifications topic, the receipt signing key and
 * the published lists bucket. Prod retains all of it and protects tables from deletion.
 */
export class DataStack extends Stack {
  readonly tables: Record<TableId, dynamodb.TableV2>;
  readonly sendQueue: sqs.Queue;
  readonly sendDeadLetters: sqs.Queue;
  readonly notificationsTopic: sns.Topic;
  readonly alarmTopic: sns.Topic;
  readonly receiptKey: kms.Key;
  readonly receiptSeed: secretsmanager.Secret;
  /** The transparency log's checkpoint keys are derived from it (one Ed25519 key per log origin). */
  readonly logKeySecret: secretsmanager.Secret;
  readonly listsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.tables = Object.fromEntries(
      Object.values(TABLES).map((definition) => [definition.id, this.table(definition, stage)]),
    ) as Record<TableId, dynamodb.TableV2>;

    this.sendDeadLetters = new sqs.Queue(this, 'SendDeadLetters', {
      queueName: physicalName(stage.name, SEND_QUEUE.dlqName),
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: stage.removalPolicy,
    });
    this.sendQueue = new sqs.Queue(this, 'SendQueue', {
      queueName: physicalName(stage.name, SEND_QUEUE.name),
      fifo: true,
      // High-throughput FIFO: deduplication and throughput are per message group (region#axis#bucket).
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(SEND_QUEUE.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.sendDeadLetters, maxReceiveCount: SEND_QUEUE.maxReceiveCount },
      removalPolicy: stage.removalPolicy,
    });
    // Operators subscribe to this topic (e-mail with `-c alarmEmail=…`, or a chat/pager integration).
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: physicalName(stage.name, 'alarms'),
      masterKey: kms.Alias.fromAliasName(this, 'AlarmSnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (stage.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(stage.alarmEmail));
    const deadLettersAlarm = new cloudwatch.Alarm(this, 'SendDeadLettersAlarm', {
      alarmName: physicalName(stage.name, 'sends-dlq-not-empty'),
      alarmDescription:
        'Send events reached the DLQ: the live ranking or a receipt notification is behind. The sends table is the ' +
        'record; run the reconciler after fixing the consumer.',
      metric: this.sendDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    deadLettersAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));

    this.notificationsTopic = new sns.Topic(this, 'NotificationsTopic', {
      topicName: physicalName(stage.name, NOTIFICATIONS_TOPIC.name),
      // The AWS managed SNS key: encrypted at rest, and same-account publishers need no key grant.
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    const receipts = new ReceiptKeys(this, 'Receipts', { stage });
    this.receiptKey = receipts.rootKey;
    this.receiptSeed = receipts.seed;
    this.logKeySecret = new secretsmanager.Secret(this, 'LogKey', {
      secretName: physicalName(stage.name, 'log-key'),
      description: `Sportello ${stage.name}: the transparency log's checkpoint keys are derived from this secret`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Checkpoints must stay verifiable for years; a lost key only stops new checkpoints, but keep it in prod.
      removalPolicy: stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const accessLogs = new LogBucket(this, 'AccessLogs', { stage });
    this.listsBucket = new PrivateBucket(this, 'ListsBucket', {
      stage,
      bucketName: listsBucketName(stage, this.account, this.region),
      versioned: BUCKETS.lists.versioned,
      serverAccessLogs: accessLogs.bucket,
      logPrefix: 'lists/',
    }).bucket;
    // CloudFront reads the lists through origin access control. The distribution lives in the web stack, which depends
    // on this one, so its ARN cannot be named here without a cycle: any distribution of this account may read.
    this.listsBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.listsBucket.arnForObjects('*')],
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        conditions: {
          StringLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
        },
      }),
    );
  }

  private table(definition: TableDefinition, stage: StageConfig): dynamodb.TableV2 {
    const attribute = (key: { name: string; type: 'S' | 'N' }): dynamodb.Attribute => ({
      name: key.name,
      type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
    });
    const warm =
      definition.warmReadsPerSecond || definition.warmWritesPerSecond
        ? {
            readUnitsPerSecond: definition.warmReadsPerSecond,
            writeUnitsPerSecond: definition.warmWritesPerSecond,
          }
        : undefined;
    return new dynamodb.TableV2(this, `${pascal(definition.id)}Table`, {
      tableName: physicalName(stage.name, definition.id),
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey ? attribute(definition.sortKey) : undefined,
      billing: dynamodb.Billing.onDemand(),
      warmThroughput: warm,
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        // Indexes project every attribute, so each write to the table is a write to the index too: an index warmed
        // less than its table would throttle the table's writes (GSI back-pressure) in the send burst.
        warmThroughput: warm,
      })),
      timeToLiveAttribute: definition.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
  }
}

/**
 * The lists bucket has a predictable name (bucket names are global, hence account and region), so other stacks and the
 * operator CLI can name it without a cross-stack reference.
 */
export function listsBucketName(stage: StageConfig, account: string, region: string): string {
  return `${physicalName(stage.name, 'lists')}-${account}-${region}`;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
