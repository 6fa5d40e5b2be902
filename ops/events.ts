/**
 * `events reconcile` and `events live <region> <axis>`: the send events from the operator's side.
 * - reconcile: the reconciler's pass (`reconcileSendEvents`) run now, e.g. after M6 or while the scheduled one is not
 *   deployed: republishes every send the consumer has not filed 2 minutes after its arrival;
 * - live: the live provisional ranking of one list as the consumer keeps it (recorded arrival order). Provisional:
 *   the lists are `lists build`, from the record.
 */
import type { Command } from 'commander';
import { DynamoLiveRanking, sentApplicationsIn } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { EVERY_LIST, parseAxis, parseRegion } from '#domain/kernel/geography';
import { reconcileSendEvents } from '#domain/counter/live-ranking';
import { action, BadInput, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type StageOption, withStage } from './io.ts';
import { count } from '#domain/kernel/plural';

export function registerEvents(program: Command): void {
  const group = commandGroup(program, 'events', 'Eventi di invio (coda sends.fifo) e graduatoria provvisoria');
  withStage(group.command('reconcile').description('Ripubblica gli eventi degli invii non ancora recepiti')).action(
    action((options: StageOption) => reconcile(options)),
  );
  withStage(
    group
      .command('live <region> <axis>')
      .description('Mostra la graduatoria provvisoria in tempo reale di una regione e un asse'),
  ).action(action((region: string, axis: string, options: StageOption) => showLive(region, axis, options)));
}

export async function reconcile(options: StageOption): Promise<void> {
  await withCloud(options, async (cloud) => {
    const live = new DynamoLiveRanking(cloud.clients.documents, cloud.tables.config);
    const report = await reconcileSendEvents({
      lists: async () => [...EVERY_LIST],
      sentIn: (region, axis) => sentApplicationsIn(cloud.clients.documents, cloud.tables.sends, region, axis),
      live,
      sends: cloud.repositories.sends,
      republish: (send) =>
        new SqsSendEvents(cloud.clients.sqs, cloud.sendQueueUrl, () => new Date(), 'reconciler').publish(send),
      clock: () => new Date(),
    });
    process.stdout.write(
      `Invii registrati: ${report.sent}; eventi ripubblicati: ${report.republished.length} (${cloud.description}).\n`,
    );
    for (const token of report.republished) process.stdout.write(`  ${token}\n`);
  });
}

export async function showLive(regionInput: string, axisInput: string, options: StageOption): Promise<void> {
  const region = parseRegion(regionInput);
  const axis = parseAxis(axisInput);
  const problems = [
    ...(region ? [] : [`Regione o provincia autonoma sconosciuta "${regionInput}".`]),
    ...(axis ? [] : [`Asse sconosciuto "${axisInput}" (valori ammessi: 1.1, 1.2, 2, 3, 4, 5.1, 5.2).`]),
  ];
  if (!region || !axis) throw new BadInput(problems);
  await withCloud(options, async (cloud) => {
    const entries = await new DynamoLiveRanking(cloud.clients.documents, cloud.tables.config).list(region, axis);
    process.stdout.write(
      `Graduatoria provvisoria ${region}, asse ${axis}: ${count(entries.length, 'invio recepito', 'invii recepiti')}.\n`,
    );
    entries.forEach((e, i) => {
      process.stdout.write(`${String(i + 1).padStart(6)}  ${e.arrivalTime}  ${e.token}  ${e.receiptId}\n`);
    });
  });
}
