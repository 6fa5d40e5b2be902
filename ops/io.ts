/**
 * Plumbing shared by the cloud commands: the `--stage` option, reading an operator's CSV file with every problem
 * listed, and writing an output file all at once (a temporary sibling renamed into place: never half a file).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkUtf8, type CsvInput } from '#domain/lists/files/csv';
import { describeProblem, type InputProblem, type Parsed } from '#domain/lists/records';
import { BadInput } from './cli.ts';
import { count } from '#domain/kernel/plural';

export interface StageOption {
  stage?: string;
}

/** Adds `--stage <name>` (a deployed stage, with the caller's AWS credentials) to a cloud command. */
export function withStage(command: Command): Command {
  return command.option('--stage <name>', 'stage AWS (es. dev, prod) invece del cloud locale');
}

/** Reads and parses one CSV file; any problem (missing file, encoding, rows) becomes BadInput listing all of them. */
export async function readCsvFile<T>(
  path: string,
  file: InputProblem['file'],
  parse: (input: CsvInput) => Parsed<T>,
): Promise<T[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file inesistente' : 'file non leggibile';
    throw new BadInput([`${reason}: ${path}`, 'Nessuna modifica effettuata.']);
  }
  const encoding = checkUtf8(bytes, file);
  const parsed = encoding ? ({ ok: false, problems: [encoding] } as const) : parse(bytes);
  if (!parsed.ok) throw rowsRefused(parsed.problems);
  return parsed.records;
}

export function rowsRefused(problems: readonly InputProblem[]): BadInput {
  const rows = new Set(problems.map((p) => p.line)).size;
  return new BadInput([
    ...problems.map(describeProblem),
    `File rifiutato: ${count(problems.length, 'problema', 'problemi')} in ${count(rows, 'riga', 'righe')}. Nessuna modifica effettuata.`,
  ]);
}

/** Writes `content` to `path` atomically; refuses a path whose folder does not exist (bad input). */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const staging = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(staging, content, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BadInput([`Cartella inesistente: ${dirname(target)}`]);
    throw error;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
}
