/**
 * The operator's draw seed file (allocation `window-draw`): 64 lower-case hex digits and a newline, readable by its
 * owner only. `log open` creates it with a fresh random seed when it does not exist (and never overwrites one), and
 * commits SHA-256(seed) in the rules entry; `draw reveal` reads it after the seal. The product never stores the seed:
 * until the reveal only the file's holder knows it (docs/transparency.md, "The window draw").
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { SEED_SIZE } from '#domain/transparency/draw';
import { seedFileText } from '#domain/transparency/window-draw-order';
import { BadInput } from '#ops/cli';

const SEED_TEXT = /^[0-9a-f]{64}\n?$/;

/** The seed hex of an existing seed file, or null when there is no such file. */
export async function readSeedFile(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BadInput([`--seed-file ${path}: file non leggibile.`]);
  }
  if (!SEED_TEXT.test(text)) {
    throw new BadInput([`--seed-file ${path}: il file contiene il seme, 64 cifre esadecimali minuscole e un a capo.`]);
  }
  return text.slice(0, 64);
}

/** A new random seed (not yet written). */
export function newSeed(): Uint8Array {
  return new Uint8Array(randomBytes(SEED_SIZE));
}

/** Writes a new seed file, owner-only; refused if the file exists (a seed is never replaced). */
export async function writeSeedFile(path: string, seed: Uint8Array): Promise<void> {
  try {
    await writeFile(path, seedFileText(seed), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInput([
      code === 'EEXIST'
        ? `--seed-file ${path}: il file è comparso nel frattempo; rilanciare il comando per usarlo.`
        : `--seed-file ${path}: impossibile scrivere il file (${code ?? 'errore'}). Registro non aperto.`,
    ]);
  }
}
