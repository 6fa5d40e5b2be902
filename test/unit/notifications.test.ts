/**
 * The notification sender's use case with in-memory senders: the topic's envelope read, each notice handed to the
 * sender of its channel and counted, a malformed or refused notice failed (so the queue retries it, then the DLQ).
 */
import type { BusinessMetric } from '#domain/kernel/business-metrics';
import { noticeFromEnvelope } from '#domain/kernel/notification';
import { DEFAULT_SUBJECT, deliverEnvelope, UndeliverableNotice } from '#domain/notifications/deliver';

const envelope = (attributes: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Type: 'Notification',
    Message: 'La tua domanda è stata inviata. Ricevuta 87654321.',
    Subject: 'Ricevuta di invio',
    Timestamp: '2026-11-24T06:10:00.000Z',
    MessageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([k, v]) => [k, { Type: 'String', Value: v }]),
    ),
    ...extra,
  });

function fakes(fail?: 'mail' | 'sms') {
  const sent: { channel: string; to: string; subject?: string; text: string }[] = [];
  const counted: BusinessMetric[] = [];
  return {
    sent,
    counted,
    deps: {
      mail: {
        send: async (m: { to: string; subject: string; text: string }) => {
          if (fail === 'mail') throw new Error('MessageRejected');
          sent.push({ channel: 'email', ...m });
        },
      },
      sms: {
        send: async (m: { to: string; text: string }) => {
          if (fail === 'sms') throw new Error('Throttling');
          sent.push({ channel: 'sms', ...m });
        },
      },
      metrics: { count: (metric: BusinessMetric) => void counted.push(metric) },
    },
  };
}

describe('notification envelope', () => {
  test('given channel and to attributes, then the notice with its subject for e-mail', () => {
    expect(noticeFromEnvelope(envelope({ channel: 'email', to: 'p@pec.it' }))).toEqual({
      ok: true,
      notice: {
        channel: 'email',
        to: 'p@pec.it',
        subject: 'Ricevuta di invio',
        body: 'La tua domanda è stata inviata. Ricevuta 87654321.',
      },
      publishedAt: '2026-11-24T06:10:00.000Z',
    });
  });

  test.each([
    ['no attributes', envelope({})],
    ['an unknown channel', envelope({ channel: 'fax', to: 'x' })],
    ['no recipient', envelope({ channel: 'sms' })],
    ['a body that is not an SNS envelope', 'ciao'],
    ['JSON that is not an envelope', '{"a":1}'],
  ])('given %s, then it is refused with a reason', (_, body) => {
    expect(noticeFromEnvelope(body)).toEqual({ ok: false, problem: expect.any(String) });
  });
});

describe('notice delivery', () => {
  test('given an e-mail notice, then the mail sender gets it and EmailSent is counted', async () => {
    const f = fakes();
    await deliverEnvelope(envelope({ channel: 'email', to: 'p@pec.it' }), f.deps);
    expect(f.sent).toEqual([
      {
        channel: 'email',
        to: 'p@pec.it',
        subject: 'Ricevuta di invio',
        text: 'La tua domanda è stata inviata. Ricevuta 87654321.',
      },
    ]);
    expect(f.counted).toEqual(['EmailSent']);
  });

  test('given an e-mail notice without subject, then the default subject; an SMS notice goes to the SMS sender', async () => {
    const f = fakes();
    await deliverEnvelope(envelope({ channel: 'email', to: 'a@b.it' }, { Subject: null }), f.deps);
    await deliverEnvelope(envelope({ channel: 'sms', to: '+393331234567' }), f.deps);
    expect(f.sent.map((s) => [s.channel, s.to, s.subject])).toEqual([
      ['email', 'a@b.it', DEFAULT_SUBJECT],
      ['sms', '+393331234567', undefined],
    ]);
    expect(f.counted).toEqual(['EmailSent', 'SmsSent']);
  });

  test('given a malformed envelope or a refused send, then it fails and NotificationFailed is counted', async () => {
    const f = fakes('sms');
    await expect(deliverEnvelope('ciao', f.deps)).rejects.toBeInstanceOf(UndeliverableNotice);
    await expect(deliverEnvelope(envelope({ channel: 'sms', to: '+39333' }), f.deps)).rejects.toThrow('Throttling');
    expect(f.sent).toEqual([]);
    expect(f.counted).toEqual(['NotificationFailed', 'NotificationFailed']);
  });
});
