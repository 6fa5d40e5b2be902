/**
 * What a command prints. stdout carries only the command's result — a JSON document with `--json`, else Italian
 * lines for a person; notices, progress and prompts go to stderr, so `sportello-ops … --json | jq` always parses.
 */
import type { JsonOption } from './options.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The result: `value` as JSON with `--json`, else the lines `human` makes of it. */
export function printResult<T>(options: JsonOption, value: T, human: (value: T) => string | readonly string[]): void {
  if (options.json) return printJson(value);
  const text = human(value);
  const lines = typeof text === 'string' ? [text] : text;
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

/** A line for the person at the terminal that is not the result (stderr). */
export function notice(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The one line a dry run prints about what it would have done. */
export function dryRunLine(what: string): string {
  return `Prova (--dry-run): ${what}. Nessuna modifica effettuata.`;
}
