/**
 * `outcomes import <file.csv>` (R22b): the documents outcome of every application in useful position. All or nothing,
 * as every import:
 * 1. read the file, listing every bad row with its line (header = line 1);
 * 2. compute the definitive lists from the record with these outcomes, exactly as `lists build --definitive` will:
 *    a token that is unknown, not in useful position (click-day `UTILE` or `NCD`), repeated or missing is a bad row;
 * 3. only then store the file as the current outcomes (the last import wins; earlier ones are kept) and append
 *    the import to the audit trail. With `--dry-run`, steps 1–2 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { publicationId } from '#domain/lists/publication';
import { RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import { parseOutcomes } from '#domain/lists/records';
import { action, BadInput, choice, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { readCsvFile } from './io.ts';
import { computeFromFiles } from './lists/compute.ts';
import { withRecordFiles } from './lists/record.ts';
import { choiceOption, type WriteOptions, writeCommand } from './options.ts';
import { dryRunLine } from './output.ts';
import { count, plural } from '#domain/kernel/plural';

interface ImportOptions extends WriteOptions {
  edition?: string;
  resolution: string;
}

export function registerOutcomes(program: Command): void {
  writeCommand(
    commandGroup(program, 'outcomes', 'Esiti della verifica documentale (R22b)')
      .command('import <file>')
      .description('Carica gli esiti (PERFEZIONATA o DECADUTA) delle domande in posizione utile: tutto o niente')
      .addOption(choiceOption('--edition <id>', 'bando (predefinito: quello configurato)', EDITION_IDS))
      .addOption(
        choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo degli elenchi', RESOLUTIONS, 'ms'),
      ),
  ).action(action((file: string, options: ImportOptions) => importOutcomes(file, options)));
}

export async function importOutcomes(file: string, options: ImportOptions): Promise<void> {
  if (options.edition !== undefined) choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  const rows = await readCsvFile(file, 'outcomes', parseOutcomes);
  const definitive = await withRecordFiles({ stage: options.stage }, (record) =>
    computeFromFiles({
      ...record,
      edition: options.edition ?? record.edition ?? 'isi2024',
      resolution: options.resolution,
      definitive: true,
      outcomes: file,
    }).catch((error: unknown) => {
      if (!(error instanceof BadInput)) throw error;
      const problems = error.problems.filter((p) => !p.startsWith('Nessun file scritto'));
      throw new BadInput([
        ...problems,
        `File rifiutato: ${count(problems.length, 'problema', 'problemi')}. Nessun esito caricato.`,
      ]);
    }),
  );
  const decayed = rows.filter((r) => r.outcome === 'DECADUTA').length;
  const summary = `${count(rows.length, 'esito', 'esiti')} (${count(rows.length - decayed, 'perfezionata', 'perfezionate')}, ${count(decayed, 'decaduta', 'decadute')}) per ${count(definitive.lists.length, 'elenco', 'elenchi')}`;
  if (options.dryRun) {
    process.stdout.write(`${dryRunLine(`file valido, caricherebbe ${summary}`)}\n`);
    return;
  }
  const now = new Date();
  const meta = {
    importId: publicationId(now, randomBytes(3).toString('hex')),
    importedAt: now.toISOString(),
    importedBy: `operator:${userInfo().username}`,
    rows: rows.length,
    source: basename(file),
    sha256: createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  };
  const intent = { writes: `sostituire gli esiti della verifica documentale con i ${rows.length} di ${file}` };
  await withCloud(
    options,
    async (cloud) => {
      await cloud.repositories.outcomes.replace(rows, meta);
      await cloud.repositories.audit.appendEvidence({
        kind: 'OUTCOMES_IMPORT',
        at: meta.importedAt,
        actor: meta.importedBy,
        subject: meta.importId,
        data: { ...meta, perfezionate: rows.length - decayed, decadute: decayed },
      });
      process.stdout.write(
        `${plural(rows.length, 'Caricato', 'Caricati')} ${summary} su ${cloud.description} (caricamento ${meta.importId}).\n`,
      );
    },
    intent,
  );
}
