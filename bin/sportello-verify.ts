/**
 * `npx sportello-verify <url-or-folder>`: the standalone verifier of a verifiable click day (docs/transparency.md).
 * No AWS, no account: it reads the public files of the site (or a folder copy of them), checks the signed checkpoint,
 * recomputes the log's root from every tile, checks the log's rules, and recomputes every published list byte for
 * byte. Exit 0: everything verified; 1: a check failed (the message names the file); 2: the files could not be read.
 */
import { Command } from 'commander';
import { action, EXIT_BAD_INPUT } from '#ops/cli';
import { publishedFilesAt } from '#ops/log/published-files';
import { type VerificationFlags, verifyAndReport, withVerificationFlags } from '#ops/log/verification';

const program = withVerificationFlags(
  new Command('sportello-verify')
    .description('Verifica il registro pubblico degli invii e ricalcola gli elenchi pubblicati')
    .argument('<url-or-folder>', 'indirizzo del sito (https://…) o cartella con la stessa struttura (log/, lists/)')
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT)),
).action(action((target: string, flags: VerificationFlags) => verifyAndReport(publishedFilesAt(target), flags)));

void program.parseAsync(process.argv);
