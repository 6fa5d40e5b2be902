/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): how the log is published as static, immutable files.
 *
 * Why this file exists: the public site serves the log as plain files under `/log/<edition>/` so that a CDN can cache
 * them forever and anyone can mirror them; only `checkpoint` changes. This module decides which files a batch of new
 * entries produces, names them, and reads them back — for proofs (a {@link HashReader} over tiles) and for a full
 * audit (every entry rehashed, every stored hash compared, the root recomputed).
 *
 * Layout, from the spec:
 * - hash tiles `tile/<L>/<N>[.p/<W>]`: tile `N` of level `L` holds the 256 hashes
 *   `MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L])`, i = 0…255; level 0 holds leaf hashes; a partial tile
 *   (`.p/W`, 1 ≤ W ≤ 255) holds the first W of them and is never hashed into the level above;
 * - entry bundles `tile/entries/<N>[.p/<W>]`: the entries of level-0 tile N, each a big-endian uint16 length then
 *   the bytes;
 * - `<N>` in zero-padded 3-digit path elements, all but the last prefixed with `x` (1234067 → `x001/x234/067`).
 *
 * The writer keeps only the right edge of the tree (the partial tile of each level and the partial bundle, see
 * {@link TileEdge}); every full tile is written once and never again, every partial tile once per width.
 */
import {
  bytesEqual,
  EMPTY_ROOT,
  type Hash,
  HASH_SIZE,
  type HashReader,
  leafHash,
  MemoryTree,
  nodeHash,
  subtreeNodes,
} from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** An entry in a bundle is prefixed by a uint16 length. */
export const MAX_ENTRY_SIZE = 0xffff;
/** The spec allows levels 0…63; a log of safe-integer size never goes past level 6. */
const MAX_LEVEL = 63;

export class TileError extends Error {
  override name = 'TileError';
}

// ---- paths -------------------------------------------------------------------------------------------------------

/** What a tile path names: a hash tile (level ≥ 0) or an entry bundle. `width` is 256 for full tiles. */
export type TileRef =
  { kind: 'hash'; level: number; index: number; width: number } | { kind: 'entries'; index: number; width: number };

function checkTile(level: number, index: number, width: number): void {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) throw new TileError(`bad tile level ${level}`);
  if (!Number.isSafeInteger(index) || index < 0) throw new TileError(`bad tile index ${index}`);
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new TileError(`bad tile width ${width}`);
}

function encodeIndex(index: number): string {
  const pad = (n: number) => String(n).padStart(3, '0');
  let n = index;
  let out = pad(n % 1000);
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    out = `x${pad(n % 1000)}/${out}`;
  }
  return out;
}

function suffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]` */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  checkTile(level, index, width);
  return `tile/${level}/${encodeIndex(index)}${suffix(width)}`;
}

/** `tile/entries/<N>[.p/<W>]` */
export function entryBundlePath(index: number, width: number = TILE_WIDTH): string {
  checkTile(0, index, width);
  return `tile/entries/${encodeIndex(index)}${suffix(width)}`;
}

const TILE_PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a tile or bundle path; only the canonical spelling is accepted (no `x000/` lead, no `.p/256`). */
export function parseTilePath(path: string): TileRef {
  const m = TILE_PATH.exec(path);
  if (!m) throw new TileError(`malformed tile path ${JSON.stringify(path)}`);
  const index = m[2]!.split('/').reduce((n, part) => n * 1000 + Number(part.replace('x', '')), 0);
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  const level = m[1] === 'entries' ? 0 : Number(m[1]);
  if ((m[3] !== undefined && width >= TILE_WIDTH) || !Number.isSafeInteger(index) || level > MAX_LEVEL)
    throw new TileError(`malformed tile path ${JSON.stringify(path)}`);
  const ref: TileRef = m[1] === 'entries' ? { kind: 'entries', index, width } : { kind: 'hash', level, index, width };
  const canonical = ref.kind === 'entries' ? entryBundlePath(index, width) : tilePath(ref.level, index, width);
  if (canonical !== path) throw new TileError(`non-canonical tile path ${JSON.stringify(path)}`);
  return ref;
}

// ---- which tiles a tree has --------------------------------------------------------------------------------------

/** How many hashes level `level` of the tiling holds for a tree of `size` leaves: ⌊size / 256^level⌋. */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The width of tile `index` of `level` in a tree of `size` leaves (0: the tree has no such tile). */
export function tileWidth(size: number, level: number, index: number): number {
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel(size, level) - index * TILE_WIDTH));
}

/** One hash tile of a tree (see {@link tilePath}). */
export interface TileId {
  level: number;
  index: number;
  width: number;
}

/**
 * The hash tiles to publish when a tree grows from `oldSize` to `newSize`: every tile that is new or wider. A port of
 * Go's `tlog.NewTiles`; `height` is 8 in C2SP (256-wide tiles) and other heights exist only to replay Go's vectors.
 */
export function newTiles(oldSize: number, newSize: number, height: number = TILE_HEIGHT): TileId[] {
  const w = 2 ** height;
  const tiles: TileId[] = [];
  for (let level = 0; Math.floor(newSize / w ** level) > 0; level++) {
    const oldN = Math.floor(oldSize / w ** level);
    const newN = Math.floor(newSize / w ** level);
    if (oldN === newN) continue;
    for (let n = Math.floor(oldN / w); n < Math.floor(newN / w); n++) tiles.push({ level, index: n, width: w });
    const n = Math.floor(newN / w);
    const width = newN - n * w;
    if (width > 0) tiles.push({ level, index: n, width });
  }
  return tiles;
}

// ---- entry bundles -----------------------------------------------------------------------------------------------

export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0));
  let at = 0;
  for (const e of entries) {
    if (e.length > MAX_ENTRY_SIZE) throw new TileError(`an entry of ${e.length} bytes does not fit a bundle`);
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** Splits a bundle; with `expectedCount`, anything but exactly that many entries is an error. */
export function decodeEntryBundle(data: Uint8Array, expectedCount?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length) throw new TileError('entry bundle ends inside a length prefix');
    const length = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + length > data.length) throw new TileError('entry bundle ends inside an entry');
    entries.push(data.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw new TileError(`entry bundle holds ${entries.length} entries, expected ${expectedCount}`);
  }
  return entries;
}

// ---- writing: the right edge of the tree -------------------------------------------------------------------------

/**
 * Everything needed to extend the published tiles: the tree size, the hashes of the partial (rightmost, incomplete)
 * tile of each level — `hashes[L].length === ⌊size / 256^L⌋ mod 256` — and the entries of the partial bundle.
 * It is small (at most 255 hashes per level, 255 entries) and enough to compute the root.
 */
export interface TileEdge {
  readonly size: number;
  readonly hashes: readonly (readonly Hash[])[];
  readonly entries: readonly Uint8Array[];
}

export const EMPTY_EDGE: TileEdge = { size: 0, hashes: [], entries: [] };

/** A file to publish under the log's prefix. */
export interface TileFile {
  path: string;
  data: Uint8Array;
}

function concat(hashes: readonly Hash[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => out.set(h, i * HASH_SIZE));
  return out;
}

function splitHashes(data: Uint8Array): Hash[] {
  const out: Hash[] = [];
  for (let at = 0; at < data.length; at += HASH_SIZE) out.push(data.slice(at, at + HASH_SIZE));
  return out;
}

/**
 * Appends entries to the tree whose right edge is `edge`: returns the new edge and the files to publish — each full
 * tile and bundle completed by these entries, then the new partial tile of every level that changed and the new
 * partial bundle. Full tiles are immutable; a partial tile's path carries its width, so no file is ever rewritten
 * with different bytes.
 */
export function appendToEdge(edge: TileEdge, entries: readonly Uint8Array[]): { edge: TileEdge; files: TileFile[] } {
  const hashes = edge.hashes.map((row) => [...row]);
  let bundle = [...edge.entries];
  let size = edge.size;
  const files: TileFile[] = [];
  const touched = new Set<number>();
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) throw new TileError(`an entry of ${entry.length} bytes does not fit a bundle`);
    bundle.push(entry);
    size++;
    let h = leafHash(entry);
    for (let level = 0; ; level++) {
      const row = (hashes[level] ??= []);
      row.push(h);
      touched.add(level);
      if (row.length < TILE_WIDTH) break;
      const index = hashesAtLevel(size, level) / TILE_WIDTH - 1;
      files.push({ path: tilePath(level, index), data: concat(row) });
      if (level === 0) {
        files.push({ path: entryBundlePath(index), data: encodeEntryBundle(bundle) });
        bundle = [];
      }
      h = new MemoryTree(row).root();
      hashes[level] = [];
    }
  }
  for (const level of [...touched].sort((a, b) => a - b)) {
    const row = hashes[level]!;
    if (row.length === 0) continue;
    const index = Math.floor(hashesAtLevel(size, level) / TILE_WIDTH);
    files.push({ path: tilePath(level, index, row.length), data: concat(row) });
    if (level === 0) files.push({ path: entryBundlePath(index, row.length), data: encodeEntryBundle(bundle) });
  }
  while (hashes.length > 0 && hashes[hashes.length - 1]!.length === 0) hashes.pop();
  return { edge: { size, hashes, entries: bundle }, files };
}

/** The RFC 6962 root of the tree whose right edge is `edge`. */
export function edgeRoot(edge: TileEdge): Hash {
  // The binary decomposition of the size, largest subtree first, is the decomposition of each level's partial tile,
  // top level first: subtrees of 2^r hashes of level L are subtrees of 2^(8L + r) leaves.
  const parts: Hash[] = [];
  for (let level = edge.hashes.length - 1; level >= 0; level--) {
    const row = edge.hashes[level]!;
    if (row.length !== hashesAtLevel(edge.size, level) % TILE_WIDTH)
      throw new TileError('edge does not match its size');
    if (row.length === 0) continue;
    const tree = new MemoryTree(row);
    for (const node of subtreeNodes(0, row.length)) parts.push(tree.node(node.level, node.index));
  }
  if (parts.length === 0) {
    if (edge.size !== 0) throw new TileError('edge does not match its size');
    return new Uint8Array(EMPTY_ROOT);
  }
  let root = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) root = nodeHash(parts[i]!, root);
  return root;
}

// ---- reading back ------------------------------------------------------------------------------------------------

/** Fetches a published file by its path under the log's prefix; null when it is not there. */
export type FetchTile = (path: string) => Promise<Uint8Array | null>;

async function fetchExactly(fetch: FetchTile, path: string, length?: number): Promise<Uint8Array> {
  const data = await fetch(path);
  if (!data) throw new TileError(`${path} is missing`);
  if (length !== undefined && data.length !== length) {
    throw new TileError(`${path} has ${data.length} bytes, expected ${length}`);
  }
  return data;
}

/**
 * A {@link HashReader} over the published tiles of a tree of `size` leaves: any complete subtree within the first
 * `size` leaves is read from the one tile that holds it (each tile fetched once per reader). The hashes are not
 * authenticated here: a proof built from them is checked against a signed root, which is what authenticates them.
 */
export function tileHashReader(size: number, fetch: FetchTile): HashReader {
  const tiles = new Map<string, Promise<MemoryTree>>();
  const tile = (level: number, index: number): Promise<MemoryTree> => {
    const width = tileWidth(size, level, index);
    const path = tilePath(level, index, width);
    let t = tiles.get(path);
    if (!t) {
      t = fetchExactly(fetch, path, width * HASH_SIZE).then((data) => new MemoryTree(splitHashes(data)));
      tiles.set(path, t);
    }
    return t;
  };
  return (nodes) =>
    Promise.all(
      nodes.map(async ({ level, index }) => {
        if ((index + 1) * 2 ** level > size) {
          throw new TileError(`subtree ${level}/${index} is not complete in a tree of ${size}`);
        }
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        const within = level - tileLevel * TILE_HEIGHT;
        const first = index * 2 ** within;
        const tileIndex = Math.floor(first / TILE_WIDTH);
        const offset = first - tileIndex * TILE_WIDTH;
        return (await tile(tileLevel, tileIndex)).node(within, offset / 2 ** within);
      }),
    );
}

/** Rebuilds the right edge of a published tree of `size` leaves from its partial tiles and bundle. */
export async function readEdge(size: number, fetch: FetchTile): Promise<TileEdge> {
  const hashes: Hash[][] = [];
  let entries: Uint8Array[] = [];
  for (let level = 0; hashesAtLevel(size, level) > 0; level++) {
    const width = hashesAtLevel(size, level) % TILE_WIDTH;
    const index = Math.floor(hashesAtLevel(size, level) / TILE_WIDTH);
    if (width === 0) {
      hashes.push([]);
      continue;
    }
    hashes.push(splitHashes(await fetchExactly(fetch, tilePath(level, index, width), width * HASH_SIZE)));
    if (level === 0) entries = decodeEntryBundle(await fetchExactly(fetch, entryBundlePath(index, width)), width);
  }
  while (hashes.length > 0 && hashes[hashes.length - 1]!.length === 0) hashes.pop();
  return { size, hashes, entries };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The full audit of a published tree of `size` leaves against its checkpoint `root`: fetches every entry bundle and
 * every hash tile, rehashes every entry, checks every stored hash (level-0 tiles against the entries, each level
 * above against the tiles below), recomputes the root and compares it. Returns the entries, in log order.
 * Throws a {@link TileError} naming the first file that does not match.
 */
export async function auditTiles(
  size: number,
  root: Hash,
  fetch: FetchTile,
  options: { concurrency?: number } = {},
): Promise<Uint8Array[]> {
  const concurrency = options.concurrency ?? 8;
  const indexes = (count: number) => Array.from({ length: Math.ceil(count / TILE_WIDTH) }, (_, n) => n);

  const bundles = await mapLimit(indexes(size), concurrency, async (n) => {
    const path = entryBundlePath(n, tileWidth(size, 0, n));
    try {
      return decodeEntryBundle(await fetchExactly(fetch, path), tileWidth(size, 0, n));
    } catch (e) {
      throw e instanceof TileError && !e.message.startsWith(path) ? new TileError(`${path}: ${e.message}`) : e;
    }
  });
  const entries = bundles.flat();
  let expected: Hash[] = entries.map(leafHash);
  const edgeHashes: Hash[][] = [];

  for (let level = 0; expected.length > 0; level++) {
    const rows = await mapLimit(indexes(expected.length), concurrency, async (n) => {
      const width = tileWidth(size, level, n);
      const path = tilePath(level, n, width);
      const data = await fetchExactly(fetch, path, width * HASH_SIZE);
      const want = expected.slice(n * TILE_WIDTH, n * TILE_WIDTH + width);
      const got = splitHashes(data);
      got.forEach((h, i) => {
        if (bytesEqual(h, want[i]!)) return;
        const below = level === 0 ? `entry ${i} of ${entryBundlePath(n, width)}` : 'the level below';
        throw new TileError(`${path}: hash ${i} does not match ${below}`);
      });
      return got;
    });
    const full = rows.filter((row) => row.length === TILE_WIDTH);
    const partial = rows.length > full.length ? rows[rows.length - 1]! : [];
    edgeHashes.push(partial);
    expected = full.map((row) => new MemoryTree(row).root());
  }
  while (edgeHashes.length > 0 && edgeHashes[edgeHashes.length - 1]!.length === 0) edgeHashes.pop();
  const computed = edgeRoot({ size, hashes: edgeHashes, entries: [] });
  if (!bytesEqual(computed, root)) throw new TileError('the tiles do not hash to the checkpoint root');
  return entries;
}
