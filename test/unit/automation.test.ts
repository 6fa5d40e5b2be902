/** Evidence of automated sending: the sends faster than the threshold from their form (R16, R19). */
import { FAST_SEND_MS, fastSends, formToSendMs } from '#domain/counter/automation';
import type { SendRecord } from '#domain/counter/ledger';

const send = (token: string, issued: string | undefined, arrival: string): SendRecord => ({
  token,
  receiptId: `R-${token}`,
  arrivalTime: arrival,
  participantSub: `sub-${token}`,
  region: 'Lazio',
  axis: '2',
  sessionId: 's',
  sourceIp: '203.0.113.9',
  ...(issued ? { formIssuedAt: issued } : {}),
});

test('given sends 131 ms, 1499 ms, 1500 ms and 9 s after their form, the first two are flagged, by arrival', () => {
  const sends = [
    send('slow', '2026-10-26T09:00:00.000Z', '2026-10-26T09:00:09.000Z'),
    send('edge', '2026-10-26T09:00:00.000Z', '2026-10-26T09:00:01.500Z'),
    send('bot', '2026-10-26T09:00:00.000Z', '2026-10-26T09:00:00.131Z'),
    send('quick', '2026-10-26T09:00:00.001Z', '2026-10-26T09:00:01.500Z'),
    send('old', undefined, '2026-10-26T09:00:00.200Z'),
  ];
  const flagged = fastSends(sends);
  expect(flagged.map((r) => [r.subject, r.data?.formToSendMs])).toEqual([
    ['bot', 131],
    ['quick', 1499],
  ]);
  expect(flagged[0]).toMatchObject({
    kind: 'FAST_SEND',
    actor: 'sub-bot',
    data: { sourceIp: '203.0.113.9', thresholdMs: FAST_SEND_MS },
  });
  expect(formToSendMs(sends[4] as SendRecord)).toBeUndefined();
  expect(fastSends(sends, 10_000)).toHaveLength(4);
});
