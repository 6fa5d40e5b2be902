/**
 * `lists redistribute` (R22d–f): prints the allocation table (initial, new and difference per region × axis, the
 * *nuovo stanziamento a seguito della redistribuzione*) and every transfer (from, to, pass, euros), as CSV or with
 * `--json` as JSON; `--out <dir>` also writes them as `allocation-table.csv|json` and `transfers.csv|json`.
 * From the record and the current outcomes (as `lists build --definitive`), or offline from the files `lists compute
 * --definitive` reads when `--applications` is given. Nothing in the record changes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { DefinitiveLists } from '#domain/lists/definitive';
import { EDITION_IDS } from '#domain/lists/editions';
import { RESOLUTIONS } from '#domain/lists/ranking';
import { REDISTRIBUTION_FILES } from '#domain/lists/list-files';
import { allocationTableJson, transfersJson } from '#domain/lists/redistribution/allocation-table';
import { action, BadInput, commandGroup } from '#ops/cli';
import { type StageOption, writeFileAtomically } from '#ops/io';
import { choiceOption, readCommand } from '#ops/options';
import { computeFromFiles } from './compute.ts';
import { withRecordFiles } from './record.ts';

interface RedistributeOptions extends StageOption {
  applications?: string;
  sends?: string;
  allocations?: string;
  annulments?: string;
  outcomes?: string;
  ncd?: string;
  edition?: string;
  resolution: string;
  out?: string;
  json?: boolean;
}

export function registerListsRedistribute(program: Command): void {
  readCommand(
    commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
      .command('redistribute')
      .description('Stampa la tabella degli stanziamenti dopo la redistribuzione (R22) e ogni trasferimento')
      .option('--applications <csv>', 'domande (senza: dal registro e dagli esiti caricati)')
      .option('--sends <csv>', 'invii')
      .option('--allocations <csv>', 'stanziamenti')
      .option('--annulments <csv>', 'annullamenti')
      .option('--outcomes <csv>', 'esiti della verifica documentale')
      .option('--ncd <json>', 'decisione NCD congelata (R22a)')
      .addOption(choiceOption('--edition <id>', 'bando', EDITION_IDS))
      .addOption(choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo', RESOLUTIONS, 'ms'))
      .option('--out <dir>', 'scrive anche allocation-table.csv|json e transfers.csv|json in questa cartella'),
  ).action(action((options: RedistributeOptions) => redistributeLists(options)));
}

export async function redistributeLists(options: RedistributeOptions): Promise<void> {
  const lists = await definitive(options);
  const { redistribution } = lists;
  if (options.json) {
    process.stdout.write(
      `{"allocationTable":${allocationTableJson(redistribution).trim()},\n"transfers":${transfersJson(redistribution).trim()}}\n`,
    );
  } else {
    process.stdout.write(`Nuovo stanziamento a seguito della redistribuzione (${redistribution.edition}):\n`);
    process.stdout.write(REDISTRIBUTION_FILES['allocation-table.csv'](redistribution));
    process.stdout.write(`\nTrasferimenti (${redistribution.transfers.length}):\n`);
    process.stdout.write(REDISTRIBUTION_FILES['transfers.csv'](redistribution));
  }
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    for (const [name, write] of Object.entries(REDISTRIBUTION_FILES)) {
      await writeFileAtomically(join(options.out, name), write(redistribution));
    }
  }
}

async function definitive(options: RedistributeOptions): Promise<DefinitiveLists> {
  const common = { resolution: options.resolution, definitive: true };
  const fromFiles = [options.applications, options.sends, options.allocations, options.outcomes];
  if (fromFiles.every((f) => f === undefined)) {
    return withRecordFiles({ stage: options.stage, outcomes: true }, (files) =>
      computeFromFiles({ ...files, ...common, edition: options.edition ?? files.edition ?? 'isi2024' }),
    ) as Promise<DefinitiveLists>;
  }
  const [applications, sends, allocations, outcomes] = fromFiles;
  if (!applications || !sends || !allocations || !outcomes) {
    throw new BadInput([
      'Dai file servono --applications, --sends, --allocations e --outcomes (senza nessuno dei quattro: dal registro).',
    ]);
  }
  return computeFromFiles({
    applications,
    sends,
    allocations,
    outcomes,
    ...(options.annulments ? { annulments: options.annulments } : {}),
    ...(options.ncd ? { ncd: options.ncd } : {}),
    ...common,
    edition: options.edition ?? 'isi2024',
  }) as Promise<DefinitiveLists>;
}
