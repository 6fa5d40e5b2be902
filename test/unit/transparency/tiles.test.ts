/**
 * C2SP tlog-tiles: paths, which tiles a tree has, the tile writer, reading proofs back from tiles, and the full audit.
 *
 * Vectors:
 * - C2SP tlog-tiles (https://github.com/C2SP/C2SP/blob/main/tlog-tiles.md): index 1234067 is `x001/x234/067`; a tree of
 *   70,000 entries has 273 full level-0 tiles, a level-0 partial of width 112, one full level-1 tile, a level-1
 *   partial of width 17 and a level-2 partial of width 1; a tree of 256 has a full level-0 tile and a level-1 partial
 *   of width 1.
 * - Go `golang.org/x/mod/sumdb/tlog` `tlog_test.go` (tilePaths) and `tile_test.go` (TestNewTilesForSize,
 *   https://github.com/golang/mod/blob/master/sumdb/tlog/tile_test.go). Go's paths carry the tile height
 *   (`tile/H/L/N`) and its record tiles are `tile/H/data/N`; C2SP fixes H = 8 and drops it, and calls them
 *   `tile/entries/N`, so the Go paths are replayed with `H/` removed and `data` read as `entries`.
 */
import fc from 'fast-check';
import { leafHash, MemoryTree, proveConsistency, proveInclusion, treeHash } from '#domain/transparency/merkle';
import {
  appendToEdge,
  auditTiles,
  decodeEntryBundle,
  EMPTY_EDGE,
  edgeRoot,
  encodeEntryBundle,
  entryBundlePath,
  type FetchTile,
  newTiles,
  parseTilePath,
  readEdge,
  type TileEdge,
  tileHashReader,
  type TileRef,
  tilePath,
} from '#domain/transparency/tiles';
import { entries, hex, naiveMth } from './naive-merkle.ts';

/** Publishes batches into a map, failing if any path ever receives different bytes. */
function publishBatches(batches: Uint8Array[][]): {
  files: Map<string, Uint8Array>;
  edge: TileEdge;
  perBatch: string[][];
} {
  const files = new Map<string, Uint8Array>();
  const perBatch: string[][] = [];
  let edge = EMPTY_EDGE;
  for (const batch of batches) {
    const out = appendToEdge(edge, batch);
    for (const f of out.files) {
      const old = files.get(f.path);
      if (old && hex(old) !== hex(f.data)) throw new Error(`${f.path} rewritten with other bytes`);
      files.set(f.path, f.data);
    }
    perBatch.push(out.files.map((f) => f.path));
    edge = out.edge;
  }
  return { files, edge, perBatch };
}

const fetchFrom =
  (files: Map<string, Uint8Array>): FetchTile =>
  async (path) =>
    files.get(path) ?? null;

describe('tile paths', () => {
  it('given the C2SP example and the brief example then the index is in x-prefixed groups of three', () => {
    expect(tilePath(3, 1234067, 8)).toBe('tile/3/x001/x234/067.p/8');
    expect(tilePath(0, 1234067)).toBe('tile/0/x001/x234/067');
    expect(parseTilePath('tile/3/x001/x234/067.p/8')).toEqual({ kind: 'hash', level: 3, index: 1234067, width: 8 });
    expect(entryBundlePath(0)).toBe('tile/entries/000');
    expect(entryBundlePath(1000, 7)).toBe('tile/entries/x001/000.p/7');
  });

  it.each<[string, TileRef]>([
    ['tile/0/001', { kind: 'hash', level: 0, index: 1, width: 256 }],
    ['tile/0/001.p/5', { kind: 'hash', level: 0, index: 1, width: 5 }],
    ['tile/5/x123/x456/078', { kind: 'hash', level: 5, index: 123456078, width: 256 }],
    ['tile/5/x123/x456/078.p/2', { kind: 'hash', level: 5, index: 123456078, width: 2 }],
    ['tile/0/x003/x057/500', { kind: 'hash', level: 0, index: 3057500, width: 256 }],
    ['tile/entries/x003/x057/500', { kind: 'entries', index: 3057500, width: 256 }],
  ])('given Go tilePaths vector %s (height dropped) then it parses and formats back', (path, ref) => {
    expect(parseTilePath(path)).toEqual(ref);
    const formatted =
      ref.kind === 'entries' ? entryBundlePath(ref.index, ref.width) : tilePath(ref.level, ref.index, ref.width);
    expect(formatted).toBe(path);
  });

  it.each([
    'tile/5/123/456/078', // Go: groups without x
    'tile/-1/123/456/078', // Go: negative level
    'tile/0/x000/001', // leading zero group
    'tile/0/001.p/256',
    'tile/0/001.p/0',
    'tile/0/001.p/05',
    'tile/0/001.p/',
    'tile/64/000',
    'tile/01/000',
    'tile/0/1',
    'tile/0/0001',
    'tile/data/000',
    '/tile/0/000',
    'tile/0/000/',
  ])('given the malformed or non-canonical path %s then it is refused', (path) => {
    expect(() => parseTilePath(path)).toThrow('tile path');
  });
});

