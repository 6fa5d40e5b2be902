/**
 * The outbox: every e-mail and SMS the product would send, kept in memory and appended to
 * `.local-cloud/outbox.jsonl` (so it survives a restart), printed in the terminal and served at
 * `GET /api/local/outbox?to=…`. Three sources feed it: cognito-local's codes (handed over by the project's patch),
 * the e-mails the SES emulator accepted from the notification sender (`mailReader`), and the SMS the notification
 * sender hands to the local SMS adapter (`outboxSms`), which stands in for SNS SMS (fauxqs has none).
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
  /** Reads what the SES emulator accepted into the outbox (set by the local cloud once the emulator runs). */
  syncMail: () => Promise<void> = async () => undefined;

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

  /** The SMS port of the notification sender in the local cloud: the text lands here, as a phone would show it. */
  smsSender(now: () => Date = () => new Date()) {
    return {
      send: async (sms: { to: string; text: string }) =>
        this.add({
          to: sms.to,
          channel: 'sms',
          subject: null,
          body: sms.text,
          code: codeIn(sms.text),
          sentAt: now().toISOString(),
        }),
    };
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

/** An e-mail as the SES emulator keeps it (`GET /store`). */
const StoredMail = z.object({
  messageId: z.string(),
  destination: z.object({ to: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ text: z.string().optional(), html: z.string().optional() }),
  at: z.number(),
});

/** A six-to-eight digit code in a text, if any, surfaced as `code`. */
export function codeIn(text: string): string | null {
  return /\b(\d{6,8})\b/.exec(text)?.[1] ?? null;
}

/**
 * The e-mails the SES emulator accepted since the last call, as outbox messages: the product's e-mail reaches the
 * outbox only through SES, as on AWS it reaches a mailbox only through SES.
 */
export function mailReader(sesUrl: string) {
  const seen = new Set<string>();
  let since = 0;
  return async (): Promise<OutboxMessage[]> => {
    const response = await fetch(`${sesUrl}/store?since=${since}`);
    if (!response.ok) throw new Error(`SES emulator store: HTTP ${response.status}`);
    const parsed = z.object({ emails: z.array(StoredMail) }).parse(await response.json());
    const fresh = parsed.emails.filter((mail) => !seen.has(mail.messageId));
    for (const mail of fresh) {
      seen.add(mail.messageId);
      // `at` is in whole seconds: the next read starts at the newest second, and `seen` drops what was read.
      since = Math.max(since, mail.at);
    }
    return fresh.flatMap((mail) =>
      mail.destination.to.map((to) => {
        const body = mail.body.text ?? mail.body.html ?? '';
        return {
          to,
          channel: 'email' as const,
          subject: mail.subject,
          body,
          code: codeIn(body),
          sentAt: new Date(mail.at * 1000).toISOString(),
        };
      }),
    );
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
