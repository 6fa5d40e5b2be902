/**
 * Entry of the local cloud's sends-consumer process (started by `local/sends-consumer-supervisor.ts`, never imported):
 * `runSendsConsumer` — the queue poller and the reconciler's schedule — on its own event loop, as the consumer and
 * the reconciler run on their own compute on AWS, so that they do not compete with the gateway and its handlers
 * for one thread under a burst. Configuration comes from the environment only: what every handler gets (SDK
 * endpoints, region, credentials, resource names) plus the sends queue's URL and ARN.
 *
 * Warnings go to stderr, which the cloud relays to its log. SIGTERM (the cloud stopping), SIGINT, or the cloud's end
 * (the IPC channel closes, even if it was SIGKILLed) stop the poller after the batch in hand, then the process exits.
 */
// First: before any import loads the X-Ray SDK (see the file).
import './x-ray-manual-mode.ts';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { stopWhenTheCloudEnds } from './stop-with-cloud.ts';
import { runSendsConsumer, SENDS_CONSUMER_EXIT_CONFIG } from './sends-consumer.ts';

const SendsConsumerEnv = z.object({
  SPORTELLO_SENDS_QUEUE_URL: z.string().url(),
  SPORTELLO_SENDS_QUEUE_ARN: z.string().startsWith('arn:'),
  AWS_REGION: z.string().min(1),
  AWS_ENDPOINT_URL_SQS: z.string().url().optional(),
});

function warn(line: string): void {
  process.stderr.write(`${line}\n`);
}

function main(): void {
  const parsed = SendsConsumerEnv.safeParse(process.env);
  if (!parsed.success) {
    warn(`sends consumer: cannot start, environment incomplete: ${z.prettifyError(parsed.error)}`);
    process.exit(SENDS_CONSUMER_EXIT_CONFIG);
  }
  const env = parsed.data;
  // Explicit endpoint, as the cloud's own client: otherwise the SQS client follows the host inside the queue URL.
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    maxAttempts: 3,
    ...(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  const consumer = runSendsConsumer(
    sqs,
    { url: env.SPORTELLO_SENDS_QUEUE_URL, arn: env.SPORTELLO_SENDS_QUEUE_ARN },
    warn,
  );
  stopWhenTheCloudEnds(() => {
    void consumer
      .stop()
      .catch((error: unknown) => warn(`sends consumer: stop failed: ${(error as Error).message}`))
      .finally(() => {
        sqs.destroy();
        process.exit(0);
      });
  });
}

main();
