/** `evidence list`: the recorded rule evidence (session overlaps R11, annulments R19, …), oldest first. */
import type { Command } from 'commander';
import type { AuditRecord } from '#domain/kernel/audit';
import { action, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type ReadOptions, readCommand } from './options.ts';
import { printResult } from './output.ts';
import { count } from '#domain/kernel/plural';

export function registerEvidence(program: Command): void {
  readCommand(
    commandGroup(program, 'evidence', 'Evidenze registrate delle regole (R11, R19)')
      .command('list')
      .description('Elenca le evidenze: sessioni sovrapposte, annullamenti e altre (con --json: un array)'),
  ).action(action((options: ReadOptions) => listEvidence(options)));
}

export async function listEvidence(options: ReadOptions): Promise<void> {
  await withCloud(options, async (cloud) => {
    const records = await cloud.repositories.audit.listEvidence();
    printResult(options, records, (all) =>
      all.length === 0
        ? `Nessuna evidenza registrata su ${cloud.description}.`
        : [
            `${count(all.length, 'evidenza registrata', 'evidenze registrate')} su ${cloud.description}:`,
            ...all.map(describe),
          ],
    );
  });
}

function describe(record: AuditRecord): string {
  const data = record.data ? ` ${JSON.stringify(record.data)}` : '';
  return `${record.at}  ${record.kind.padEnd(16)} ${record.subject ?? '-'}  (${record.actor})${data}`;
}
