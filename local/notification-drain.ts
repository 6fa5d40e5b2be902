/**
 * Drains the local queue subscribed to the notifications topic into the outbox, until stopped. Long polling keeps
 * it idle when nothing is sent; stopping aborts the poll in flight.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { fromNotification, type Outbox } from './outbox.ts';

export function drainNotifications(sqs: SQSClient, queueUrl: string, outbox: Outbox, warn: (m: string) => void) {
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }),
          { abortSignal: abort.signal },
        );
        const messages = received.Messages ?? [];
        for (const message of messages) {
          const parsed = fromNotification(message.Body ?? '');
          if ('error' in parsed) warn(`outbox: notification ignored (${parsed.error}): ${message.Body}`);
          else outbox.add(parsed);
        }
        if (messages.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        warn(`outbox: cannot read notifications (${(error as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
