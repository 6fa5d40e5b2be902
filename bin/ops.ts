/**
 * `npx sportello-ops <command>` (or `npm run ops -- <command>`): the operator CLI. Each command lives in its own module
 * under `ops/` and registers itself in `ops/commands.ts` on the Italian root command of `ops/program.ts`; exit codes are set by
 * `ops/cli.ts` (0 ok, 1 bad input, 2 failure).
 */
import { programFor } from '#ops/commands';

programFor(process.argv.slice(2))
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    process.stderr.write(`Errore imprevisto: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
