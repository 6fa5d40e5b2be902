/**
 * The options every command of one kind takes, added by one call so that a new command gets them all:
 * - `readCommand`: `--stage` and `--json` (one JSON document on stdout, nothing else there);
 * - `writeCommand`: `--stage`, `--dry-run` (everything checked and reported, nothing written: the cloud clients refuse
 *   any write, see `cloud.ts`) and `--yes` (no typed confirmation on `--stage prod`, see `confirm.ts`);
 * - `fileCommand`: `--dry-run` for a command that writes local files only;
 * - `choiceOption`: an option whose values commander checks and the help lists.
 */
import { type Command, Option } from 'commander';
import { type StageOption, withStage } from './io.ts';

export interface JsonOption {
  json?: boolean;
}

export interface DryRunOption {
  dryRun?: boolean;
}

export interface ReadOptions extends StageOption, JsonOption {}

export interface WriteOptions extends StageOption, DryRunOption {
  yes?: boolean;
}

export function withJson(command: Command): Command {
  return command.option('--json', 'risultato in JSON su stdout (un solo documento)');
}

export function withDryRun(command: Command): Command {
  return command.option('--dry-run', 'prova: controlla e mostra cosa farebbe, senza scrivere nulla');
}

export function readCommand(command: Command): Command {
  return withJson(withStage(command));
}

export function writeCommand(command: Command): Command {
  return withDryRun(withStage(command)).option(
    '--yes',
    'con --stage prod: non chiedere la conferma (per gli script; usare con cautela)',
  );
}

export function fileCommand(command: Command): Command {
  return withDryRun(command);
}

export function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  defaultValue?: string,
): Option {
  const option = new Option(flags, description).choices(choices);
  return defaultValue === undefined ? option : option.default(defaultValue);
}
