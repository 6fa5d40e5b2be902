/**
 * The send queue + its DLQ (FIFO, high throughput, redrive), the notifications topic and its delivery queue + DLQ, from
 * resources.ts.
 */
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { NOTIFICATION_QUEUE, NOTIFICATIONS_TOPIC, physicalName, SEND_QUEUE } from '#catalogue/resources';

const FOURTEEN_DAYS = String(14 * 24 * 3600);

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string>) {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`CreateQueue ${name} returned no URL`);
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = attrs.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${name} has no ARN`);
  return { name, url, arn };
}

export async function provisionSendQueue(sqs: SQSClient, stage: string) {
  const dlq = await createQueue(sqs, physicalName(stage, SEND_QUEUE.dlqName), {
    FifoQueue: 'true',
    MessageRetentionPeriod: FOURTEEN_DAYS,
  });
  const queue = await createQueue(sqs, physicalName(stage, SEND_QUEUE.name), {
    FifoQueue: 'true',
    ContentBasedDeduplication: 'false',
    // High-throughput FIFO: deduplication and the throughput limit apply per message group.
    DeduplicationScope: 'messageGroup',
    FifoThroughputLimit: 'perMessageGroupId',
    VisibilityTimeout: String(SEND_QUEUE.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: SEND_QUEUE.maxReceiveCount }),
  });
  return { sends: { ...queue, env: SEND_QUEUE.env }, sendsDlq: { ...dlq, env: `${SEND_QUEUE.env}_DLQ` } };
}

export async function provisionTopic(sns: SNSClient, stage: string) {
  const name = physicalName(stage, NOTIFICATIONS_TOPIC.name);
  const created = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!created.TopicArn) throw new Error(`CreateTopic ${name} returned no ARN`);
  return { notifications: { name, arn: created.TopicArn, env: NOTIFICATIONS_TOPIC.env } };
}

/**
 * The notifications topic's delivery queue and its DLQ, subscribed as the data stack subscribes them (SNS envelope,
 * redrive after `maxReceiveCount`): the notification sender consumes it on AWS, `local/notification-subscriber.ts` here.
 */
export async function provisionNotificationQueue(sqs: SQSClient, sns: SNSClient, stage: string, topicArn: string) {
  const dlq = await createQueue(sqs, physicalName(stage, NOTIFICATION_QUEUE.dlqName), {
    MessageRetentionPeriod: FOURTEEN_DAYS,
  });
  const queue = await createQueue(sqs, physicalName(stage, NOTIFICATION_QUEUE.name), {
    VisibilityTimeout: String(NOTIFICATION_QUEUE.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: NOTIFICATION_QUEUE.maxReceiveCount,
    }),
  });
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }));
  return {
    notifications: { ...queue, env: NOTIFICATION_QUEUE.env },
    notificationsDlq: { ...dlq, env: `${NOTIFICATION_QUEUE.env}_DLQ` },
  };
}
