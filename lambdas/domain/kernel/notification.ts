/**
 * A message the product itself sends (Cognito sends its own verification codes): receipts, token-reset notices. The
 * port publishes it to the notifications topic; the notification sender delivers it by e-mail or SMS.
 */
import { z } from 'zod';

export interface Notice {
  channel: 'email' | 'sms';
  /** An e-mail address or an E.164 phone number. */
  to: string;
  subject?: string;
  body: string;
}

export interface Notifier {
  notify(notice: Notice): Promise<void>;
}

/**
 * A notice as the topic's SQS subscription delivers it: the SNS envelope (not raw delivery), whose
 * `MessageAttributes` carry `channel` (email|sms) and `to`, `Subject` the e-mail subject and `Message` the text.
 */
const SnsEnvelope = z.object({
  Message: z.string(),
  Subject: z.string().nullish(),
  Timestamp: z.string().optional(),
  MessageAttributes: z.record(z.string(), z.object({ Value: z.string() })).optional(),
});

export type EnvelopeParse = { ok: true; notice: Notice; publishedAt?: string } | { ok: false; problem: string };

export function noticeFromEnvelope(body: string): EnvelopeParse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const envelope = SnsEnvelope.safeParse(json);
  if (!envelope.success) return { ok: false, problem: 'not an SNS notification envelope' };
  const attributes = envelope.data.MessageAttributes ?? {};
  const channel = attributes.channel?.Value;
  const to = attributes.to?.Value;
  if ((channel !== 'email' && channel !== 'sms') || !to) {
    return { ok: false, problem: 'message attributes `channel` (email|sms) and `to` are required' };
  }
  const subject = channel === 'email' ? envelope.data.Subject : undefined;
  return {
    ok: true,
    notice: { channel, to, body: envelope.data.Message, ...(subject ? { subject } : {}) },
    ...(envelope.data.Timestamp ? { publishedAt: envelope.data.Timestamp } : {}),
  };
}
