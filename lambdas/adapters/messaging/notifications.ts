/**
 * Notifications the product sends itself (token reset notices): published to the notifications topic with the
 * message attributes `channel` (email|sms) and `to`; its subscribers deliver them (in the local cloud, the outbox).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notice, Notifier } from '#domain/kernel/notification';
import { guard } from '#adapters/failures';

export class TopicNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notice: Notice): Promise<void> {
    await guard('sns:Publish', () =>
      this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Message: notice.body,
          ...(notice.subject ? { Subject: notice.subject } : {}),
          MessageAttributes: {
            channel: { DataType: 'String', StringValue: notice.channel },
            to: { DataType: 'String', StringValue: notice.to },
          },
        }),
      ),
    );
  }
}
