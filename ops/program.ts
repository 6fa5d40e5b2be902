/**
 * The operator CLI's root command (`sportello-ops`, `npm run ops --`), set up once so that every command registered on
 * it inherits the same behaviour: help and usage errors in Italian, `--version`, usage errors on stderr with exit 1
 * (CONTRACT: bad input), help and version on stdout with exit 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK } from './cli.ts';
import { ITALIAN_HELP, ItalianCommand } from './italian.ts';

export const PROGRAM_NAME = 'sportello-ops';

function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

export function createProgram(): Command {
  return new ItalianCommand(PROGRAM_NAME)
    .description('Sportello: comandi per l’operatore (cloud locale, oppure uno stage AWS con --stage)')
    .version(projectVersion(), '-V, --version', 'mostra la versione e termina')
    .helpOption('-h, --help', 'mostra questo aiuto')
    .helpCommand('help [comando]', 'mostra l’aiuto di un comando')
    .configureHelp(ITALIAN_HELP)
    .showHelpAfterError('(aggiungere --help per l’elenco di comandi e opzioni)')
    .exitOverride((error) => {
      // Help and version are successes; every usage error (unknown command, missing option) is bad input.
      process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT);
    });
}
