/**
 * The window draw of `lists compute` (and so of `lists build`, which runs it on the record): `--rules <file>` is the
 * log's entry 0 (its exact bytes), `--seed <hex>` the revealed seed, `--sealed-root <base64>` the root of the sealed
 * checkpoint. The draw is made by the same domain function the verifier uses, so the published order is the one
 * anyone recomputes. A rules entry that says `chronological` needs neither seed nor root (and refuses them).
 */
import { readFile } from 'node:fs/promises';
import type { ListsDraw } from '#domain/lists/ranking/draw-order';
import { DrawError } from '#domain/transparency/draw';
import { fromBase64 } from '#domain/transparency/encoding';
import { EntryError, parseEntry } from '#domain/transparency/entries';
import { HASH_SIZE } from '#domain/transparency/merkle';
import { listsDraw, revealedDraw } from '#domain/transparency/window-draw-order';
import { BadInput } from '#ops/cli';

export interface DrawOptions {
  rules?: string;
  seed?: string;
  sealedRoot?: string;
}

export async function readListsDraw(
  options: DrawOptions,
  edition: string,
  resolution: string,
): Promise<ListsDraw | undefined> {
  if (options.rules === undefined) {
    if (options.seed !== undefined || options.sealedRoot !== undefined) {
      throw new BadInput(['--seed e --sealed-root valgono solo con --rules (la voce delle regole del registro).']);
    }
    return undefined;
  }
  let rules;
  try {
    rules = parseEntry(await readFile(options.rules));
  } catch (error) {
    const why = error instanceof EntryError ? `non è una voce del registro (${error.message})` : 'file non leggibile';
    throw new BadInput([`--rules ${options.rules}: ${why}.`]);
  }
  if (rules.kind !== 'rules') throw new BadInput([`--rules ${options.rules}: non è la voce delle regole (voce 0).`]);
  const problems: string[] = [];
  if (rules.edition !== edition) problems.push(`Le regole sono del bando ${rules.edition}, non di ${edition}.`);
  if (rules.resolution !== resolution) {
    problems.push(`Le regole fissano la risoluzione ${rules.resolution}: indicare --resolution ${rules.resolution}.`);
  }
  if (rules.allocation.mode === 'chronological') {
    if (options.seed !== undefined || options.sealedRoot !== undefined) {
      problems.push('Le regole dicono allocation chronological: nessun sorteggio, togliere --seed e --sealed-root.');
    }
    if (problems.length > 0) throw new BadInput(problems);
    return undefined;
  }
  const root = options.sealedRoot === undefined ? null : fromBase64(options.sealedRoot);
  if (options.seed === undefined || !root || root.length !== HASH_SIZE) {
    problems.push(
      'Le regole dicono allocation window-draw: indicare --seed <hex> (il seme rivelato) e --sealed-root <base64> (la radice del checkpoint di chiusura, 32 byte).',
    );
  }
  if (problems.length > 0) throw new BadInput(problems);
  try {
    return listsDraw(rules, revealedDraw(rules, options.seed!, root!));
  } catch (error) {
    if (error instanceof DrawError) throw new BadInput([`--seed: ${error.message}. Nessun file scritto.`]);
    throw error;
  }
}
