/** `evidence list`: the recorded rule evidence (session overlaps R11, annulments R19, …), oldest first. */
import type { Command } from 'commander';
import type { AuditRecord } from '#domain/kernel/audit';
import { action, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type StageOption, withStage } from './io.ts';
import { count } from '#domain/kernel/plural';

interface ListOptions extends StageOption {
  json?: boolean;
}

export function registerEvidence(program: Command): void {
  withStage(
    commandGroup(program, 'evidence', 'Evidenze registrate delle regole (R11, R19)')
      .command('list')
      .description('Elenca le evidenze: sessioni sovrapposte, annullamenti e altre')
      .option('--json', 'una riga JSON per evidenza'),
  ).action(action((options: ListOptions) => listEvidence(options)));
}

export async function listEvidence(options: ListOptions): Promise<void> {
  await withCloud(options, async (cloud) => {
    const records = await cloud.repositories.audit.listEvidence();
    if (options.json) {
      process.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      return;
    }
    if (records.length === 0) {
      process.stdout.write(`Nessuna evidenza registrata su ${cloud.description}.\n`);
      return;
    }
    process.stdout.write(
      `${count(records.length, 'evidenza registrata', 'evidenze registrate')} su ${cloud.description}:\n`,
    );
    process.stdout.write(records.map(describe).join(''));
  });
}

function describe(record: AuditRecord): string {
  const data = record.data ? ` ${JSON.stringify(record.data)}` : '';
  return `${record.at}  ${record.kind.padEnd(16)} ${record.subject ?? '-'}  (${record.actor})${data}\n`;
}
