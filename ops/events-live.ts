/**
 * `events live [--once] [--json] [--since <iso>] [--every <s>]`: the click day in a terminal, redrawn every few
 * seconds until Ctrl-C — sends per second, first sends recorded, replays, refusals by code, republished events,
 * lockouts, SMS and e-mails (business metrics), and the backlog of the send and notification queues. `--once` (or
 * `--json`, always one document) prints one picture and exits, for scripts.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { parseInstant } from '#domain/kernel/instant';
import { NOTIFICATION_QUEUE, physicalName, SEND_QUEUE } from '#catalogue/resources';
import { action, BadInput } from './cli.ts';
import { type CloudTarget, withCloud } from './cloud.ts';
import { cloudWatchMetrics } from './live/cloudwatch-metrics.ts';
import { localMetrics } from './live/local-metrics.ts';
import { type LiveSnapshot, liveLines, type MetricsSource, type QueueBacklog, RATE_SECONDS } from './live/snapshot.ts';
import { type ReadOptions, readCommand } from './options.ts';
import { printResult } from './output.ts';

interface LiveOptions extends ReadOptions {
  once?: boolean;
  since?: string;
  every: string;
}

const DEFAULT_WINDOW_MS = 3 * 3600_000;

export function registerEventsLive(group: Command): void {
  readCommand(
    group
      .command('live')
      .description('Il click day in diretta: invii al secondo, registrati, rifiutati per codice, code in attesa')
      .option('--once', 'una sola fotografia, poi termina (per gli script)')
      .option('--since <iso>', 'somma le metriche da questo istante (predefinito: ultime 3 ore)')
      .option('--every <secondi>', 'intervallo di aggiornamento', '2'),
  ).action(action((options: LiveOptions) => live(options)));
}

export async function live(options: LiveOptions): Promise<void> {
  const every = Number(options.every);
  const since = options.since === undefined ? undefined : parseInstant(options.since);
  const problems = [
    ...(Number.isFinite(every) && every >= 1 && every <= 60 ? [] : ['--every: un numero di secondi tra 1 e 60.']),
    ...(since && !since.ok ? [`--since: ${since.message}`] : []),
  ];
  if (problems.length > 0) throw new BadInput(problems);
  const sinceMs = since?.ok ? since.ms : undefined;
  await withCloud(options, async (cloud) => {
    const source = metricsOf(cloud);
    const take = () => snapshot(cloud, source, sinceMs ?? Date.now() - DEFAULT_WINDOW_MS);
    if (options.once || options.json) return printResult(options, await take(), liveLines);
    const screen = process.stdout.isTTY ? '\u001b[2J\u001b[H' : '';
    for (;;) {
      const lines = liveLines(await take());
      process.stdout.write(`${screen}${lines.join('\n')}\n(aggiornamento ogni ${every} s, Ctrl-C per uscire)\n`);
      await new Promise((resolve) => setTimeout(resolve, every * 1000));
    }
  });
}

function metricsOf(cloud: CloudTarget): MetricsSource {
  if (cloud.kind === 'local') {
    if (!cloud.metricsFile) throw new BadInput(['Il cloud locale non indica dove tiene le metriche: riavviarlo.']);
    return localMetrics(cloud.metricsFile);
  }
  return cloudWatchMetrics(new CloudWatchClient({ region: cloud.clients.sqs.config.region }));
}

async function snapshot(cloud: CloudTarget, source: MetricsSource, sinceMs: number): Promise<LiveSnapshot> {
  const now = Date.now();
  const [metrics, queues] = await Promise.all([source.totals(sinceMs, now, RATE_SECONDS), backlog(cloud)]);
  return {
    at: new Date(now).toISOString(),
    source: source.describe,
    since: new Date(sinceMs).toISOString(),
    rateSeconds: RATE_SECONDS,
    ...metrics,
    queues,
  };
}

/** The send queue, the notifications queue and their dead letters, by the names the stacks give them. */
async function backlog(cloud: CloudTarget): Promise<QueueBacklog[]> {
  const names = [SEND_QUEUE.name, SEND_QUEUE.dlqName, NOTIFICATION_QUEUE.name, NOTIFICATION_QUEUE.dlqName];
  return Promise.all(
    names.map(async (name) => {
      const queue = physicalName(cloud.stage, name);
      try {
        const { QueueUrl } = await cloud.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
        const { Attributes = {} } = await cloud.clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return {
          queue,
          visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
          inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        };
      } catch {
        return { queue: `${queue} (non trovata)`, visible: 0, inFlight: 0 };
      }
    }),
  );
}
