/**
 * The outbox: every e-mail and SMS the product would send, kept in memory and appended to
 * `.local-cloud/outbox.jsonl` (so it survives a restart), printed in the terminal and served at
 * `GET /api/local/outbox?to=…` (CONTRACT). Two sources feed it: cognito-local's codes (handed over by the
 * project's patch) and the product's notifications published to the SNS topic (drained from a subscribed queue).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CognitoMessage } from '#local/emulators/cognito';

export const OutboxMessage = z.object({
  to: z.string(),
  channel: z.enum(['email', 'sms']),
  subject: z.string().nullable(),
  body: z.string(),
  code: z.string().nullable(),
  sentAt: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

/**
 * E-mails compare case-insensitively; phones in E.164 without separators. A space is an unencoded `+` of a query
 * string: leading in a phone number, anywhere inside an e-mail address (which cannot hold a space).
 */
export function normaliseRecipient(to: string): string {
  if (to.includes('@')) return to.trim().replace(/ /g, '+').toLowerCase();
  const value = to.startsWith(' ') ? `+${to.slice(1)}` : to;
  return value.trim().replace(/[\s-]/g, '');
}

export class Outbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly print: (message: OutboxMessage) => void = () => undefined,
  ) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const parsed = line.trim() ? OutboxMessage.safeParse(safeJson(line)) : undefined;
        if (parsed?.success) this.messages.push(parsed.data);
      }
    }
  }

  add(message: OutboxMessage): void {
    const kept = { ...message, to: normaliseRecipient(message.to) };
    this.messages.push(kept);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(kept)}\n`);
    this.print(kept);
  }

  /** Messages to one recipient, newest first. */
  to(recipient: string): OutboxMessage[] {
    const wanted = normaliseRecipient(recipient);
    return this.messages.filter((m) => m.to === wanted).reverse();
  }
}

/** What a Cognito message says, in the product's language (cognito-local sends the bare code without a template). */
const COGNITO_TEXT: Record<string, { subject: string; body: (code: string) => string }> = {
  SignUp: {
    subject: 'Sportello — conferma del tuo indirizzo',
    body: (code) => `Il codice per confermare il tuo indirizzo è ${code}. Inseriscilo nella pagina di registrazione.`,
  },
  ResendCode: {
    subject: 'Sportello — nuovo codice di conferma',
    body: (code) => `Il nuovo codice per confermare il tuo indirizzo è ${code}.`,
  },
  ForgotPassword: {
    subject: 'Sportello — reimpostazione della password',
    body: (code) =>
      `Il codice per reimpostare la password è ${code}. Se non l'hai chiesto tu, ignora questo messaggio.`,
  },
  UpdateUserAttribute: {
    subject: 'Sportello — verifica del recapito',
    body: (code) => `Sportello: il codice di verifica del tuo recapito è ${code}.`,
  },
  VerifyUserAttribute: {
    subject: 'Sportello — verifica del recapito',
    body: (code) => `Sportello: il codice di verifica del tuo recapito è ${code}.`,
  },
  Authentication: {
    subject: 'Sportello — codice di accesso',
    body: (code) => `Sportello: il tuo codice di accesso è ${code}. Non comunicarlo a nessuno.`,
  },
  AdminCreateUser: {
    subject: 'Sportello — credenziali provvisorie',
    body: (code) => `La tua password provvisoria è ${code}.`,
  },
};

export function fromCognito(message: CognitoMessage, now = new Date()): OutboxMessage {
  const channel = message.deliveryMedium === 'SMS' ? 'sms' : 'email';
  const text = COGNITO_TEXT[message.source];
  const code = message.code;
  const custom = channel === 'sms' ? message.smsMessage : message.emailMessage;
  const body = custom ?? (text && code ? text.body(code) : `Codice: ${code ?? '(nessuno)'}`);
  return {
    to: message.destination,
    channel,
    subject: channel === 'sms' ? null : (message.emailSubject ?? text?.subject ?? 'Sportello'),
    body,
    code,
    sentAt: now.toISOString(),
  };
}

/**
 * A product notification as the SNS → SQS subscription delivers it: the SNS envelope (not raw delivery), whose
 * `MessageAttributes` carry `channel` (email|sms) and `to`, `Subject` the e-mail subject and `Message` the text.
 * A six-to-eight digit code in the text, if any, is surfaced as `code`.
 */
const SnsEnvelope = z.object({
  Message: z.string(),
  Subject: z.string().nullish(),
  Timestamp: z.string().optional(),
  MessageAttributes: z.record(z.string(), z.object({ Value: z.string() })).optional(),
});

export function fromNotification(body: string, now = new Date()): OutboxMessage | { error: string } {
  const envelope = SnsEnvelope.safeParse(safeJson(body));
  if (!envelope.success) return { error: 'not an SNS notification envelope' };
  const attributes = envelope.data.MessageAttributes ?? {};
  const channel = attributes.channel?.Value;
  const to = attributes.to?.Value;
  if ((channel !== 'email' && channel !== 'sms') || !to) {
    return { error: 'message attributes `channel` (email|sms) and `to` are required' };
  }
  const code = /\b(\d{6,8})\b/.exec(envelope.data.Message)?.[1] ?? null;
  return {
    to,
    channel,
    subject: channel === 'email' ? (envelope.data.Subject ?? null) : null,
    body: envelope.data.Message,
    code,
    sentAt: envelope.data.Timestamp ?? now.toISOString(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
