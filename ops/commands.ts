/**
 * The operator CLI's commands, registered on the Italian root command of `program.ts`. Each command module is
 * imported only when needed: a command line that names one command loads that module alone (`lists compute` does
 * not load the SDK clients of the cloud commands), anything else (help, an unknown command) loads them all.
 */
import type { Command } from 'commander';
import { createProgram } from './program.ts';

type Register = (program: Command) => void;

/**
 * Every command module, in the order the help lists them: the words that select it on the command line, and its
 * registration. A new command module adds its entry here.
 */
const COMMANDS: readonly { words: readonly string[]; load: () => Promise<Register> }[] = [
  { words: ['import'], load: async () => (await import('./import.ts')).registerImport },
  { words: ['outcomes'], load: async () => (await import('./outcomes.ts')).registerOutcomes },
  { words: ['timetable'], load: async () => (await import('./timetable.ts')).registerTimetable },
  { words: ['annul'], load: async () => (await import('./annul.ts')).registerAnnul },
  { words: ['evidence'], load: async () => (await import('./evidence.ts')).registerEvidence },
  { words: ['export'], load: async () => (await import('./export.ts')).registerExport },
  { words: ['lists', 'compute'], load: async () => (await import('./lists/compute.ts')).registerListsCompute },
  { words: ['lists', 'build'], load: async () => (await import('./lists/build.ts')).registerListsBuild },
  { words: ['lists', 'publish'], load: async () => (await import('./lists/publish.ts')).registerListsPublish },
  { words: ['lists', 'ncd'], load: async () => (await import('./lists/ncd.ts')).registerListsNcd },
  {
    words: ['lists', 'redistribute'],
    load: async () => (await import('./lists/redistribute.ts')).registerListsRedistribute,
  },
  { words: ['events'], load: async () => (await import('./events.ts')).registerEvents },
  { words: ['log', 'open'], load: async () => (await import('./log/open.ts')).registerLogOpen },
  { words: ['log', 'seal'], load: async () => (await import('./log/seal.ts')).registerLogSeal },
  { words: ['log', 'verify'], load: async () => (await import('./log/verify.ts')).registerLogVerify },
  { words: ['draw', 'reveal'], load: async () => (await import('./draw/reveal.ts')).registerDrawReveal },
  { words: ['privacy'], load: async () => (await import('./privacy.ts')).registerPrivacy },
];

/** The operator CLI with every command registered (help; tests walk it). */
export async function buildProgram(): Promise<Command> {
  return programWith(COMMANDS);
}

/**
 * The program for one command line (`args` without node and the script): when its leading words (before the first
 * option) name a command module, that module alone, registered exactly as in `buildProgram`; otherwise every one.
 */
export async function programFor(args: readonly string[]): Promise<Command> {
  const firstOption = args.findIndex((arg) => arg.startsWith('-'));
  const leading = firstOption === -1 ? args : args.slice(0, firstOption);
  const named = COMMANDS.filter((command) => command.words.every((word, i) => leading[i] === word));
  return programWith(named.length === 1 ? named : COMMANDS);
}

async function programWith(commands: typeof COMMANDS): Promise<Command> {
  const registrations = await Promise.all(commands.map((command) => command.load()));
  const program = createProgram();
  for (const register of registrations) register(program);
  return program;
}
