/**
 * `evidence list`: the recorded rule evidence (session overlaps R11, token participant changes, annulments R19, …)
 * and, beside it, the sends that came faster after their form than a person can type (R16: `--fast-send-ms`, default
 * 1500): oldest first, as text or one JSON line per item (`--json`).
 */
import type { Command } from 'commander';
import { FAST_SEND_MS, fastSends } from '#domain/counter/automation';
import type { AuditRecord } from '#domain/kernel/audit';
import { action, BadInput, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type ReadOptions, readCommand } from './options.ts';
import { printResult } from './output.ts';
import { count } from '#domain/kernel/plural';

interface ListOptions extends ReadOptions {
  fastSendMs?: string;
}

export function registerEvidence(program: Command): void {
  readCommand(
    commandGroup(program, 'evidence', 'Evidenze registrate delle regole (R11, R16, R19)')
      .command('list')
      .description(
        'Elenca le evidenze: sessioni sovrapposte, cambi di partecipante, annullamenti e gli invii troppo rapidi ' +
          '(con --json: un array)',
      )
      .option(
        '--fast-send-ms <ms>',
        `segnala gli invii arrivati meno di tanti millisecondi dopo il modulo (predefinito ${FAST_SEND_MS})`,
      ),
  ).action(action((options: ListOptions) => listEvidence(options)));
}

export async function listEvidence(options: ListOptions): Promise<void> {
  const threshold = thresholdOf(options.fastSendMs);
  await withCloud(options, async (cloud) => {
    const recorded = await cloud.repositories.audit.listEvidence();
    const fast = fastSends(await cloud.repositories.sends.listAll(), threshold);
    const records = [...recorded, ...fast].sort((a, b) => a.at.localeCompare(b.at));
    printResult(options, records, (all) =>
      all.length === 0
        ? `Nessuna evidenza registrata su ${cloud.description}.`
        : [
            `${count(all.length, 'evidenza', 'evidenze')} su ${cloud.description} (di cui ${count(fast.length, 'invio più rapido', 'invii più rapidi')} di ${threshold} ms dal modulo):`,
            ...all.map(describe),
          ],
    );
  });
}

function thresholdOf(text: string | undefined): number {
  if (text === undefined) return FAST_SEND_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new BadInput([`--fast-send-ms deve essere un numero intero di millisecondi maggiore di zero: "${text}".`]);
  }
  return ms;
}

function describe(record: AuditRecord): string {
  const data = record.data ? ` ${JSON.stringify(record.data)}` : '';
  return `${record.at}  ${record.kind.padEnd(16)} ${record.subject ?? '-'}  (${record.actor})${data}`;
}
