/**
 * RFC 6962 / RFC 9162 Merkle hashing and proofs: known test vectors, then properties against a naive reference.
 *
 * Vectors (transcribed, with their source):
 * - RFC 6962 test tree of 8 leaves, its roots for sizes 1–8, inclusion and consistency proofs: originally Certificate
 *   Transparency's `merkle_tree_test.cc`, as kept in transparency-dev/merkle `proof/verify_test.go` at
 *   https://github.com/transparency-dev/merkle/blob/9ca563d3ac2bab915317cf153ed4f952f6e74c07/proof/verify_test.go
 *   (same values as the JSON probes now in https://github.com/transparency-dev/merkle/tree/main/testdata, e.g.
 *   `testdata/inclusion/2/happy-path.json`, `testdata/consistency/2/happy-path.json`); the corruption probes below
 *   port that file's `corruptInclusionProof` / `corruptConsistencyProof`.
 * - Edge cases `testdata/consistency/additional/*.json` and `testdata/inclusion/single-entry/*.json` of the same repo.
 * - Hasher vectors of transparency-dev/merkle `rfc6962/rfc6962_test.go`
 *   (https://github.com/transparency-dev/merkle/blob/main/rfc6962/rfc6962_test.go).
 * - Go's `golang.org/x/mod/sumdb/tlog`: `RecordHash("hello world")` from `note_test.go` (TestFormatTree), the empty
 *   tree from `tlog_test.go` (TestEmptyTree), and the shape of TestTree (every proof of every tree of 1–100 leaves
 *   "leaf %d", each proof hash corrupted in turn): https://github.com/golang/mod/blob/master/sumdb/tlog/tlog_test.go
 */
import fc from 'fast-check';
import {
  EMPTY_ROOT,
  type Hash,
  type HashReader,
  leafHash,
  MemoryTree,
  merkleRoot,
  nodeHash,
  proveConsistency,
  proveInclusion,
  rootFromInclusionProof,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from '#domain/transparency/merkle';
import { entries, fromB64, fromHex, hex, naiveMth, naivePath, naiveProof } from './naive-merkle.ts';

// ---- RFC 6962 test tree ------------------------------------------------------------------------------------------

const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  fromHex,
);

const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** `leaf` is 1-based in the source table; here it is the 0-based leaf index. */
const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  { index: 0, size: 1, proof: [] },
];

const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
const flip = (h: Uint8Array, mask: number) => {
  const c = new Uint8Array(h);
  c[0] = c[0]! ^ mask;
  return c;
};

