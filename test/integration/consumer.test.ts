/**
 * The send events end to end in the local cloud: the counter's publisher puts events on `sends.fifo`, the cloud's
 * consumer files each send in the live provisional ranking by its RECORDED arrival time (never queue order) and the
 * receipt notification lands in the outbox; a repeated event notifies once; a send whose event was lost is found and
 * republished by the reconciler. Records go through the real repositories on the cloud's own tables (Liguria × 3,
 * used by no other test).
 */
import type { SQSEvent } from 'aws-lambda';
import { buildClients } from '#adapters/clients';
import { DynamoLiveRanking } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { reconcileSendEvents } from '#domain/counter/live-ranking';
import { sendEventMessage } from '#domain/counter/send-event';
import { tableNames } from '#http/env';
import { reconcilerDeps } from '#triggers/reconciler';
import { consumerDeps, handleSendEvents } from '#triggers/sends-consumer';
import { recordedSend as sentAndRecorded } from './helpers/recorded-send.ts';
import { api } from './helpers/cloud.ts';

jest.setTimeout(30_000);

const clients = buildClients();
const tables = tableNames(['applications', 'sends', 'config'] as const);
const live = new DynamoLiveRanking(clients.documents, tables.config);
const publisher = new SqsSendEvents(clients.sqs, process.env.SENDS_QUEUE_URL as string);
afterAll(() => {
  for (const client of Object.values(clients)) (client as { destroy?: () => void }).destroy?.();
});

interface OutboxEntry {
  subject: string | null;
  body: string;
}

async function outbox(to: string, atLeast = 1): Promise<OutboxEntry[]> {
  for (let i = 0; i < 100; i++) {
    const { body } = await api<OutboxEntry[]>(`/local/outbox?to=${encodeURIComponent(to)}`);
    if (body.length >= atLeast) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

const recordedSend = (arrival: Date) => sentAndRecorded(clients, { region: 'Liguria', axis: '3' }, 'consumer', arrival);

describe('send events', () => {
  test('given events published out of arrival order, then the live ranking follows the recorded arrivals and each receipt reaches the outbox', async () => {
    const t0 = Date.now();
    const late = await recordedSend(new Date(t0 + 30));
    const early = await recordedSend(new Date(t0 + 10));
    const middle = await recordedSend(new Date(t0 + 20));

    for (const { send } of [late, early, middle]) await publisher.publish(send);

    for (const { send, email } of [late, early, middle]) {
      const [notice] = await outbox(email);
      expect(notice?.subject).toBe('Sportello — presa in carico della domanda');
      expect(notice?.body).toContain(send.token);
      expect(notice?.body).toContain(send.receiptId);
      expect(notice?.body).toContain(`Orario di arrivo: ${send.arrivalTime}`);
    }
    const mine = new Set([late, early, middle].map((s) => s.send.token));
    const ranked = (await live.list('Liguria', '3')).filter((e) => mine.has(e.token));
    expect(ranked.map((e) => e.token)).toEqual([early.send.token, middle.send.token, late.send.token]);
  });

  test('given the same event twice and a malformed one, when consumed, then one notification, and only the malformed one fails', async () => {
    const { send, email } = await recordedSend(new Date());
    const record = (id: string, body: string) => ({ messageId: id, body }) as SQSEvent['Records'][number];
    const body = sendEventMessage(send, 'counter').MessageBody;
    const deps = consumerDeps();

    const first = await handleSendEvents({ Records: [record('a', body), record('b', '{"token":"x"}')] }, deps);
    const again = await handleSendEvents(
      { Records: [record('c', sendEventMessage(send, 'reconciler').MessageBody)] },
      deps,
    );

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
    expect(again.batchItemFailures).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await outbox(email)).toHaveLength(1);
  });

  test('given a send whose event was never published, when the reconciler runs, then it republishes it and the receipt arrives', async () => {
    // The reconciler here runs 5 minutes ahead: the send made now is past its grace, the one made "then" is not. The
    // cloud's own reconciler (every 5 minutes, on the real clock) leaves both alone for 2 minutes, so this run is the
    // one that finds the lost event.
    const later = Date.now() + 5 * 60_000;
    const { send, email } = await recordedSend(new Date());
    const fresh = await recordedSend(new Date(later));

    const report = await reconcileSendEvents({ ...reconcilerDeps(), clock: () => new Date(later) });

    expect(report.republished).toContain(send.token);
    expect(report.republished).not.toContain(fresh.send.token);
    const [notice] = await outbox(email);
    expect(notice?.body).toContain(send.receiptId);
    const filed = await live.list('Liguria', '3');
    expect(filed.map((e) => e.token)).toContain(send.token);
  });
});
