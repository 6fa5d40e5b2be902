/**
 * Delivering the product's notices (receipts, token-reset notices) published to the notifications topic.
 * 1. read the notice from the topic's envelope (a malformed one is a failure: it ends in the dead-letter queue);
 * 2. hand it to the e-mail sender (SES) or the SMS sender, by its channel;
 * 3. count it (`EmailSent`, `SmsSent`), or count the failure and let the queue retry it.
 */
import type { BusinessMetrics } from '#domain/kernel/business-metrics';
import { type Notice, noticeFromEnvelope } from '#domain/kernel/notification';

/** Sends one e-mail (text only). Rejects when the provider refused or failed: the message is retried. */
export interface MailSender {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
}

/** Sends one SMS to an E.164 number. On AWS: SNS; in the local cloud: the outbox. */
export interface SmsSender {
  send(sms: { to: string; text: string }): Promise<void>;
}

export interface DeliveryDeps {
  mail: MailSender;
  sms: SmsSender;
  metrics: BusinessMetrics;
}

/** The subject of an e-mail notice published without one. */
export const DEFAULT_SUBJECT = 'Sportello — comunicazione';

export class UndeliverableNotice extends Error {
  override readonly name = 'UndeliverableNotice';
}

export async function deliverEnvelope(body: string, deps: DeliveryDeps): Promise<Notice> {
  const parsed = noticeFromEnvelope(body);
  if (!parsed.ok) {
    deps.metrics.count('NotificationFailed');
    throw new UndeliverableNotice(parsed.problem);
  }
  const { notice } = parsed;
  try {
    if (notice.channel === 'email') {
      await deps.mail.send({ to: notice.to, subject: notice.subject ?? DEFAULT_SUBJECT, text: notice.body });
      deps.metrics.count('EmailSent');
    } else {
      await deps.sms.send({ to: notice.to, text: notice.body });
      deps.metrics.count('SmsSent');
    }
  } catch (error) {
    deps.metrics.count('NotificationFailed');
    throw error;
  }
  return notice;
}