describe('RFC 6962 hashing', () => {
  it('given the transparency-dev rfc6962 hasher vectors then the same hashes', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(leafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(leafHash(Buffer.from('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
    expect(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it("given Go sumdb/tlog's RecordHash vector and empty tree then the same hashes", () => {
    expect(Buffer.from(leafHash(Buffer.from('hello world'))).toString('base64')).toBe(
      'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=',
    );
    expect(merkleRoot([])).toEqual(EMPTY_ROOT);
    expect(new MemoryTree().root(0)).toEqual(EMPTY_ROOT);
  });

  it('given the RFC 6962 test leaves then the roots of sizes 1 to 8 are the published ones', () => {
    const tree = MemoryTree.fromEntries(LEAVES);
    expect(ROOTS.map((_, i) => hex(tree.root(i + 1)))).toEqual(ROOTS);
  });
});

describe('inclusion proofs on the RFC 6962 test tree', () => {
  const tree = MemoryTree.fromEntries(LEAVES);

  it.each(INCLUSION)('given leaf $index of $size then the published proof is generated and verifies', (v) => {
    const proof = v.proof.map(fromHex);
    expect(tree.inclusionProof(v.index, v.size).map(hex)).toEqual(v.proof);
    const leaf = leafHash(LEAVES[v.index]!);
    expect(hex(rootFromInclusionProof(v.index, v.size, leaf, proof)!)).toBe(ROOTS[v.size - 1]);
    expect(verifyInclusion(v.index, v.size, leaf, proof, fromHex(ROOTS[v.size - 1]!))).toBe(true);
  });

  // Port of corruptInclusionProof (transparency-dev/merkle proof/verify_test.go @9ca563d).
  it.each(INCLUSION.filter((v) => v.size > 1))('given leaf $index of $size then every corruption fails', (v) => {
    const proof = v.proof.map(fromHex);
    const root = fromHex(ROOTS[v.size - 1]!);
    const leaf = leafHash(LEAVES[v.index]!);
    const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      ['index - 1', v.index - 1, v.size, root, leaf, proof],
      ['index + 1', v.index + 1, v.size, root, leaf, proof],
      ['index ^ 2', v.index ^ 2, v.size, root, leaf, proof],
      ['size * 2', v.index, v.size * 2, root, leaf, proof],
      ['size / 2', v.index, Math.floor(v.size / 2), root, leaf, proof],
      ['wrong leaf', v.index, v.size, root, Buffer.from('WrongLeaf'), proof],
      ['empty root', v.index, v.size, EMPTY_ROOT, leaf, proof],
      ['random root', v.index, v.size, SOME_HASH, leaf, proof],
      ['trailing garbage', v.index, v.size, root, leaf, [...proof, new Uint8Array()]],
      ['trailing root', v.index, v.size, root, leaf, [...proof, root]],
      ['preceding garbage', v.index, v.size, root, leaf, [new Uint8Array(), ...proof]],
      ['preceding root', v.index, v.size, root, leaf, [root, ...proof]],
      ['removed component', v.index, v.size, root, leaf, proof.slice(0, -1)],
      ['inserted component', v.index, v.size, root, leaf, [proof[0]!, SOME_HASH, ...proof.slice(1)]],
      ...proof.map((_, i): [string, number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        `modified proof[${i}] bit 3`,
        v.index,
        v.size,
        root,
        leaf,
        proof.map((h, j) => (j === i ? flip(h, 8) : h)),
      ]),
    ];
    const accepted = probes.filter(([, i, s, r, l, p]) => verifyInclusion(i, s, l, p, r)).map(([d]) => d);
    expect(accepted).toEqual([]);
  });

  it('given the single-entry probes of transparency-dev testdata then only the matching pair verifies', () => {
    const h = fromB64('DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=');
    expect(h).toEqual(leafHash(Buffer.from('data')));
    expect(verifyInclusion(0, 1, h, [], h)).toBe(true);
    expect(verifyInclusion(0, 1, new Uint8Array(), [], h)).toBe(false);
    expect(verifyInclusion(0, 1, h, [], new Uint8Array())).toBe(false);
    expect(verifyInclusion(0, 1, new Uint8Array(), [], new Uint8Array())).toBe(false);
  });

  it('given impossible indexes and sizes then verification fails instead of throwing', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 4],
      [0.5, 4],
    ] as const) {
      expect(verifyInclusion(index, size, SOME_HASH, [], EMPTY_ROOT)).toBe(false);
    }
    expect(() => tree.inclusionProof(8, 8)).toThrow('not in a tree');
  });
});

describe('consistency proofs on the RFC 6962 test tree', () => {
  const tree = MemoryTree.fromEntries(LEAVES);

  it.each(CONSISTENCY)('given $size1 → $size2 then the published proof is generated and verifies', (v) => {
    expect(tree.consistencyProof(v.size1, v.size2).map(hex)).toEqual(v.proof);
    const ok = verifyConsistency(
      v.size1,
      v.size2,
      v.proof.map(fromHex),
      fromHex(ROOTS[v.size1 - 1]!),
      fromHex(ROOTS[v.size2 - 1]!),
    );
    expect(ok).toBe(true);
  });

  // Port of corruptConsistencyProof (same file).
  it.each(CONSISTENCY.filter((v) => v.proof.length > 0))('given $size1 → $size2 then every corruption fails', (v) => {
    const proof = v.proof.map(fromHex);
    const r1 = fromHex(ROOTS[v.size1 - 1]!);
    const r2 = fromHex(ROOTS[v.size2 - 1]!);
    const wrong = Buffer.from('WrongRoot');
    const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      ['size1 - 1', v.size1 - 1, v.size2, r1, r2, proof],
      ['size1 + 1', v.size1 + 1, v.size2, r1, r2, proof],
      ['size1 ^ 2', v.size1 ^ 2, v.size2, r1, r2, proof],
      ['size2 * 2', v.size1, v.size2 * 2, r1, r2, proof],
      ['size2 / 2', v.size1, Math.floor(v.size2 / 2), r1, r2, proof],
      ['wrong root1', v.size1, v.size2, wrong, r2, proof],
      ['wrong root2', v.size1, v.size2, r1, wrong, proof],
      ['swapped roots', v.size1, v.size2, r2, r1, proof],
      ['empty proof', v.size1, v.size2, r1, r2, []],
      ['trailing garbage', v.size1, v.size2, r1, r2, [...proof, new Uint8Array()]],
      ['trailing root1', v.size1, v.size2, r1, r2, [...proof, r1]],
      ['trailing root2', v.size1, v.size2, r1, r2, [...proof, r2]],
      ['preceding garbage', v.size1, v.size2, r1, r2, [new Uint8Array(), ...proof]],
      ['preceding root1', v.size1, v.size2, r1, r2, [r1, ...proof]],
      ['preceding root2', v.size1, v.size2, r1, r2, [r2, ...proof]],
      ['preceding proof[0]', v.size1, v.size2, r1, r2, [proof[0]!, ...proof]],
      ['truncated proof', v.size1, v.size2, r1, r2, proof.slice(0, -1)],
      ...proof.map((_, i): [string, number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        `modified proof[${i}] bit 4`,
        v.size1,
        v.size2,
        r1,
        r2,
        proof.map((h, j) => (j === i ? flip(h, 16) : h)),
      ]),
    ];
    const accepted = probes.filter(([, s1, s2, a, b, p]) => verifyConsistency(s1, s2, p, a, b)).map(([d]) => d);
    expect(accepted).toEqual([]);
  });

  it('given the edge cases of testdata/consistency/additional then the same verdicts', () => {
    const empty = fromB64('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    const care1 = fromB64('ZG9uJ3QgY2FyZSAx'); // "don't care 1": not a hash
    const care2 = fromB64('ZG9uJ3QgY2FyZSAy');
    const rejected: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      ['empty tree is useless', 0, 1, empty, empty, [empty]],
      ['roots differ, sizes 0', 0, 0, empty, care2, []],
      ['roots differ, sizes 1', 1, 1, empty, care2, []],
      ['size1 > size2 again', 2, 1, care1, care2, []],
      ['size1 > size2', 1, 0, care1, care2, []],
      ['size1 0 ≠ size2', 0, 1, care1, care2, []],
      ['size1 0, size2 not', 0, 1, empty, care2, []],
      ['sizes 1, roots differ', 1, 1, care1, care2, []],
      ['sizes 0, proof empty', 0, 0, care1, care1, []],
      ['sizes 0, roots differ', 0, 0, care1, care2, []],
      ['sizes differ, proof empty', 1, 2, care1, care2, []],
      ['sizes 1, proof not empty', 1, 1, empty, empty, [empty]],
      ['sizes 0, proof not empty', 0, 0, empty, empty, [empty]],
    ];
    expect(rejected.filter(([, s1, s2, a, b, p]) => verifyConsistency(s1, s2, p, a, b)).map(([d]) => d)).toEqual([]);
    // "sizes are equal (one) and proof is empty": accepted there with 12-byte "roots"; here a root is a 32-byte hash.
    expect(verifyConsistency(1, 1, [], care2, care2)).toBe(false);
    expect(verifyConsistency(1, 1, [], empty, empty)).toBe(true);
  });

  it('given an old size of 0 or larger than the new one then no proof is generated', () => {
    expect(() => tree.consistencyProof(0, 5)).toThrow('empty tree');
    expect(() => tree.consistencyProof(6, 5)).toThrow('larger');
  });
});

