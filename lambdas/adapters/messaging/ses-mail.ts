/**
 * E-mail through SES v2 (`SendEmail`, simple content, text part only), from the verified sender, tagged with the
 * configuration set that records bounces and complaints. A refusal (suppressed address, sandbox, quota) rejects, so
 * the queue retries the notice and, after its last try, keeps it in the dead-letter queue.
 */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailSender } from '#domain/notifications/deliver';
import { guard } from '#adapters/failures';

export class SesMail implements MailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string | undefined,
  ) {}

  async send(mail: { to: string; subject: string; text: string }): Promise<void> {
    await guard('ses:SendEmail', () =>
      this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            },
          },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      ),
    );
  }
}
