/**
 * The window-draw allocation: sends in the first W seconds after the counter opens are tied, and the tie is broken
 * by a draw nobody could steer.
 *
 * Why this file exists: at millisecond resolution the click day rewards network latency and bots more than
 * diligence. Under `allocation window-draw` (announced in the log's first entry) every valid first send arriving
 * before `M5 + W` ranks as tied on arrival, and the tie is broken by
 *
 *     key(token) = SHA-256(seed ‖ sealedRoot ‖ [beacon ‖] token)      ascending, byte-wise; token order if equal
 *
 * - `seed`: 32 random bytes chosen by the operator, committed before M5 as `seed-sha256` = SHA-256(seed) in the rules
 *   entry, revealed (64 lower-case hex) only after the seal (`draw reveal --seed <hex>`);
 * - `sealedRoot`: the 32-byte root of the sealed checkpoint (the tree whose last entry is the seal), unknown to
 *   everyone — the operator included — until the log is closed;
 * - `beacon` (optional, only when the rules entry names a `beacon` round): the 32 bytes of that public randomness
 *   round, supplied by whoever runs the draw (nothing is fetched here, so the draw runs offline);
 * - `token`: the 65 ASCII bytes of the token (UTF-8 = ASCII).
 *
 * Every part but the token has a fixed length, so the concatenation is unambiguous. Sends after the window follow,
 * in the ordinary chronological order (arrival at the edition's resolution, then its tie-breaks, then the token).
 * The lists apply the order (`#domain/lists/ranking/draw-order`); `window-draw-order.ts` makes their draw from the
 * log's rules, the revealed seed and the sealed root.
 */
import { HASH_SIZE, type Hash } from './merkle.ts';
import { concatBytes, fromHex, sha256, toHex, utf8 } from './encoding.ts';
import { isToken, type RulesEntry } from './entries.ts';

export { compareBytes } from '#domain/lists/ranking/draw-order';

export const SEED_SIZE = 32;
export const BEACON_SIZE = 32;

export class DrawError extends Error {
  override name = 'DrawError';
}

/** `seed-sha256` of the rules entry: SHA-256 of the raw 32 seed bytes, lower-case hex. */
export function seedCommitment(seed: Uint8Array): string {
  if (seed.length !== SEED_SIZE) throw new DrawError('the draw seed has 32 bytes');
  return toHex(sha256(seed));
}

/** Parses a revealed seed (64 lower-case hex digits). */
export function parseSeed(hex: string): Uint8Array {
  const seed = fromHex(hex);
  if (!seed || seed.length !== SEED_SIZE) throw new DrawError('the seed is 64 lower-case hex digits');
  return seed;
}

/** True when `seed` is the one committed in the rules entry. */
export function seedMatches(seed: Uint8Array, commitmentHex: string): boolean {
  return seed.length === SEED_SIZE && seedCommitment(seed) === commitmentHex;
}

/** The draw key of one token (see the module comment for the exact bytes). */
export function drawKey(seed: Uint8Array, sealedRoot: Hash, token: string, beacon?: Uint8Array): Uint8Array {
  if (seed.length !== SEED_SIZE) throw new DrawError('the draw seed has 32 bytes');
  if (sealedRoot.length !== HASH_SIZE) throw new DrawError('the sealed root has 32 bytes');
  if (beacon !== undefined && beacon.length !== BEACON_SIZE) throw new DrawError('the beacon value has 32 bytes');
  if (!isToken(token)) throw new DrawError(`not a token: ${JSON.stringify(token)}`);
  return sha256(concatBytes(seed, sealedRoot, beacon ?? new Uint8Array(0), utf8(token)));
}

/** The inputs of a draw, checked against the rules entry that announced it. */
export interface Draw {
  readonly seed: Uint8Array;
  readonly sealedRoot: Hash;
  readonly beacon?: Uint8Array;
  readonly windowSeconds: number;
}

/**
 * Checks the revealed seed against the commitment of a window-draw rules entry, and that a beacon value is given
 * exactly when the rules name a beacon round.
 */
export function drawFromRules(rules: RulesEntry, seed: Uint8Array, sealedRoot: Hash, beacon?: Uint8Array): Draw {
  const a = rules.allocation;
  if (a.mode !== 'window-draw') throw new DrawError('the edition does not allocate by window draw');
  if (!seedMatches(seed, a.seedSha256)) throw new DrawError('the seed does not match the committed seed-sha256');
  if ((a.beacon === undefined) !== (beacon === undefined)) {
    throw new DrawError(a.beacon === undefined ? 'the rules name no beacon' : `the draw needs beacon ${a.beacon}`);
  }
  if (sealedRoot.length !== HASH_SIZE) throw new DrawError('the sealed root has 32 bytes');
  return beacon === undefined
    ? { seed, sealedRoot, windowSeconds: a.windowSeconds }
    : { seed, sealedRoot, beacon, windowSeconds: a.windowSeconds };
}

/** The instant (epoch ms) before which a send is in the window: M5 + W, exclusive. */
export function windowEndMs(opensAt: string, windowSeconds: number): number {
  return Date.parse(opensAt) + windowSeconds * 1000;
}