describe("Go sumdb/tlog TestTree's shape: every proof of every tree of 1 to 100 leaves", () => {
  it('given leaves "leaf i" then every inclusion and consistency proof verifies and any flipped hash fails', () => {
    const data = Array.from({ length: 100 }, (_, i) => Buffer.from(`leaf ${i}`));
    const tree = MemoryTree.fromEntries(data);
    const failures: string[] = [];
    let checked = 0;
    const roots = Array.from({ length: 101 }, (_, n) => tree.root(n));
    for (let size = 1; size <= 100; size++) {
      const root = roots[size]!;
      for (let j = 0; j < size; j++) {
        const leaf = leafHash(data[j]!);
        const proof = tree.inclusionProof(j, size);
        if (!verifyInclusion(j, size, leaf, proof, root)) failures.push(`inclusion ${j}/${size}`);
        proof.forEach((_, k) => {
          const bad = proof.map((h, i) => (i === k ? flip(h, 1) : h));
          if (verifyInclusion(j, size, leaf, bad, root)) failures.push(`corrupt inclusion ${j}/${size}#${k}`);
        });
        const old = j + 1;
        const cproof = tree.consistencyProof(old, size);
        if (!verifyConsistency(old, size, cproof, roots[old]!, root)) failures.push(`consistency ${old}/${size}`);
        cproof.forEach((_, k) => {
          const bad = cproof.map((h, i) => (i === k ? flip(h, 1) : h));
          if (verifyConsistency(old, size, bad, roots[old]!, root))
            failures.push(`corrupt consistency ${old}/${size}#${k}`);
        });
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(5050);
  });
});

describe('properties against the naive RFC 6962 reference (random sizes up to 600)', () => {
  const world = fc
    .record({ seed: fc.nat(1000), size: fc.integer({ min: 1, max: 600 }), a: fc.nat(), b: fc.nat() })
    .map(({ seed, size, a, b }) => {
      const data = entries(size, seed);
      return { data, size, index: a % size, old: 1 + (b % size) };
    });

  it('given random trees then the root, inclusion and consistency proofs equal the naive ones and verify', () => {
    fc.assert(
      fc.property(world, ({ data, size, index, old }) => {
        const tree = MemoryTree.fromEntries(data);
        const root = tree.root();
        expect(hex(root)).toBe(hex(naiveMth(data)));
        expect(hex(tree.root(old))).toBe(hex(naiveMth(data.slice(0, old))));

        const path = tree.inclusionProof(index);
        expect(path.map(hex)).toEqual(naivePath(index, data).map(hex));
        expect(verifyInclusion(index, size, leafHash(data[index]!), path, root)).toBe(true);
        expect(verifyInclusion(index, size, leafHash(data[(index + 1) % size]!), path, root)).toBe(size === 1);

        const proof = tree.consistencyProof(old);
        expect(proof.map(hex)).toEqual(naiveProof(old, data).map(hex));
        expect(verifyConsistency(old, size, proof, tree.root(old), root)).toBe(true);
        if (old < size) expect(verifyConsistency(old, size, proof, root, root)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('given random trees then proofs over an async hash reader equal the in-memory ones, with few reads', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ data, size, index, old }) => {
        const tree = MemoryTree.fromEntries(data);
        let calls = 0;
        let read = 0;
        const reader: HashReader = async (nodes) => {
          calls++;
          read += nodes.length;
          return tree.read(nodes);
        };
        expect(hex(await treeHash(size, reader))).toBe(hex(tree.root()));
        expect((await proveInclusion(index, size, reader)).map(hex)).toEqual(tree.inclusionProof(index).map(hex));
        expect((await proveConsistency(old, size, reader)).map(hex)).toEqual(tree.consistencyProof(old).map(hex));
        // One batched read per operation at most, and O(log² n) hashes: never the whole tree.
        expect(calls).toBeLessThanOrEqual(3);
        expect(read).toBeLessThanOrEqual(3 * 11 * 11);
      }),
      { numRuns: 40 },
    );
  });

  it('given a reader answering the wrong number of hashes then the proof fails loudly', async () => {
    const bad: HashReader = async () => [] as Hash[];
    await expect(treeHash(5, bad)).rejects.toThrow('answered 0 hashes');
  });
});
