/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification for the click-day log.
 *
 * Why this file exists: every published checkpoint commits to the log through the RFC 6962 tree hash, and everything a
 * participant or an auditor checks (inclusion of a send, consistency between two checkpoints, the root recomputed
 * from the tiles) reduces to the functions here. They follow the RFCs' recursive definitions literally:
 *
 * - leaf hash `SHA-256(0x00 ‖ entry)`, interior node `SHA-256(0x01 ‖ left ‖ right)`, empty tree `SHA-256("")`
 *   (RFC 6962 §2.1, RFC 9162 §2.1.1);
 * - proofs are generated as RFC 6962 §2.1.1 `PATH` and §2.1.2 `PROOF`, and verified with RFC 9162 §2.1.3.2 and
 *   §2.1.4.2 (the bit-walking algorithms), so generation and verification are two independent readings of the spec.
 *
 * A large log must not be rehashed to answer a proof: the generators only *plan* which stored subtree hashes they
 * need (complete subtrees, addressed by {@link NodeId}), read them all at once through a {@link HashReader} (an async
 * one over published tiles, or a synchronous one in memory), and fold them. This is the design of Go's
 * `golang.org/x/mod/sumdb/tlog` (`TreeHash`, `ProveRecord`, `ProveTree`), with (level, index) addressing instead of
 * Go's linear storage index.
 *
 * Sizes and indexes are JavaScript numbers (any safe integer); no 32-bit bitwise operator is used on them.
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** A SHA-256 output (32 bytes). */
export type Hash = Uint8Array;

/**
 * The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). Typed arrays cannot be frozen: functions
 * return copies of it, never this object.
 */
export const EMPTY_ROOT: Hash = new Uint8Array(createHash('sha256').digest());

/** RFC 6962 leaf hash: `SHA-256(0x00 ‖ entry)`. */
export function leafHash(entry: Uint8Array): Hash {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(entry).digest());
}

/** RFC 6962 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`. */
export function nodeHash(left: Hash, right: Hash): Hash {
  return new Uint8Array(createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest());
}

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/**
 * A complete subtree of the log: the `index`-th subtree of `2^level` leaves, i.e. the tree hash of leaves
 * `[index·2^level, (index+1)·2^level)`. Level 0 nodes are leaf hashes. Only complete subtrees are ever stored.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Reads stored hashes of complete subtrees; must answer one 32-byte hash per requested node, in order. */
export type HashReader = (nodes: readonly NodeId[]) => Promise<readonly Hash[]>;
/** The synchronous form of {@link HashReader}, for trees held in memory. */
export type SyncHashReader = (nodes: readonly NodeId[]) => readonly Hash[];

export class MerkleError extends Error {
  override name = 'MerkleError';
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---- planning: which complete subtrees a root or a proof needs --------------------------------------------------

/** A half-open range of leaf indexes `[lo, hi)` whose RFC 6962 tree hash is one element of a proof or a root. */
type Range = readonly [lo: number, hi: number];

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new MerkleError(`${name} must be a non-negative safe integer`);
}

/** The largest power of two that is ≤ n (n ≥ 1), with its exponent. */
function powerAtMost(n: number): { k: number; level: number } {
  let k = 1;
  let level = 0;
  while (k * 2 <= n) {
    k *= 2;
    level++;
  }
  return { k, level };
}

/** The largest power of two strictly below n (n ≥ 2): RFC 6962's split point `k`. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees, left to right, whose hashes fold (right to left) into the RFC 6962 tree hash of
 * `[lo, hi)`. `lo` must be aligned as in every range RFC 6962 recursion produces (a multiple of each subtree taken).
 */
export function subtreeNodes(lo: number, hi: number): NodeId[] {
  const nodes: NodeId[] = [];
  while (lo < hi) {
    const { k, level } = powerAtMost(hi - lo);
    if (lo % k !== 0) throw new MerkleError(`range [${lo}, ${hi}) is not aligned`);
    nodes.push({ level, index: lo / k });
    lo += k;
  }
  return nodes;
}

