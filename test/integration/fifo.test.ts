/** The send queue as provisioned from resources.ts: FIFO, high throughput, deduplication by token (DESIGN). */
import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { SEND_QUEUE } from '#catalogue/resources';
import { clients, endpoints } from './helpers/cloud.ts';

const sqs = clients().sqs;
afterAll(() => sqs.destroy());

describe('send queue', () => {
  test('given the provisioned queue, then it is FIFO with per-group deduplication and a redrive to its DLQ', async () => {
    const { sends, sendsDlq } = endpoints().resources.queues;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: sends.url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.FifoQueue).toBe('true');
    expect(Attributes?.DeduplicationScope).toBe('messageGroup');
    expect(Attributes?.FifoThroughputLimit).toBe('perMessageGroupId');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: sendsDlq.arn,
      maxReceiveCount: SEND_QUEUE.maxReceiveCount,
    });
  });

  test('given one token sent twice with the token as deduplication id, when the queue is read, then it holds one message', async () => {
    // A twin of the send queue (same FIFO attributes): the local cloud's own consumer polls the real one and would
    // take the test's message first.
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: endpoints().resources.queues.sends.url, AttributeNames: ['All'] }),
    );
    const fifoAttributes = [
      'FifoQueue',
      'ContentBasedDeduplication',
      'DeduplicationScope',
      'FifoThroughputLimit',
    ] as const;
    const twin = await sqs.send(
      new CreateQueueCommand({
        QueueName: `it-sends-${randomBytes(4).toString('hex')}.fifo`,
        Attributes: Object.fromEntries(fifoAttributes.map((name) => [name, Attributes?.[name] ?? ''])),
      }),
    );
    const queueUrl = twin.QueueUrl as string;
    const token = `+${randomBytes(32).toString('hex')}`;
    const group = `Lazio#1.1#${randomBytes(4).toString('hex')}`;
    const send = () =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageGroupId: group,
          MessageDeduplicationId: token,
          MessageBody: JSON.stringify({ token, arrivalTime: new Date().toISOString() }),
        }),
      );

    const first = await send();
    const second = await send();

    expect(second.MessageId).toBe(first.MessageId);
    const received = [];
    for (let i = 0; i < 3; i++) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 30,
        }),
      );
      received.push(...(out.Messages ?? []));
    }
    expect(received.map((m) => JSON.parse(m.Body ?? '{}').token)).toEqual([token]);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });
});
