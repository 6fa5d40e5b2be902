import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  BUCKETS,
  MAIL,
  NOTIFICATION_QUEUE,
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
  /** The topic's SQS subscription, consumed by the notification sender, and its dead letters. */
  readonly notificationQueue: sqs.Queue;
  readonly notificationDeadLetters: sqs.Queue;
  readonly mailConfigurationSet: ses.ConfigurationSet;
  readonly alarmTopic: sns.Topic;
  readonly receiptKey: kms.Key;
  readonly receiptSeed: secretsmanager.Secret;
  /** The transparency log's checkpoint keys are derived from it (one Ed25519 key per log origin). */
  readonly logKeySecret: secretsmanager.Secret;
  readonly listsBucket: s3.Bucket;
  /**
   * The origin secret: the random value CloudFront sends to the API in ORIGIN_VERIFY_HEADER, which the WAF and the
   * handlers require. Found by its name (`originSecretName`) by the API and web stacks; rotated by the web stack.
   */
  readonly originSecret: secretsmanager.Secret;

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

    this.notificationDeadLetters = new sqs.Queue(this, 'NotificationDeadLetters', {
      queueName: physicalName(stage.name, NOTIFICATION_QUEUE.dlqName),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: stage.removalPolicy,
    });
    this.notificationQueue = new sqs.Queue(this, 'NotificationQueue', {
      queueName: physicalName(stage.name, NOTIFICATION_QUEUE.name),
      visibilityTimeout: Duration.seconds(NOTIFICATION_QUEUE.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.notificationDeadLetters, maxReceiveCount: NOTIFICATION_QUEUE.maxReceiveCount },
      removalPolicy: stage.removalPolicy,
    });
    // The SNS envelope, not raw delivery: `to` and `channel` travel as its message attributes.
    this.notificationsTopic.addSubscription(new subscriptions.SqsSubscription(this.notificationQueue));
    this.mailConfigurationSet = this.mailFeedback(stage);
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      secretName: originSecretName(stage),
      description: 'Value CloudFront sends to the API (x-sportello-origin); the WAF and the handlers require it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: stage.removalPolicy,
    });
    this.smsSpendLimit(stage);

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

  /**
   * The SES configuration set of the product's e-mail: bounces and complaints put the address on the account's
   * suppression list, and every bounce, complaint, reject and delivery delay is kept for 14 days in the `mail-feedback`
   * queue (through EventBridge) for the operator — a PEC that refuses ordinary e-mail shows up there (docs/runbook.md).
   */
  private mailFeedback(stage: StageConfig): ses.ConfigurationSet {
    const set = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: physicalName(stage.name, MAIL.configurationSet),
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    set.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(bus),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });
    const kept = new sqs.Queue(this, 'MailFeedback', {
      queueName: physicalName(stage.name, MAIL.feedbackQueue),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: stage.removalPolicy,
    });
    new events.Rule(this, 'MailFeedbackRule', {
      description: 'SES bounces, complaints, rejects and delays of the product e-mail, kept for the operator',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [set.configurationSetName] } } },
      },
      targets: [new targets.SqsQueue(kept)],
    });
    return set;
  }

  /**
   * The account's SNS SMS spend limit (Cognito's codes and the product's own go through SNS), set by the stack; the
   * click-day monitoring alarms at 80% of it (past the limit SNS sends no SMS at all, so nobody could log in).
   */
  private smsSpendLimit(stage: StageConfig): void {
    const attributes = { MonthlySpendLimit: String(stage.smsSpendLimitUsd), DefaultSMSType: 'Transactional' };
    const call: cr.AwsSdkCall = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes },
      physicalResourceId: cr.PhysicalResourceId.of(physicalName(stage.name, 'sms-spend-limit')),
    };
    new cr.AwsCustomResource(this, 'SmsSpendLimit', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      // SMS attributes belong to the account: SetSMSAttributes has no resource to name.
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    });
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
        ...(index.projection
          ? {
              projectionType: index.projection.length
                ? dynamodb.ProjectionType.INCLUDE
                : dynamodb.ProjectionType.KEYS_ONLY,
              ...(index.projection.length ? { nonKeyAttributes: [...index.projection] } : {}),
            }
          : {}),
        // An index written by the table's writes warmed less than its table would throttle them (GSI back-pressure)
        // in the send burst.
        warmThroughput: warm,
      })),
      timeToLiveAttribute: definition.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
  }
}

/** The origin secret's name: the API and web stacks resolve it by name (no cross-stack reference to a value). */
export function originSecretName(stage: StageConfig): string {
  return physicalName(stage.name, 'origin-secret');
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
