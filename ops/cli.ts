/**
 * Shared plumbing of the operator CLI (CONTRACT "Operator CLI"): exit 0 on success, 1 on bad input (every problem
 * on stderr, nothing written), 2 on any other failure. Commands throw `BadInput` for the operator's mistakes;
 * anything else is a failure of ours or of the environment.
 */
import type { Command } from 'commander';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_FAILURE = 2;

/** The operator's input is wrong; `problems` are Italian lines, each printed on its own line of stderr. */
export class BadInput extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'BadInput';
  }
}

/** The environment failed in a way the operator can act on (no cloud running, no credentials): exit 2, message only. */
export class OperationFailed extends Error {
  override readonly name = 'OperationFailed';
}

/** Runs a command action and turns its outcome into the contract's exit code. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
      process.exitCode = EXIT_OK;
    } catch (error) {
      if (error instanceof BadInput) {
        for (const problem of error.problems) process.stderr.write(`${problem}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      } else if (error instanceof OperationFailed) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = EXIT_FAILURE;
      } else {
        process.stderr.write(`Errore imprevisto: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    }
  };
}

/** The subcommand group `name` (e.g. `lists`), created once and shared by every module that adds to it. */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((command) => command.name() === name);
  if (existing) return existing;
  // `program.command` (not `addCommand`) so the group inherits exit and output settings.
  return program.command(name).description(description);
}

/** A choice option's value, refused as bad input when not one of `allowed`. */
export function choice<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BadInput([
    `Valore non ammesso per ${option}: ${JSON.stringify(value)}. Valori ammessi: ${allowed.join(', ')}.`,
  ]);
}
