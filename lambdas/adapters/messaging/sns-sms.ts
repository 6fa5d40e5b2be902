/**
 * SMS through SNS (`Publish` to a phone number), transactional: the same channel and spend limit as Cognito's codes.
 * The sender id, when set (`-c smsSenderId`), is what Italian carriers show instead of a number.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '#domain/notifications/deliver';
import { guard } from '#adapters/failures';

export class SnsSms implements SmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly senderId?: string,
  ) {}

  async send(sms: { to: string; text: string }): Promise<void> {
    await guard('sns:Publish', () =>
      this.sns.send(
        new PublishCommand({
          PhoneNumber: sms.to,
          Message: sms.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } } : {}),
          },
        }),
      ),
    );
  }
}
