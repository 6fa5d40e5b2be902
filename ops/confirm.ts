/**
 * The typed confirmation before a write on the production stage: the operator types the stage's name, or passes
 * `--yes` (scripts). Without a terminal and without `--yes` nothing can be typed, and the command writes nothing.
 * A dry run needs no confirmation: it writes nothing anyway.
 */
import { createInterface } from 'node:readline';
import { BadInput } from './cli.ts';
import type { WriteOptions } from './options.ts';

/** Stages whose writes are confirmed (`lib/stage.ts`: prod is the one with real applicants). */
export const CONFIRMED_STAGES: readonly string[] = ['prod'];

export async function confirmWrite(
  options: WriteOptions,
  what: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  const stage = options.stage;
  if (!stage || !CONFIRMED_STAGES.includes(stage) || options.yes || options.dryRun) return;
  process.stderr.write(
    `Stage ${stage}: ${what}.\nPer procedere scrivere "${stage}" e premere Invio (qualsiasi altra risposta annulla): `,
  );
  const answer = await firstLine(input);
  if (answer === undefined) process.stderr.write('\n');
  if (answer?.trim() === stage) return;
  throw new BadInput([
    answer === undefined
      ? `Operazione annullata: nessuna conferma ricevuta. Confermare scrivendo "${stage}" oppure usare --yes.`
      : `Operazione annullata: la risposta non era "${stage}".`,
    'Nessuna modifica effettuata.',
  ]);
}

function firstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}
