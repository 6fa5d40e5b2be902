/**
 * `events reconcile`, `events live [--once]` and `events ranking <region> <axis>`: the send events from the operator's
 * side.
 * - reconcile: the reconciler's pass (`reconcileSendEvents`) run now, e.g. right after M6 without waiting for its
 *   schedule: republishes every send the consumer has not filed 2 minutes after its arrival (`--dry-run` lists them);
 * - live: the click day in a terminal (`events-live.ts`);
 * - ranking: one list's live provisional ranking as the consumer keeps it (recorded arrival order). Provisional: the
 *   lists are `lists build`, from the record.
 */
import type { Command } from 'commander';
import { DynamoLiveRanking, sentApplicationsIn } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { AXES, EVERY_LIST, parseAxis, parseRegion } from '#domain/kernel/geography';
import { reconcileSendEvents } from '#domain/counter/live-ranking';
import { action, BadInput, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { registerEventsLive } from './events-live.ts';
import { type ReadOptions, readCommand, type WriteOptions, writeCommand } from './options.ts';
import { dryRunLine, printResult } from './output.ts';
import { count } from '#domain/kernel/plural';

export function registerEvents(program: Command): void {
  const group = commandGroup(program, 'events', 'Eventi di invio (coda sends.fifo) e click day in diretta');
  writeCommand(group.command('reconcile').description('Ripubblica gli eventi degli invii non ancora recepiti')).action(
    action((options: WriteOptions) => reconcile(options)),
  );
  registerEventsLive(group);
  readCommand(
    group
      .command('ranking <region> <axis>')
      .description(`Graduatoria provvisoria in tempo reale di una regione e un asse (${AXES.join(', ')})`),
  ).action(action((region: string, axis: string, options: ReadOptions) => showRanking(region, axis, options)));
}

export async function reconcile(options: WriteOptions): Promise<void> {
  const intent = { writes: 'ripubblicare sulla coda gli eventi degli invii non ancora recepiti' };
  await withCloud(
    options,
    async (cloud) => {
      const publisher = new SqsSendEvents(cloud.clients.sqs, cloud.sendQueueUrl, () => new Date(), 'reconciler');
      const report = await reconcileSendEvents({
        lists: async () => [...EVERY_LIST],
        sentIn: (region, axis) => sentApplicationsIn(cloud.clients.documents, cloud.tables.sends, region, axis),
        live: new DynamoLiveRanking(cloud.clients.documents, cloud.tables.config),
        sends: cloud.repositories.sends,
        republish: (send) => (options.dryRun ? Promise.resolve() : publisher.publish(send)),
        clock: () => new Date(),
      });
      const line = `Invii registrati: ${report.sent}; eventi ${options.dryRun ? 'da ripubblicare' : 'ripubblicati'}: ${report.republished.length} (${cloud.description}).`;
      process.stdout.write(`${options.dryRun ? dryRunLine(line.replace(/\.$/, '')) : line}\n`);
      for (const token of report.republished) process.stdout.write(`  ${token}\n`);
    },
    intent,
  );
}

export async function showRanking(regionInput: string, axisInput: string, options: ReadOptions): Promise<void> {
  const region = parseRegion(regionInput);
  const axis = parseAxis(axisInput);
  const problems = [
    ...(region ? [] : [`Regione o provincia autonoma sconosciuta "${regionInput}".`]),
    ...(axis ? [] : [`Asse sconosciuto "${axisInput}" (valori ammessi: ${AXES.join(', ')}).`]),
  ];
  if (!region || !axis) throw new BadInput(problems);
  await withCloud(options, async (cloud) => {
    const entries = await new DynamoLiveRanking(cloud.clients.documents, cloud.tables.config).list(region, axis);
    printResult(options, { region, axis, entries }, (v) => [
      `Graduatoria provvisoria ${region}, asse ${axis}: ${count(v.entries.length, 'invio recepito', 'invii recepiti')}.`,
      ...v.entries.map((e, i) => `${String(i + 1).padStart(6)}  ${e.arrivalTime}  ${e.token}  ${e.receiptId}`),
    ]);
  });
}
