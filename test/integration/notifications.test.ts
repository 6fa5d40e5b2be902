/**
 * The product's notices delivered in the local cloud by the code the AWS stack deploys: a receipt (the consumer's
 * notice) and a token-reset notice (the administrator function's notifier) go to the notifications topic, its
 * delivery queue, the notification sender's `handleNotifications`, and SES v2 — the SES emulator, whose store holds
 * them — and only from there reach the outbox; an SMS notice goes through the SMS port to the outbox. The sender's
 * EMF metrics reach the cloud's metrics sink.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClients } from '#adapters/clients';
import { TopicNotifier } from '#adapters/messaging/notifications';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { LOCAL_MAIL_FROM } from '#local/provision/index';
import { METRICS_FILE } from '#local/metrics-sink';
import { api, endpoints, uniqueEmail } from './helpers/cloud.ts';
import { recordedSend } from './helpers/recorded-send.ts';

jest.setTimeout(30_000);

const clients = buildClients();
afterAll(() => {
  for (const client of Object.values(clients)) (client as { destroy?: () => void }).destroy?.();
});

interface Stored {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

/** What the SES emulator accepted for `to` (its own store, not the outbox). */
async function inSes(to: string): Promise<Stored[]> {
  for (let i = 0; i < 100; i++) {
    const store = (await (await fetch(`${endpoints().services.ses}/store`)).json()) as { emails: Stored[] };
    const found = store.emails.filter((e) => e.destination.to.includes(to));
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

async function outbox(to: string) {
  const { status, body } = await api<{ channel: string; subject: string | null; body: string; code: string | null }[]>(
    `/local/outbox?to=${encodeURIComponent(to)}`,
  );
  expect(status).toBe(200);
  return body;
}

describe('notifications delivered through SES', () => {
  test('given a recorded send, when its event is consumed, then the receipt e-mail is in the SES emulator and the outbox', async () => {
    const { send, email } = await recordedSend(clients, { region: 'Molise', axis: '5.2' }, 'notify');
    await new SqsSendEvents(clients.sqs, process.env.SENDS_QUEUE_URL as string).publish(send);

    const [mail] = await inSes(email);
    expect(mail?.from).toBe(LOCAL_MAIL_FROM);
    expect(mail?.subject).toBe('Sportello — presa in carico della domanda');
    expect(mail?.body.text).toContain(send.receiptId);
    const [notice] = await outbox(email);
    expect(notice).toMatchObject({ channel: 'email', subject: mail?.subject });
    expect(notice?.body).toContain(send.token);
  });

  test('given a reset notice and an SMS from the notifier, then the e-mail goes through SES and the SMS to the outbox', async () => {
    const notifier = new TopicNotifier(clients.sns, process.env.NOTIFICATIONS_TOPIC_ARN as string);
    const pec = uniqueEmail('pec');
    const phone = `+39347${String(Date.now()).slice(-7)}`;
    await notifier.notify({
      channel: 'email',
      to: pec.toUpperCase(),
      subject: 'Sportello - reset del codice identificativo',
      body: 'La registrazione del partecipante è stata annullata (reset del token).',
    });
    await notifier.notify({ channel: 'sms', to: phone, body: 'Sportello: codice 24681357' });

    const [mail] = await inSes(pec.toUpperCase());
    expect(mail?.subject).toBe('Sportello - reset del codice identificativo');
    expect((await outbox(pec))[0]?.body).toContain('reset del token');
    let sms: Awaited<ReturnType<typeof outbox>> = [];
    for (let i = 0; i < 100 && sms.length === 0; i++) {
      sms = await outbox(phone);
      if (sms.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sms[0]).toMatchObject({ channel: 'sms', subject: null, code: '24681357' });
    const store = (await (await fetch(`${endpoints().services.ses}/store`)).json()) as { emails: Stored[] };
    expect(store.emails.filter((e) => e.destination.to.includes(phone))).toEqual([]);
  });

  test('given notices delivered, then the sender printed EmailSent and SmsSent as EMF, kept by the metrics sink', () => {
    const file = join(endpoints().env.LOCAL_CLOUD_DIR as string, METRICS_FILE);
    const sent = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((doc) => doc.service === 'sportello-notification-sender');
    expect(sent.some((doc) => doc.EmailSent === 1)).toBe(true);
    expect(sent.some((doc) => doc.SmsSent === 1)).toBe(true);
  });
});
