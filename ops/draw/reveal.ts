/**
 * `draw reveal (--seed-file <path> | --seed <hex>) [--dry-run]`: after `log seal`, publishes the window draw's seed
 * beside the log (`/log/<edition>/draw-seed`), so that `lists build` and anyone with `sportello-verify` compute the
 * drawn order.
 * 1. refuse when no log is open, when the edition is not allocated by window draw, and before the seal (the draw
 *    key takes the sealed root: revealing earlier would let anyone compute draws of trees not yet closed);
 * 2. refuse a seed whose SHA-256 is not the `seed-sha256` committed in the rules entry (nothing published);
 * 3. publish the seed file (immutable: the same bytes every time, since only one seed matches the commitment).
 */
import type { Command } from 'commander';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { TILE_CACHE } from '#adapters/s3/log-files';
import { DrawError } from '#domain/transparency/draw';
import { fromHex } from '#domain/transparency/encoding';
import { DRAW_SEED_FILE, revealedDraw, seedFileText } from '#domain/transparency/window-draw-order';
import { action, BadInput, commandGroup } from '#ops/cli';
import { withCloud } from '#ops/cloud';
import { type WriteOptions, writeCommand } from '#ops/options';
import { dryRunLine } from '#ops/output';
import { drawLog, publishedSeed } from './draw-log.ts';
import { readSeedFile } from './seed-file.ts';

interface RevealOptions extends WriteOptions {
  seedFile?: string;
  seed?: string;
}

export function registerDrawReveal(program: Command): void {
  writeCommand(
    commandGroup(program, 'draw', 'Sorteggio della finestra iniziale (allocation window-draw)')
      .command('reveal')
      .description('Dopo "log seal": pubblica il seme del sorteggio accanto al registro, se è quello impegnato')
      .option('--seed-file <path>', 'il file del seme creato da "log open --allocation window-draw"')
      .option('--seed <hex>', 'il seme, 64 cifre esadecimali minuscole (in alternativa a --seed-file)'),
  ).action(action((options: RevealOptions) => revealSeed(options)));
}

async function seedOf(options: RevealOptions): Promise<string> {
  if ((options.seedFile === undefined) === (options.seed === undefined)) {
    throw new BadInput(['Indicare il seme con --seed-file <path> oppure con --seed <hex> (uno dei due).']);
  }
  if (options.seed !== undefined) return options.seed;
  const hex = await readSeedFile(options.seedFile!);
  if (hex === null) throw new BadInput([`--seed-file ${options.seedFile}: file inesistente.`]);
  return hex;
}

export async function revealSeed(options: RevealOptions): Promise<void> {
  const seedHex = await seedOf(options);
  await withCloud(
    options,
    async (cloud) => {
      const log = await drawLog(cloud);
      if (!log) throw new BadInput(['Nessun registro aperto: non c’è un sorteggio da rivelare.']);
      if (log.rules.allocation.mode !== 'window-draw') {
        throw new BadInput([
          `Il bando ${log.rules.edition} non assegna per sorteggio (allocation ${log.rules.allocation.mode}): nessun seme da rivelare.`,
        ]);
      }
      if (!log.sealedRoot) {
        throw new BadInput([
          'Il registro non è ancora chiuso: il seme si rivela dopo "log seal", perché il sorteggio usa la radice del registro chiuso. Nulla è stato pubblicato.',
        ]);
      }
      try {
        revealedDraw(log.rules, seedHex, log.sealedRoot);
      } catch (error) {
        if (!(error instanceof DrawError)) throw error;
        throw new BadInput([`Seme rifiutato: ${error.message}. Nulla è stato pubblicato.`]);
      }
      const where = `${log.origin}/${DRAW_SEED_FILE}`;
      if ((await publishedSeed(log)) === seedHex) {
        process.stdout.write(`Seme già pubblicato in ${where}: nulla da fare.\n`);
        return;
      }
      if (options.dryRun) {
        process.stdout.write(`${dryRunLine(`pubblicherebbe il seme in ${where}`)}\n`);
        return;
      }
      const text = seedFileText(fromHex(seedHex)!);
      await new ListsBucket(cloud.clients.s3, cloud.listsBucket).put(
        log.files.key(DRAW_SEED_FILE),
        text,
        'text/plain; charset=utf-8',
        TILE_CACHE,
      );
      process.stdout.write(
        `Seme del sorteggio pubblicato su ${cloud.description} in ${where}: il suo SHA-256 è l'impegno seed-sha256 della voce 0. Ora "lists build".\n`,
      );
    },
    { writes: 'pubblicare il seme del sorteggio accanto al registro' },
  );
}