describe('which tiles a tree has', () => {
  it('given the C2SP example of 70,000 entries then 273 full level-0 tiles and the partials the spec lists', () => {
    const tiles = newTiles(0, 70_000);
    const full0 = tiles.filter((t) => t.level === 0 && t.width === 256);
    expect(full0).toHaveLength(273);
    expect(
      tiles.filter((t) => !(t.level === 0 && t.width === 256)).map((t) => tilePath(t.level, t.index, t.width)),
    ).toEqual(['tile/0/273.p/112', 'tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1']);
    expect(newTiles(0, 256).map((t) => tilePath(t.level, t.index, t.width))).toEqual(['tile/0/000', 'tile/1/000.p/1']);
  });

  it.each([
    [1, 1, 0],
    [100, 101, 1],
    [1023, 1025, 3],
    [1024, 1030, 1],
    [1030, 2000, 1],
    [1030, 10000, 10],
    [49516517, 49516586, 3],
  ])("given Go's TestNewTilesForSize %d → %d (height 10) then %d tiles", (from, to, count) => {
    expect(newTiles(from, to, 10)).toHaveLength(count);
  });
});

describe('entry bundles', () => {
  it('given entries then each is a big-endian uint16 length and its bytes, and decoding gives them back', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), new Uint8Array(0), new Uint8Array(300).fill(7)]);
    expect(hex(bundle.subarray(0, 4))).toBe('00026162');
    expect(hex(bundle.subarray(4, 8))).toBe('0000012c');
    expect(decodeEntryBundle(bundle, 3).map((e) => e.length)).toEqual([2, 0, 300]);
  });

  it('given a truncated bundle, a wrong count or an entry too big then an error', () => {
    const bundle = encodeEntryBundle([Buffer.from('abc')]);
    expect(() => decodeEntryBundle(bundle.subarray(0, 4))).toThrow('inside an entry');
    expect(() => decodeEntryBundle(bundle.subarray(0, 1))).toThrow('length prefix');
    expect(() => decodeEntryBundle(bundle, 2)).toThrow('expected 2');
    expect(() => encodeEntryBundle([new Uint8Array(65536)])).toThrow('does not fit');
    expect(() => appendToEdge(EMPTY_EDGE, [new Uint8Array(65536)])).toThrow('does not fit');
  });
});

