/**
 * `lists build [--edition] [--resolution ms|s] --out <dir>`: the chronological lists from the record — the recorded
 * first sends, the annulments, the applications and the allocations as stored — never from the queue.
 * 1. read the record and write it as the four CONTRACT CSV files in a private temporary folder (the same bytes
 *    `export sends|annulments|applications|allocations` write);
 * 2. run exactly `lists compute` on them, so that build and compute cannot disagree by construction;
 * 3. remove the temporary folder. Bad data in the record (e.g. a send of an unknown token) exits 1, nothing written.
 * `--dry-run` does all of it but writing `--out`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { allocationsCsv, annulmentsCsv, applicationsCsv, sendsCsv } from '#domain/lists/export-files';
import { RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import { action, BadInput, choice, commandGroup } from '#ops/cli';
import { withCloud } from '#ops/cloud';
import { type StageOption, withStage } from '#ops/io';
import { choiceOption, type DryRunOption, fileCommand } from '#ops/options';
import { countScanned, progress } from '#ops/progress';
import { runListsCompute } from './compute.ts';

interface BuildOptions extends StageOption, DryRunOption {
  edition?: string;
  resolution: string;
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
        .requiredOption('--out <dir>', 'cartella di destinazione'),
    ),
  ).action(action((options: BuildOptions) => buildLists(options)));
}

export async function buildLists(options: BuildOptions): Promise<void> {
  // Checked before the record is read: a typo costs nothing.
  if (options.edition !== undefined) choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  const inputs = await mkdtemp(join(tmpdir(), 'sportello-lists-build-'));
  const bar = progress('Lettura del registro', undefined, 'righe lette');
  try {
    const edition = await withCloud(options, async (cloud) => {
      countScanned(cloud.clients.dynamo, bar);
      const { applications, sends, config } = cloud.repositories;
      const [apps, recorded, allocations, configured] = await Promise.all([
        applications.listAll(),
        sends.listAll(),
        config.allocations(),
        config.edition(),
      ]);
      await Promise.all([
        writeFile(join(inputs, 'applications.csv'), applicationsCsv(apps)),
        writeFile(join(inputs, 'sends.csv'), sendsCsv(recorded)),
        writeFile(join(inputs, 'allocations.csv'), allocationsCsv(allocations)),
        writeFile(join(inputs, 'annulments.csv'), annulmentsCsv(apps)),
      ]);
      return options.edition ?? configured ?? 'isi2024';
    }).finally(() => bar.stop());
    try {
      await runListsCompute({
        applications: join(inputs, 'applications.csv'),
        sends: join(inputs, 'sends.csv'),
        allocations: join(inputs, 'allocations.csv'),
        annulments: join(inputs, 'annulments.csv'),
        edition,
        resolution: options.resolution,
        out: options.out,
        ...(options.dryRun ? { dryRun: true } : {}),
      });
    } catch (error) {
      // Problems of the record name a file (`file invii, riga 3, …`); those of --out are passed on as they are.
      if (!(error instanceof BadInput && error.problems.some((p) => p.startsWith('file ')))) throw error;
      // Lines refer to the files `export sends|annulments|applications|allocations` would write now.
      throw new BadInput([
        'Il registro non permette di calcolare gli elenchi (righe riferite ai file di "export"):',
        ...error.problems,
      ]);
    }
  } finally {
    await rm(inputs, { recursive: true, force: true });
  }
}
