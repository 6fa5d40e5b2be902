/**
 * `lists build [--edition] [--resolution ms|s] [--definitive] --out <dir>`: the chronological lists from the record —
 * the recorded first sends, the annulments, the applications and the allocations as stored, R22a's frozen NCD
 * decision — never from the queue; with `--definitive`, the definitive lists and the redistribution from the current
 * documents outcomes (`outcomes import`).
 * 1. write the record as the input files of `lists compute` in a private temporary folder (`record.ts`);
 * 2. run exactly `lists compute` on them, so that build and compute cannot disagree by construction;
 * 3. remove the temporary folder. Bad data in the record (e.g. a send of an unknown token) exits 1, nothing written.
 * `--dry-run` does all of it but writing `--out`.
 */
import type { Command } from 'commander';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import { action, choice, commandGroup } from '#ops/cli';
import { type StageOption, withStage } from '#ops/io';
import { choiceOption, type DryRunOption, fileCommand } from '#ops/options';
import { runListsCompute } from './compute.ts';
import { withRecordFiles } from './record.ts';

interface BuildOptions extends StageOption, DryRunOption {
  edition?: string;
  resolution: string;
  definitive?: boolean;
  out: string;
}

export function registerListsBuild(program: Command): void {
  fileCommand(
    withStage(
      commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
        .command('build')
        .description('Calcola gli elenchi cronologici dal registro degli invii e degli annullamenti')
        .addOption(
          choiceOption('--edition <id>', 'bando (predefinito: quello configurato, altrimenti isi2024)', EDITION_IDS),
        )
        .addOption(choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo', RESOLUTIONS, 'ms'))
        .option('--definitive', 'elenchi definitivi e redistribuzione, dagli esiti caricati con "outcomes import"')
        .requiredOption('--out <dir>', 'cartella di destinazione'),
    ),
  ).action(action((options: BuildOptions) => buildLists(options)));
}

export async function buildLists(options: BuildOptions): Promise<void> {
  // Checked before the record is read: a typo costs nothing.
  if (options.edition !== undefined) choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  await withRecordFiles({ stage: options.stage, outcomes: options.definitive === true }, (files) =>
    runListsCompute({
      ...files,
      edition: options.edition ?? files.edition ?? 'isi2024',
      resolution: options.resolution,
      definitive: options.definitive === true,
      out: options.out,
      ...(options.dryRun ? { dryRun: true } : {}),
    }),
  );
}
