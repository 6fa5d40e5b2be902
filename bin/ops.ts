/**
 * `npm run ops -- <command>`: the operator CLI (CONTRACT "Operator CLI"). Each command lives in its own module
 * under `ops/` and registers itself here; exit codes are set by `ops/cli.ts` (0 ok, 1 bad input, 2 failure).
 */
import { Command } from 'commander';
import { registerAnnul } from '#ops/annul';
import { EXIT_BAD_INPUT } from '#ops/cli';
import { registerEvents } from '#ops/events';
import { registerEvidence } from '#ops/evidence';
import { registerExport } from '#ops/export';
import { registerImport } from '#ops/import';
import { registerListsBuild } from '#ops/lists/build';
import { registerListsCompute } from '#ops/lists/compute';
import { registerListsPublish } from '#ops/lists/publish';
import { registerTimetable } from '#ops/timetable';
import { registerLogOpen } from '#ops/log/open';
import { registerLogSeal } from '#ops/log/seal';
import { registerLogVerify } from '#ops/log/verify';

const program = new Command('ops')
  .description('Sportello: comandi per l’operatore')
  .showHelpAfterError()
  .exitOverride((error) => {
    // Help and version are successes; every usage error (unknown command, missing option) is bad input.
    process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  });

const registrations: ((program: Command) => void)[] = [
  registerImport,
  registerTimetable,
  registerAnnul,
  registerEvidence,
  registerExport,
  registerListsCompute,
  registerListsBuild,
  registerListsPublish,
  registerEvents,
  registerLogOpen,
  registerLogSeal,
  registerLogVerify,
];
for (const register of registrations) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`Errore imprevisto: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
