/**
 * Publishes the send event (`lambdas/domain/counter/send-event.ts`) to `sends.fifo` right after the send is committed.
 * Retries are the SDK client's (standard mode: 3 attempts with jittered backoff, 1 s connect timeout; see
 * `clients.ts`), which keeps a failing queue from holding the receipt back for more than a few seconds. When every
 * attempt fails the error propagates as `Unavailable`: the counter still answers the receipt (the sends table is the
 * record) and the reconciler republishes from the sends table; the queue drops a repeat inside its 5-minute
 * deduplication window (dedup id = token) and the consumer is idempotent after it.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendEvents } from '#domain/counter/ports';
import { type RecordedSend, type SendEventPublisher, sendEventMessage } from '#domain/counter/send-event';
import { guard } from '#adapters/failures';

/** The counter's publisher, and the reconciler's (`publishedBy: 'reconciler'`: the same message, marked). */
export class SqsSendEvents implements SendEvents {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly publishedBy: SendEventPublisher = 'counter',
  ) {}

  async publish(send: RecordedSend): Promise<void> {
    const message = sendEventMessage(send, this.publishedBy, this.clock());
    await guard('sqs:SendMessage', () =>
      this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, ...message })),
    );
  }
}
