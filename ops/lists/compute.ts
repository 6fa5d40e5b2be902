/**
 * `lists compute`: the chronological lists from CSV files, offline and pure (CONTRACT "Operator CLI").
 * 1. read and check every file, collecting every problem; 2. check the records against each other;
 * 3. compute the lists; 4. write them all at once (not with `--dry-run`). Any problem in 1–2 exits 1 with nothing
 * written.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { decodeUtf8 } from '#domain/lists/files/csv';
import { computeLists, RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import {
  describeProblem,
  type InputProblem,
  type Parsed,
  parseAllocations,
  parseAnnulments,
  parseApplications,
  parseSends,
} from '#domain/lists/records';
import { action, BadInput, choice, commandGroup } from '#ops/cli';
import { choiceOption, type DryRunOption, fileCommand } from '#ops/options';
import { dryRunLine } from '#ops/output';
import { writeLists } from './output.ts';
import { count, plural } from '#domain/kernel/plural';

interface ComputeOptions extends DryRunOption {
  applications: string;
  sends: string;
  allocations: string;
  annulments?: string;
  edition: string;
  resolution: string;
  out: string;
}

export function registerListsCompute(program: Command): void {
  fileCommand(
    commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
      .command('compute')
      .description('Calcola gli elenchi cronologici da file CSV, senza cloud: stessi byte di "lists build"')
      .requiredOption('--applications <csv>', 'domande')
      .requiredOption('--sends <csv>', 'invii')
      .requiredOption('--allocations <csv>', 'stanziamenti per regione e asse')
      .option('--annulments <csv>', 'annullamenti')
      .addOption(choiceOption('--edition <id>', 'bando', EDITION_IDS, 'isi2024'))
      .addOption(choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo', RESOLUTIONS, 'ms'))
      .requiredOption('--out <dir>', 'cartella di destinazione'),
  ).action(action((options: ComputeOptions) => runListsCompute(options)));
}

export async function runListsCompute(options: ComputeOptions): Promise<void> {
  const edition = choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  const resolution = choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  const [applications, sends, allocations, annulments] = await Promise.all([
    readRecords(options.applications, 'applications', parseApplications),
    readRecords(options.sends, 'sends', parseSends),
    readRecords(options.allocations, 'allocations', parseAllocations),
    options.annulments === undefined
      ? ({ ok: true, records: [] } as const)
      : readRecords(options.annulments, 'annulments', parseAnnulments),
  ]);
  const problems = [applications, sends, allocations, annulments].flatMap((p) => (p.ok ? [] : p.problems));
  if (!applications.ok || !sends.ok || !allocations.ok || !annulments.ok) throw badInput(problems);
  const outcome = computeLists(
    {
      applications: applications.records,
      sends: sends.records,
      allocations: allocations.records,
      annulments: annulments.records,
    },
    { edition, resolution },
  );
  if (!outcome.ok) throw badInput(outcome.problems);
  if (options.dryRun) {
    const count = outcome.lists.lists.length;
    process.stdout.write(`${dryRunLine(`scriverebbe ${count} elenchi e lists.json in ${options.out}`)}\n`);
    return;
  }
  const written = await writeLists(outcome.lists, options.out);
  process.stdout.write(
    `${plural(written.length - 1, 'Scritto', 'Scritti')} ${count(written.length - 1, 'elenco', 'elenchi')} e lists.json in ${options.out}\n`,
  );
}

async function readRecords<T>(
  path: string,
  file: InputProblem['file'],
  parse: (text: string) => Parsed<T>,
): Promise<Parsed<T>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file inesistente' : 'file non leggibile';
    return { ok: false, problems: [{ file, message: `${reason}: ${path}` }] };
  }
  const text = decodeUtf8(bytes, file);
  return text.ok ? parse(text.text) : { ok: false, problems: [text.problem] };
}

function badInput(problems: readonly InputProblem[]): BadInput {
  const lines = problems.map(describeProblem);
  return new BadInput([
    ...lines,
    `Nessun file scritto: ${count(problems.length, 'problema', 'problemi')} nei dati di ingresso.`,
  ]);
}