/** RFC 6962 §2.1.1 `PATH(m, D[lo:hi])` as ranges, deepest first (the order RFC 9162 verifiers expect). */
function inclusionRanges(m: number, lo: number, hi: number, out: Range[]): Range[] {
  if (hi - lo === 1) return out;
  const k = splitPoint(hi - lo);
  if (m < lo + k) {
    inclusionRanges(m, lo, lo + k, out);
    out.push([lo + k, hi]);
  } else {
    inclusionRanges(m, lo + k, hi, out);
    out.push([lo, lo + k]);
  }
  return out;
}

/**
 * RFC 6962 §2.1.2 `SUBPROOF(m, D[lo:hi], b)` as ranges; `b` (the old root is known to the verifier) is true exactly
 * while `lo === 0`, which is how Go's `treeProof` reads it.
 */
function consistencyRanges(m: number, lo: number, hi: number, out: Range[]): Range[] {
  if (m === hi) {
    if (lo !== 0) out.push([lo, hi]);
    return out;
  }
  const k = splitPoint(hi - lo);
  if (m <= lo + k) {
    consistencyRanges(m, lo, lo + k, out);
    out.push([lo + k, hi]);
  } else {
    consistencyRanges(m, lo + k, hi, out);
    out.push([lo, lo + k]);
  }
  return out;
}

function nodeKey(node: NodeId): string {
  return `${node.level}/${node.index}`;
}

/** A plan: the distinct nodes to read, and how to turn their hashes into the hash of each range. */
interface Plan {
  nodes: NodeId[];
  assemble(hashes: readonly Hash[]): Hash[];
}

function plan(ranges: readonly Range[]): Plan {
  const nodes: NodeId[] = [];
  const position = new Map<string, number>();
  const perRange = ranges.map(([lo, hi]) =>
    subtreeNodes(lo, hi).map((node) => {
      const key = nodeKey(node);
      let at = position.get(key);
      if (at === undefined) {
        at = nodes.length;
        position.set(key, at);
        nodes.push(node);
      }
      return at;
    }),
  );
  return {
    nodes,
    assemble(hashes) {
      if (hashes.length !== nodes.length) {
        throw new MerkleError(`hash reader answered ${hashes.length} hashes for ${nodes.length} nodes`);
      }
      for (const h of hashes) if (h.length !== HASH_SIZE) throw new MerkleError('hash reader answered a bad hash');
      return perRange.map((positions) => {
        let h = hashes[positions[positions.length - 1]!]!;
        for (let i = positions.length - 2; i >= 0; i--) h = nodeHash(hashes[positions[i]!]!, h);
        return h;
      });
    },
  };
}

function rootPlan(size: number): Plan | null {
  checkSize('size', size);
  return size === 0 ? null : plan([[0, size]]);
}

function inclusionPlan(index: number, size: number): Plan {
  checkSize('size', size);
  checkSize('index', index);
  if (index >= size) throw new MerkleError(`leaf ${index} is not in a tree of size ${size}`);
  return plan(inclusionRanges(index, 0, size, []));
}

function consistencyPlan(oldSize: number, newSize: number): Plan {
  checkSize('old size', oldSize);
  checkSize('new size', newSize);
  if (oldSize > newSize) throw new MerkleError(`old size ${oldSize} is larger than new size ${newSize}`);
  if (oldSize === 0) throw new MerkleError('there is no consistency proof from the empty tree');
  if (oldSize === newSize) return plan([]);
  return plan(consistencyRanges(oldSize, 0, newSize, []));
}

// ---- generation, over a reader ----------------------------------------------------------------------------------

/** RFC 6962 `MTH(D[0:size])` from stored hashes (at most ⌈log₂ size⌉ + 1 reads, in one call). */
export async function treeHash(size: number, read: HashReader): Promise<Hash> {
  const p = rootPlan(size);
  return p ? p.assemble(await read(p.nodes))[0]! : new Uint8Array(EMPTY_ROOT);
}

/** The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, deepest sibling first. */
export async function proveInclusion(index: number, size: number, read: HashReader): Promise<Hash[]> {
  const p = inclusionPlan(index, size);
  return p.nodes.length === 0 ? [] : p.assemble(await read(p.nodes));
}

/** The consistency proof from the tree of `oldSize` ≥ 1 leaves to the tree of `newSize` leaves (empty if equal). */
export async function proveConsistency(oldSize: number, newSize: number, read: HashReader): Promise<Hash[]> {
  const p = consistencyPlan(oldSize, newSize);
  return p.nodes.length === 0 ? [] : p.assemble(await read(p.nodes));
}

