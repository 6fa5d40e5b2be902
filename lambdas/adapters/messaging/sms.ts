/**
 * The product's own text messages, straight to the phone number with SNS (a transactional SMS, the kind Cognito's
 * codes are sent as). Only the code that verifies a new phone goes this way; login codes are Cognito's.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notice, Notifier } from '#domain/kernel/notification';
import { guard } from '#adapters/failures';

export class SnsTextMessages implements Notifier {
  constructor(private readonly sns: SNSClient) {}

  async notify(notice: Notice): Promise<void> {
    if (notice.channel !== 'sms') throw new Error('SnsTextMessages sends SMS only');
    await guard('sns:Publish(sms)', () =>
      this.sns.send(
        new PublishCommand({
          PhoneNumber: notice.to,
          Message: notice.body,
          MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        }),
      ),
    );
  }
}
