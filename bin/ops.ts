/**
 * `npx sportello-ops <command>` (or `npm run ops -- <command>`): the operator CLI. Each command lives in its own module
 * under `ops/` and registers itself here on the Italian root command of `ops/program.ts`; exit codes are set by
 * `ops/cli.ts` (0 ok, 1 bad input, 2 failure).
 */
import type { Command } from 'commander';
import { registerAnnul } from '#ops/annul';
import { registerEvents } from '#ops/events';
import { registerEvidence } from '#ops/evidence';
import { registerExport } from '#ops/export';
import { registerImport } from '#ops/import';
import { registerListsBuild } from '#ops/lists/build';
import { registerListsCompute } from '#ops/lists/compute';
import { registerListsPublish } from '#ops/lists/publish';
import { createProgram } from '#ops/program';
import { registerTimetable } from '#ops/timetable';

const program = createProgram();

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
];
for (const register of registrations) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`Errore imprevisto: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
