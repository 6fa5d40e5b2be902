import {
  parseSendEvent,
  SEND_GROUP_BUCKETS,
  sendEventMessage,
  sendMessageGroupId,
  tokenBucket,
} from '#domain/counter/send-event';

const token = `+${'ab'.repeat(32)}`;
const send = {
  token,
  receiptId: 'r-1',
  arrivalTime: '2026-10-26T10:00:00.123Z',
  region: "Valle d'Aosta" as const,
  axis: '1.1' as const,
  participantSub: 'sub-1',
};

describe('send event', () => {
  test('given a recorded send, then the message dedups by token and groups by region slug, axis and token bucket', () => {
    const message = sendEventMessage(send, 'counter', new Date('2026-10-26T10:00:00.200Z'));
    expect(message.MessageDeduplicationId).toBe(token);
    expect(message.MessageGroupId).toBe(`valle-d-aosta#1.1#${tokenBucket(token)}`);
    expect(message.MessageGroupId).toMatch(/^[\x21-\x7e]{1,128}$/);
    const parsed = parseSendEvent(message.MessageBody);
    expect(parsed).toEqual({
      ok: true,
      event: {
        type: 'SEND_RECORDED',
        version: 1,
        ...send,
        publishedBy: 'counter',
        publishedAt: '2026-10-26T10:00:00.200Z',
      },
    });
  });

  test('given many tokens, then buckets stay in range, are stable, and spread over every bucket', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const t = `-${i.toString(16).padStart(64, '0')}`;
      const b = tokenBucket(t);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(SEND_GROUP_BUCKETS);
      expect(sendMessageGroupId({ ...send, token: t })).toBe(sendMessageGroupId({ ...send, token: t }));
      seen.add(b);
    }
    expect(seen.size).toBe(SEND_GROUP_BUCKETS);
  });

  test('given malformed bodies, then each is refused with the field named', () => {
    expect(parseSendEvent('not json')).toEqual({ ok: false, problem: 'body is not JSON' });
    const good = JSON.parse(sendEventMessage(send, 'reconciler').MessageBody);
    for (const [field, value] of [
      ['token', 'abc'],
      ['arrivalTime', '2026-10-26T10:00:00Z'],
      ['region', 'Atlantide'],
      ['axis', '9'],
      ['publishedBy', 'someone'],
    ] as const) {
      const out = parseSendEvent(JSON.stringify({ ...good, [field]: value }));
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.problem).toContain(field);
    }
  });
});