describe('the tile writer', () => {
  it('given random batch splits then no file is ever rewritten, each batch writes exactly its new tiles, and the result does not depend on the split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const all = entries(total, 7);
        const batches: Uint8Array[][] = [];
        let at = 0;
        for (const n of sizes) {
          batches.push(all.slice(at, at + n));
          at += n;
        }
        const split = publishBatches(batches);
        const whole = publishBatches([all]);
        // Same final tiles whatever the split.
        for (const t of newTiles(0, total)) {
          const path = tilePath(t.level, t.index, t.width);
          expect(hex(split.files.get(path)!)).toBe(hex(whole.files.get(path)!));
        }
        // Each batch wrote the tiles Go's NewTiles lists for its growth, and the matching bundles.
        let size = 0;
        split.perBatch.forEach((paths, i) => {
          const next = size + sizes[i]!;
          const tiles = newTiles(size, next).map((t) => tilePath(t.level, t.index, t.width));
          const bundles = newTiles(size, next)
            .filter((t) => t.level === 0)
            .map((t) => entryBundlePath(t.index, t.width));
          expect([...paths].sort()).toEqual([...tiles, ...bundles].sort());
          size = next;
        });
        expect(split.edge.size).toBe(total);
        expect(hex(edgeRoot(split.edge))).toBe(hex(naiveMth(all)));
      }),
      { numRuns: 40 },
    );
  });

  it('given 65,793 entries then a full level-1 tile exists, the audit passes and proofs from tiles equal in-memory ones', async () => {
    const all = entries(65_793, 3);
    const { files, edge } = publishBatches([all.slice(0, 1000), all.slice(1000, 65_535), all.slice(65_535)]);
    expect(files.has('tile/1/000')).toBe(true);
    expect(files.has('tile/2/000.p/1')).toBe(true);
    expect(files.has('tile/0/x001/000.p/1')).toBe(false); // 65,793 = 257·256 + 1: tile 257 has width 1
    expect(files.has('tile/0/257.p/1')).toBe(true);
    const tree = MemoryTree.fromEntries(all);
    const root = tree.root();
    expect(hex(edgeRoot(edge))).toBe(hex(root));

    const fetch = fetchFrom(files);
    const audited = await auditTiles(edge.size, root, fetch);
    expect(audited).toHaveLength(65_793);
    expect(hex(audited[65_792]!)).toBe(hex(all[65_792]!));

    const reader = tileHashReader(edge.size, fetch);
    expect(hex(await treeHash(edge.size, reader))).toBe(hex(root));
    expect(hex(await treeHash(70, reader))).toBe(hex(tree.root(70)));
    for (const index of [0, 255, 256, 65_535, 65_536, 65_792]) {
      expect((await proveInclusion(index, edge.size, reader)).map(hex)).toEqual(tree.inclusionProof(index).map(hex));
    }
    for (const old of [1, 256, 1000, 65_536, 65_792]) {
      expect((await proveConsistency(old, edge.size, reader)).map(hex)).toEqual(tree.consistencyProof(old).map(hex));
    }
    expect(hex(edgeRoot(await readEdge(edge.size, fetch)))).toBe(hex(root));
  });
});

describe('the audit', () => {
  const all = entries(600, 11);
  const published = () => publishBatches([all.slice(0, 300), all.slice(300)]);
  const root = MemoryTree.fromEntries(all).root();

  it('given intact tiles then every entry comes back in order', async () => {
    const { files } = published();
    const got = await auditTiles(600, root, fetchFrom(files));
    expect(got.map(hex)).toEqual(all.map(hex));
  });

  it.each([
    ['a flipped hash in a level-0 tile', 'tile/0/001', (d: Uint8Array) => d.map((b, i) => (i === 40 ? b ^ 1 : b))],
    ['a flipped byte in a bundle', 'tile/entries/002.p/88', (d: Uint8Array) => d.map((b, i) => (i === 5 ? b ^ 1 : b))],
    ['a level-1 tile that lies', 'tile/1/000.p/2', (d: Uint8Array) => d.map((b, i) => (i === 0 ? b ^ 1 : b))],
    ['a bundle with an entry too many', 'tile/entries/000', (d: Uint8Array) => new Uint8Array([...d, 0, 1, 0x41])],
  ])('given %s then the audit names the file', async (_, path, corrupt) => {
    const { files } = published();
    files.set(path, corrupt(files.get(path)!));
    await expect(auditTiles(600, root, fetchFrom(files))).rejects.toThrow(path.replace(/\.p\/.*/, ''));
  });

  it('given a missing tile or a wrong root then the audit fails', async () => {
    const { files } = published();
    await expect(auditTiles(600, leafHash(Buffer.from('x')), fetchFrom(files))).rejects.toThrow('checkpoint root');
    files.delete('tile/0/002.p/88');
    await expect(auditTiles(600, root, fetchFrom(files))).rejects.toThrow('tile/0/002.p/88 is missing');
  });

  it('given a tile reader then subtrees beyond the tree and tiles of the wrong length are refused', async () => {
    const { files } = published();
    const reader = tileHashReader(600, fetchFrom(files));
    await expect(reader([{ level: 3, index: 75 }])).rejects.toThrow('not complete');
    files.set('tile/0/000', files.get('tile/0/000')!.subarray(32));
    await expect(tileHashReader(600, fetchFrom(files))([{ level: 0, index: 0 }])).rejects.toThrow('8160 bytes');
  });
});