export function treeHashSync(size: number, read: SyncHashReader): Hash {
  const p = rootPlan(size);
  return p ? p.assemble(read(p.nodes))[0]! : new Uint8Array(EMPTY_ROOT);
}

export function proveInclusionSync(index: number, size: number, read: SyncHashReader): Hash[] {
  const p = inclusionPlan(index, size);
  return p.nodes.length === 0 ? [] : p.assemble(read(p.nodes));
}

export function proveConsistencySync(oldSize: number, newSize: number, read: SyncHashReader): Hash[] {
  const p = consistencyPlan(oldSize, newSize);
  return p.nodes.length === 0 ? [] : p.assemble(read(p.nodes));
}

// ---- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ---------------------------------------------------------------

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

function wellFormed(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h.length === HASH_SIZE);
}

/**
 * The root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1–4), or null when the proof cannot be run
 * (index outside the tree, wrong number of hashes, malformed hash).
 */
export function rootFromInclusionProof(index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (leaf.length !== HASH_SIZE || !wellFormed(proof)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.3.2: does `proof` show that leaf `index` with hash `leaf` is in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && bytesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `oldSize` with `oldRoot` is a prefix of the tree of `newSize`
 * with `newRoot`? Edge cases the RFC leaves to the caller, decided as transparency-dev/merkle does: equal sizes need
 * an empty proof and equal roots; an old size of 0 is refused (RFC 9162 requires 0 < first: there is nothing to
 * prove about the empty tree, and no checkpoint of this log has size 0).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Hash[],
  oldRoot: Hash,
  newRoot: Hash,
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) {
    return false;
  }
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE || !wellFormed(proof)) return false;
  if (oldSize === 0) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;

  // Step 2: if the old size is a power of two, the old root itself starts the path.
  const path = powerAtMost(oldSize).k === oldSize ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

// ---- in memory ---------------------------------------------------------------------------------------------------

/**
 * A whole tree in memory: every complete subtree hash, level by level, extended as leaves are appended (each append
 * costs on average two hashes). For tests, for the verifier once it has downloaded every entry, and for tiles (a tile
 * is a small tree over its 256 hashes).
 */
export class MemoryTree {
  private readonly levels: Hash[][] = [[]];

  constructor(leafHashes: Iterable<Hash> = []) {
    for (const h of leafHashes) this.appendLeafHash(h);
  }

  static fromEntries(entries: Iterable<Uint8Array>): MemoryTree {
    const tree = new MemoryTree();
    for (const e of entries) tree.appendLeafHash(leafHash(e));
    return tree;
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  appendLeafHash(h: Hash): void {
    if (h.length !== HASH_SIZE) throw new MerkleError('a leaf hash has 32 bytes');
    let level = 0;
    let current = h;
    for (;;) {
      const row = (this.levels[level] ??= []);
      row.push(current);
      if (row.length % 2 === 1) return;
      current = nodeHash(row[row.length - 2]!, current);
      level++;
    }
  }

  /** The stored hash of a complete subtree. */
  node(level: number, index: number): Hash {
    const h = this.levels[level]?.[index];
    if (!h) throw new MerkleError(`no complete subtree at level ${level}, index ${index}`);
    return h;
  }

  readonly read: SyncHashReader = (nodes) => nodes.map((n) => this.node(n.level, n.index));

  root(size = this.size): Hash {
    this.checkWithin(size);
    return treeHashSync(size, this.read);
  }

  inclusionProof(index: number, size = this.size): Hash[] {
    this.checkWithin(size);
    return proveInclusionSync(index, size, this.read);
  }

  consistencyProof(oldSize: number, newSize = this.size): Hash[] {
    this.checkWithin(newSize);
    return proveConsistencySync(oldSize, newSize, this.read);
  }

  private checkWithin(size: number): void {
    if (size > this.size) throw new MerkleError(`the tree has ${this.size} leaves, not ${size}`);
  }
}

/** The RFC 6962 tree hash of a list of leaf hashes. */
export function merkleRoot(leafHashes: readonly Hash[]): Hash {
  return new MemoryTree(leafHashes).root();
}
