/** The operator CLI's commands, registered on the Italian root command of `program.ts`. */
import type { Command } from 'commander';
import { createProgram } from './program.ts';
import { registerAnnul } from './annul.ts';
import { registerEvents } from './events.ts';
import { registerEvidence } from './evidence.ts';
import { registerExport } from './export.ts';
import { registerImport } from './import.ts';
import { registerListsBuild } from './lists/build.ts';
import { registerListsCompute } from './lists/compute.ts';
import { registerListsNcd } from './lists/ncd.ts';
import { registerListsPublish } from './lists/publish.ts';
import { registerListsRedistribute } from './lists/redistribute.ts';
import { registerOutcomes } from './outcomes.ts';
import { registerPrivacy } from './privacy.ts';
import { registerLogOpen } from './log/open.ts';
import { registerLogSeal } from './log/seal.ts';
import { registerLogVerify } from './log/verify.ts';
import { registerDrawReveal } from './draw/reveal.ts';
import { registerTimetable } from './timetable.ts';

/** Every command, in the order the help lists them. A new command module adds its `register…` here. */
const registrations: ((program: Command) => void)[] = [
  registerImport,
  registerOutcomes,
  registerTimetable,
  registerAnnul,
  registerEvidence,
  registerExport,
  registerListsCompute,
  registerListsBuild,
  registerListsPublish,
  registerListsNcd,
  registerListsRedistribute,
  registerEvents,
  registerLogOpen,
  registerLogSeal,
  registerLogVerify,
  registerDrawReveal,
  registerPrivacy,
];
/** The operator CLI with every command registered (`bin/ops.ts` parses the command line with it; tests walk it). */
export function buildProgram(): Command {
  const program = createProgram();
  for (const register of registrations) register(program);
  return program;
}
