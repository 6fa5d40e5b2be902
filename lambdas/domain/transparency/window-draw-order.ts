/**
 * The order of the click-day lists under `allocation window-draw` (issue 17, item 5), as a pure function over the same
 * records as the lists: designed and tested here; the lists (`domain/lists/ranking.ts`) do not apply it yet.
 *
 * Rule (docs/transparency-format.md §6): a valid first send arriving strictly before `M5 + W` (M5 of the counter
 * window that applies to its application) is *in the window*; in each list the sends in the window come first, by
 * draw key `SHA-256(seed ‖ sealedRoot ‖ [beacon ‖] token)` ascending (then token), and the sends after the window
 * follow in the ordinary order (`afterWindow`: arrival at the resolution, the edition's criteria, the token).
 *
 * What the lists must change to apply it (a second round, after the lists work lands):
 * 1. `computeLists` takes an optional `order: { draw: Draw; windowEnd(application): number }`; when given, a
 *    click-day list is sorted with {@link windowDrawComparator} (draw.ts) instead of the packed chronological sort
 *    (the window's rows are tied on arrival, so the packed key cannot order them);
 * 2. `decided_by` of a row in the window (after the first) is `draw` — a new value the CSV and `lists.json` print, to be
 *    documented beside the criteria; rows after the window keep today's values, and the first row after the window
 *    has an empty `decided_by` (arrival decides);
 * 3. `lists build` / `lists compute` take `--seed <hex>` (and `--beacon <hex>` when the rules name one) and the sealed
 *    root (read from the sealed checkpoint, or `--sealed-root <base64>` offline); `ops draw reveal --seed <hex>`
 *    checks the seed against the rules' `seed-sha256` ({@link revealSeed}), refuses a wrong one, and publishes it at
 *    `/log/<edition>/draw-seed` so that the verifier reads it;
 * 4. the verifier passes the same `order` to `computeLists` when the rules say `window-draw`, after checking the
 *    published seed with {@link revealSeed} and taking the sealed root from the audited sealed checkpoint.
 * Funding cut, NCD lists and annulled rows are unchanged.
 */
import { slug } from '#domain/kernel/geography';
import type { Application, Send } from '#domain/lists/records';
import { type Draw, drawFromRules, DrawError, parseSeed, windowDrawComparator, windowEndMs } from './draw.ts';
import { counterFor, type RulesEntry } from './entries.ts';
import type { Hash } from './merkle.ts';

export interface DrawnSend {
  token: string;
  arrivalMs: number;
  application: Application;
}

/** The revealed seed, checked against the commitment of the rules entry; a wrong seed is refused. */
export function revealSeed(rules: RulesEntry, seedHex: string, sealedRoot: Hash, beacon?: Uint8Array): Draw {
  return drawFromRules(rules, parseSeed(seedHex), sealedRoot, beacon);
}

/** M5 + W for an application: the counter window that applies to it, from the rules. */
export function windowEndFor(rules: RulesEntry, draw: Draw): (send: DrawnSend) => number {
  return ({ application }) => {
    const window = counterFor(rules, slug(application.region), application.axis);
    if (!window) throw new DrawError(`no counter window for ${application.region} ${application.axis}`);
    return windowEndMs(window.opensAt, draw.windowSeconds);
  };
}

/**
 * Every list's click-day order under the draw, keyed `<region>|<axis>`: the tokens of the sends, in order.
 * `afterWindow` is the edition's chronological comparator for the sends after the window.
 */
export function windowDrawOrder(
  rules: RulesEntry,
  draw: Draw,
  applications: readonly Application[],
  sends: readonly Send[],
  afterWindow: (a: DrawnSend, b: DrawnSend) => number,
): Map<string, DrawnSend[]> {
  const byToken = new Map(applications.map((a) => [a.token as string, a]));
  const lists = new Map<string, DrawnSend[]>();
  for (const send of sends) {
    const application = byToken.get(send.token);
    if (!application) throw new DrawError(`a send of an unknown token ${send.token}`);
    const key = `${application.region}|${application.axis}`;
    const list = lists.get(key) ?? [];
    list.push({ token: send.token, arrivalMs: send.arrivalMs, application });
    lists.set(key, list);
  }
  const compare = windowDrawComparator(draw, windowEndFor(rules, draw), afterWindow);
  for (const list of lists.values()) list.sort(compare);
  return lists;
}
