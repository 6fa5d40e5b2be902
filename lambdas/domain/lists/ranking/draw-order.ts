/**
 * The click-day order under `allocation window-draw` (docs/transparency-format.md §6): a send arriving strictly
 * before the end of its window (M5 + W of its application's counter) is tied on arrival with every other send of the
 * window, and the draw key (`SHA-256(seed ‖ sealed root ‖ token)`, compared byte-wise) orders them; the others follow
 * in the ordinary chronological order, which the caller applies to what this leaves after the window.
 *
 * The lists take the draw as this small interface, so that `lists compute` and the verifier pass the same object
 * (made from the log's rules, the revealed seed and the sealed root by `#domain/transparency/window-draw-order`).
 */
import type { RankedApplication } from '#domain/lists/records';

export interface ListsDraw {
  /** M5 + W (epoch ms) of the application's counter: a send strictly before it is in the window. */
  windowEndMs(application: RankedApplication): number;
  /** The draw key of a token; keys are compared byte-wise, ascending. */
  key(token: string): Uint8Array;
}

/** Byte-wise (unsigned, lexicographic) comparison; a shorter prefix sorts first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Moves the sends in the window to the front of `ids` (application indices, all sent), ordered by draw key then
 * token, and keeps the others after them in their current order. Returns how many are in the window.
 */
export function sortWindowByDraw(
  ids: Int32Array,
  applications: readonly RankedApplication[],
  arrivalMs: ArrayLike<number>,
  draw: ListsDraw,
): number {
  const inside: { id: number; token: string; key: Uint8Array }[] = [];
  const after: number[] = [];
  for (const id of ids) {
    const application = applications[id] as RankedApplication;
    if ((arrivalMs[id] as number) < draw.windowEndMs(application)) {
      inside.push({ id, token: application.token, key: draw.key(application.token) });
    } else after.push(id);
  }
  inside.sort((a, b) => compareBytes(a.key, b.key) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  ids.set(
    inside.map((s) => s.id),
    0,
  );
  ids.set(after, inside.length);
  return inside.length;
}
