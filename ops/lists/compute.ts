/**
 * `lists compute`: the chronological lists from CSV files, offline and pure (CONTRACT "Operator CLI").
 * 1. read and check every file, collecting every problem; 2. check the records against each other;
 * 3. compute the lists (with `--definitive`, then the definitive lists and the redistribution, R22c–f);
 * 4. write them all at once (not with `--dry-run`). Any problem in 1–3 exits 1 with nothing written.
 * `--ncd <file>` gives R22a's frozen decision (`lists ncd show --json`); without it every list follows R17c.
 * `--rules <file>` (the log's entry 0) with `--seed` and `--sealed-root`: an edition allocated by window draw, ordered
 * by the draw exactly as `sportello-verify` recomputes it (`ops/draw/lists-draw.ts`).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type DefinitiveLists, definitiveLists } from '#domain/lists/definitive';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { type FrozenNcdLookup, FrozenNcdFileSchema, frozenNcdLookup } from '#domain/lists/ncd-frozen';
import { type ComputedLists, computeLists, RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import {
  describeProblem,
  type InputProblem,
  type OutcomeRow,
  parseAllocations,
  parseAnnulments,
  parseRankedApplications,
  parseOutcomes,
} from '#domain/lists/records';
import { action, BadInput, choice, commandGroup } from '#ops/cli';
import { choiceOption, type DryRunOption, fileCommand } from '#ops/options';
import { dryRunLine } from '#ops/output';
import { writeLists } from './output.ts';
import { readRecords } from './read-records.ts';
import { readSendsInParallel } from './sends-reader.ts';
import { count, plural } from '#domain/kernel/plural';
import { type DrawOptions, readListsDraw } from '#ops/draw/lists-draw';

export interface ComputeOptions extends DryRunOption, DrawOptions {
  applications: string;
  sends: string;
  allocations: string;
  annulments?: string;
  ncd?: string;
  definitive?: boolean;
  outcomes?: string;
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
      .option('--ncd <json>', 'decisione NCD congelata (R22a), come la stampa "lists ncd show --json"')
      .option('--definitive', 'elenchi definitivi e redistribuzione (R22): richiede --outcomes')
      .option('--outcomes <csv>', 'esiti della verifica documentale (R22b)')
      .option('--rules <file>', 'sorteggio: la voce 0 (regole) del registro, se dice allocation window-draw')
      .option('--seed <hex>', 'sorteggio: il seme rivelato (64 cifre esadecimali), con --rules')
      .option('--sealed-root <base64>', 'sorteggio: la radice del checkpoint di chiusura (seal), con --rules')
      .addOption(choiceOption('--edition <id>', 'bando', EDITION_IDS, 'isi2024'))
      .addOption(choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo', RESOLUTIONS, 'ms'))
      .requiredOption('--out <dir>', 'cartella di destinazione'),
  ).action(action((options: ComputeOptions) => runListsCompute(options)));
}

export async function runListsCompute(options: ComputeOptions): Promise<void> {
  const computed = await computeFromFiles(options);
  const lists = computed.lists.length;
  const definitive = 'redistribution' in computed;
  const what = `${count(lists, definitive ? 'elenco definitivo' : 'elenco', definitive ? 'elenchi definitivi' : 'elenchi')}${
    definitive ? ', lists.json, la tabella degli stanziamenti e i trasferimenti' : ' e lists.json'
  }`;
  if (options.dryRun) {
    process.stdout.write(`${dryRunLine(`scriverebbe ${what} in ${options.out}`)}\n`);
    return;
  }
  await writeLists(computed, options.out);
  process.stdout.write(`${plural(lists, 'Scritto', 'Scritti')} ${what} in ${options.out}\n`);
}

/** Steps 1–3: the lists (definitive ones with `--definitive`), or BadInput listing every problem. */
export async function computeFromFiles(
  options: Omit<ComputeOptions, 'out' | 'dryRun'>,
): Promise<ComputedLists | DefinitiveLists> {
  const edition = choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  const resolution = choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  if (options.definitive && options.outcomes === undefined)
    throw new BadInput(['Con --definitive indicare il file degli esiti con --outcomes <csv>.']);
  if (!options.definitive && options.outcomes !== undefined)
    throw new BadInput(['--outcomes vale solo con --definitive: aggiungerlo, oppure togliere --outcomes.']);
  const none = { ok: true, records: [] } as const;
  const frozenNcd = await readFrozenNcd(options.ncd);
  const draw = await readListsDraw(options, edition, resolution);
  // The two large files at once, sends on a worker thread (`sends-reader.ts`); the small ones after. Awaited together,
  // so that a worker failing while the applications are read is a failure of the command, not an unhandled rejection.
  const [applications, sends] = await Promise.all([
    readRecords(options.applications, 'applications', parseRankedApplications),
    readSendsInParallel(options.sends),
  ]);
  const allocations = await readRecords(options.allocations, 'allocations', parseAllocations);
  const annulments =
    options.annulments === undefined ? none : await readRecords(options.annulments, 'annulments', parseAnnulments);
  const outcomes =
    options.outcomes === undefined ? none : await readRecords<OutcomeRow>(options.outcomes, 'outcomes', parseOutcomes);
  const problems = [applications, sends, allocations, annulments, outcomes].flatMap((p) => (p.ok ? [] : p.problems));
  if (!applications.ok || !sends.ok || !allocations.ok || !annulments.ok || !outcomes.ok) throw badInput(problems);
  const outcome = computeLists(
    {
      applications: applications.records,
      sends: sends.records,
      allocations: allocations.records,
      annulments: annulments.records,
    },
    { edition, resolution, ...(frozenNcd ? { frozenNcd } : {}), ...(draw ? { draw } : {}) },
  );
  if (!outcome.ok) throw badInput(outcome.problems);
  if (!options.definitive) return outcome.lists;
  const definitive = definitiveLists(outcome.lists, allocations.records, outcomes.records);
  if (!definitive.ok) throw badInput(definitive.problems);
  return definitive.lists;
}

async function readFrozenNcd(path: string | undefined): Promise<FrozenNcdLookup | undefined> {
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file inesistente' : 'non è un JSON valido';
    throw new BadInput([`--ncd ${path}: ${reason}. Nessun file scritto.`]);
  }
  const parsed = FrozenNcdFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => `--ncd ${path}, ${i.path.join('.')}: ${i.message}`);
    throw new BadInput([...problems, 'Nessun file scritto: il file deve essere quello di "lists ncd show --json".']);
  }
  return frozenNcdLookup(parsed.data.lists);
}

function badInput(problems: readonly InputProblem[]): BadInput {
  const lines = problems.map(describeProblem);
  return new BadInput([
    ...lines,
    `Nessun file scritto: ${count(problems.length, 'problema', 'problemi')} nei dati di ingresso.`,
  ]);
}
