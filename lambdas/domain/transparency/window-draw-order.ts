/**
 * The window draw applied (issue 17, item 5; docs/transparency-format.md §6): the draw the lists take
 * (`ListsDraw`, ordered by `#domain/lists/ranking/draw-order`) made from the log's rules entry, the revealed seed and
 * the root of the sealed checkpoint. `lists compute` / `lists build` and the verifier build it here, so the order
 * they compute is one implementation.
 *
 * The seed is published after the seal as `<log prefix>draw-seed`: 64 lower-case hex digits and a newline. A seed
 * whose SHA-256 is not the rules' `seed-sha256` is refused (Italian messages: they reach the operator and the
 * citizen running the verifier as they are).
 */
import { slug } from '#domain/kernel/geography';
import type { ListsDraw } from '#domain/lists/ranking/draw-order';
import type { RankedApplication } from '#domain/lists/records';
import { type Draw, drawFromRules, DrawError, drawKey, seedCommitment, windowEndMs } from './draw.ts';
import { fromHex, toHex } from './encoding.ts';
import { counterFor, type RulesEntry } from './entries.ts';
import type { Hash } from './merkle.ts';

/** The published seed's file name, beside the log's checkpoint. */
export const DRAW_SEED_FILE = 'draw-seed';

/** The text of a seed file (`draw-seed`, the operator's seed file): 64 lower-case hex digits and a newline. */
export function seedFileText(seed: Uint8Array): string {
  return `${toHex(seed)}\n`;
}

/**
 * The draw of a window-draw edition from the revealed seed (64 lower-case hex digits, without the newline) and the
 * sealed root; a {@link DrawError} in Italian when the edition has no draw or the seed is not the committed one.
 */
export function revealedDraw(rules: RulesEntry, seedHex: string, sealedRoot: Hash): Draw {
  const a = rules.allocation;
  if (a.mode !== 'window-draw') {
    throw new DrawError(`il bando ${rules.edition} non assegna per sorteggio (allocation ${a.mode}): non c'è un seme`);
  }
  if (a.beacon !== undefined) {
    throw new DrawError(`le regole nominano il beacon ${a.beacon}: questa versione non ne riceve il valore`);
  }
  const seed = /^[0-9a-f]{64}$/.test(seedHex) ? fromHex(seedHex) : null;
  if (!seed) throw new DrawError('il seme è di 64 cifre esadecimali minuscole (32 byte)');
  const sha = seedCommitment(seed);
  if (sha !== a.seedSha256) {
    throw new DrawError(
      `il seme non è quello impegnato nella voce 0 del registro: il suo SHA-256 è ${sha}, l'impegno (seed-sha256) è ${a.seedSha256}`,
    );
  }
  return drawFromRules(rules, seed, sealedRoot);
}

/**
 * What the lists need of a draw: each application's window end (M5 of its counter + W, from the rules) and each
 * token's draw key.
 */
export function listsDraw(rules: RulesEntry, draw: Draw): ListsDraw {
  const ends = new Map<string, number>();
  return {
    windowEndMs(application: RankedApplication): number {
      const scope = `${application.region}|${application.axis}`;
      let end = ends.get(scope);
      if (end === undefined) {
        const counter = counterFor(rules, slug(application.region), application.axis);
        if (!counter)
          throw new DrawError(`nessuno sportello nelle regole per ${application.region} asse ${application.axis}`);
        end = windowEndMs(counter.opensAt, draw.windowSeconds);
        ends.set(scope, end);
      }
      return end;
    },
    key: (token) => drawKey(draw.seed, draw.sealedRoot, token, draw.beacon),
  };
}
