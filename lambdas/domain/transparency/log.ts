/**
 * The append-only click-day log of one edition: entries in, leaf indexes assigned once, tiles and a signed checkpoint
 * out, nothing after the seal.
 *
 * Why this file exists: the rules of a transparency log are easy to state and easy to break under retries and
 * concurrency — a send delivered twice by the queue must not get two leaves, two writers must not publish two
 * different trees of the same size (a fork, visible to anyone and fatal to the log's credibility), a crash between
 * "decided" and "published" must not lose or change anything, and once sealed the log must refuse everything. This
 * class keeps those rules over a small storage port ({@link LogStore}) that an adapter implements (e.g. DynamoDB for
 * the head and the leaf index, S3 for the public files).
 *
 * The protocol of one append:
 * 1. load the head; if it carries a `pending` batch (a previous writer decided but may not have published), publish
 *    it again (publishing is idempotent) and clear it;
 * 2. look up every entry's key (`send <token>`, `annulment <token>`, `rules`, `seal`): an entry already in the log is
 *    a `duplicate` (same bytes) or a `conflict` (other bytes, e.g. another arrival time) and gets no new leaf;
 * 3. compute the new tiles and root from the head's right edge, sign the checkpoint;
 * 4. compare-and-set the head (new state + the batch as `pending`): only one writer wins a given version, so only one
 *    tree of each size is ever decided; the loser starts again from 1;
 * 5. publish the batch (files, leaf index records, checkpoint) and clear `pending`.
 *
 * Files are a pure function of the decided states, so republishing writes identical bytes. The port must only
 * make `replaceHead` atomic and never let the checkpoint it serves go back to a smaller tree (see {@link LogStore}).
 */
import { type Checkpoint, signCheckpoint } from './checkpoint.ts';
import { fromBase64, toBase64 } from './encoding.ts';
import { type AnnulmentEntry, encodeEntry, entryKey, type LogEntry, type SendEntry } from './entries.ts';
import { bytesEqual, type Hash, leafHash, proveConsistency, proveInclusion } from './merkle.ts';
import type { NoteSigner } from './note.ts';
import {
  appendToEdge,
  decodeEntryBundle,
  edgeRoot,
  EMPTY_EDGE,
  entryBundlePath,
  type TileEdge,
  type TileFile,
  tileHashReader,
  TILE_WIDTH,
  tileWidth,
} from './tiles.ts';

/** The decided state of the log after its last batch. */
export interface LogState {
  readonly origin: string;
  readonly edge: TileEdge;
  readonly root: Hash;
  readonly sealed: boolean;
  /** The signed checkpoint of this state (C2SP signed note). */
  readonly checkpoint: string;
}

/** Where an entry sits: at most one leaf per key. */
export interface LeafRecord {
  readonly key: string;
  readonly index: number;
  readonly leafHash: Hash;
}

/** Everything a decided batch makes public or durable; publishing it twice is harmless. */
export interface PublishBatch {
  /** Immutable tiles and entry bundles, paths relative to the log's prefix. */
  readonly files: readonly TileFile[];
  /** Leaf index records for {@link LogStore.findLeaves}. */
  readonly leaves: readonly LeafRecord[];
  /** The new signed checkpoint, to serve at `<prefix>/checkpoint`. */
  readonly checkpoint: { readonly size: number; readonly signed: string };
}

export interface LogHead {
  /** Incremented by every head change; the compare-and-set key. */
  readonly version: number;
  readonly state: LogState;
  /** A batch decided but maybe not yet published. */
  readonly pending: PublishBatch | null;
}

/**
 * The storage port of one log (one edition).
 *
 * - `replaceHead` is a compare-and-set: it stores `next` only if the stored head's version is `expectedVersion`
 *   (`null`: only if there is no head yet), and says whether it did. This is the single point of serialisation.
 * - `publish` writes the files (each path always receives the same bytes, so a plain put is fine), the leaf records
 *   (idempotent puts keyed by `key`), and the checkpoint — the latter only if its size is ≥ the one served (a slow
 *   writer republishing an old batch must not roll the public checkpoint back).
 * - `findLeaves` answers the records published so far for the given keys (missing keys are absent from the map).
 * - `readFile` reads a published file back (null when absent).
 */
export interface LogStore {
  loadHead(): Promise<LogHead | null>;
  replaceHead(expectedVersion: number | null, next: LogHead): Promise<boolean>;
  publish(batch: PublishBatch): Promise<void>;
  findLeaves(keys: readonly string[]): Promise<ReadonlyMap<string, LeafRecord>>;
  readFile(path: string): Promise<Uint8Array | null>;
}

export class LogError extends Error {
  override name = 'LogError';
}

/** The log is sealed: no entry can be added (duplicates of entries already in it are still recognised). */
export class LogSealedError extends LogError {
  override name = 'LogSealedError';
}

/** Another writer kept winning the head for every attempt. */
export class ConcurrentAppendError extends LogError {
  override name = 'ConcurrentAppendError';
}

export interface AppendOutcome {
  readonly key: string;
  readonly index: number;
  /** `appended`: a new leaf; `duplicate`: already in the log with the same bytes; `conflict`: with other bytes. */
  readonly status: 'appended' | 'duplicate' | 'conflict';
}

export interface AppendResult {
  /** One per input entry, in input order. */
  readonly outcomes: readonly AppendOutcome[];
  readonly size: number;
  readonly root: Hash;
  readonly sealed: boolean;
  readonly checkpoint: string;
}

export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Hash[];
  /** The signed checkpoint of `size` (the current one). */
  readonly checkpoint: string;
}

export class TransparencyLog {
  private readonly maxAttempts: number;

  constructor(
    private readonly store: LogStore,
    private readonly options: { origin: string; signer: NoteSigner; maxAttempts?: number },
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /**
   * Appends entries atomically: either all new ones get consecutive leaves under one new checkpoint, or nothing
   * changes and an error says why (the first entry of a log must be its `rules` entry, for this origin; `rules` never
   * again; a `seal` must be last in its batch and carry its own index as `entries`; nothing new after the seal).
   * An empty batch, or one of duplicates only, changes nothing and answers the current checkpoint.
   */
  async append(entries: readonly LogEntry[]): Promise<AppendResult> {
    const items = entries.map((entry) => {
      const bytes = encodeEntry(entry); // validates
      return { entry, key: entryKey(entry), bytes, leafHash: leafHash(bytes) };
    });
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const head = await this.settledHead();
      const state = head?.state ?? null;
      const known = items.length === 0 ? new Map() : await this.store.findLeaves([...new Set(items.map((i) => i.key))]);
      const inBatch = new Map<string, LeafRecord>();
      const fresh: (LeafRecord & { bytes: Uint8Array })[] = [];
      const outcomes: AppendOutcome[] = [];
      const start = state?.edge.size ?? 0;
      let sealed = state?.sealed ?? false;
      for (const item of items) {
        const prior = inBatch.get(item.key) ?? known.get(item.key);
        if (prior) {
          const status = bytesEqual(prior.leafHash, item.leafHash) ? 'duplicate' : 'conflict';
          outcomes.push({ key: item.key, index: prior.index, status });
          continue;
        }
        if (sealed) throw new LogSealedError(`the log ${this.options.origin} is sealed: ${item.key} refused`);
        const index = start + fresh.length;
        this.checkPlace(item.entry, index);
        if (item.entry.kind === 'seal') sealed = true;
        const record = { key: item.key, index, leafHash: item.leafHash };
        inBatch.set(item.key, record);
        fresh.push({ ...record, bytes: item.bytes });
        outcomes.push({ key: item.key, index, status: 'appended' });
      }
      if (fresh.length === 0) {
        if (!state) throw new LogError('the log has no entry yet: its first entry is the rules entry');
        return {
          outcomes,
          size: state.edge.size,
          root: state.root,
          sealed: state.sealed,
          checkpoint: state.checkpoint,
        };
      }
      const { edge, files } = appendToEdge(
        state?.edge ?? EMPTY_EDGE,
        fresh.map((f) => f.bytes),
      );
      const root = edgeRoot(edge);
      const checkpoint: Checkpoint = { origin: this.options.origin, size: edge.size, root, extensions: [] };
      const signed = await signCheckpoint(checkpoint, [this.options.signer]);
      const next: LogHead = {
        version: (head?.version ?? 0) + 1,
        state: { origin: this.options.origin, edge, root, sealed, checkpoint: signed },
        pending: {
          files,
          leaves: fresh.map(({ key, index, leafHash: h }) => ({ key, index, leafHash: h })),
          checkpoint: { size: edge.size, signed },
        },
      };
      if (!(await this.store.replaceHead(head?.version ?? null, next))) continue;
      await this.flush(next);
      return { outcomes, size: edge.size, root, sealed, checkpoint: signed };
    }
    throw new ConcurrentAppendError(`could not append to ${this.options.origin} in ${this.maxAttempts} attempts`);
  }

  /** Appends the seal entry (`entries` = the current size), after which the log refuses every new entry. */
  async seal(sealedAt: string): Promise<AppendResult> {
    const head = await this.settledHead();
    if (!head) throw new LogError('the log has no entry yet: there is nothing to seal');
    if (head.state.sealed) throw new LogSealedError(`the log ${this.options.origin} is already sealed`);
    return this.append([{ kind: 'seal', entries: head.state.edge.size, sealedAt }]);
  }

  /** The current decided and published state (null before the first entry). */
  async current(): Promise<LogState | null> {
    return (await this.settledHead())?.state ?? null;
  }

  /** The entry at `index` as its exact bytes, read back from the published bundles. */
  async entry(index: number): Promise<Uint8Array> {
    const state = await this.requireState();
    if (!Number.isSafeInteger(index) || index < 0 || index >= state.edge.size) {
      throw new LogError(`no entry ${index} in a log of ${state.edge.size}`);
    }
    const n = Math.floor(index / TILE_WIDTH);
    const width = tileWidth(state.edge.size, 0, n);
    const data = await this.store.readFile(entryBundlePath(n, width));
    if (!data) throw new LogError(`${entryBundlePath(n, width)} is missing`);
    return decodeEntryBundle(data, width)[index - n * TILE_WIDTH]!;
  }

  /** The inclusion proof of leaf `index` in the current tree, with the current checkpoint. */
  async inclusionProof(index: number): Promise<InclusionProof> {
    const state = await this.requireState();
    const size = state.edge.size;
    const proof = await proveInclusion(
      index,
      size,
      tileHashReader(size, (p) => this.store.readFile(p)),
    );
    return { index, size, proof, checkpoint: state.checkpoint };
  }

  /** The inclusion proof of the entry with this key (e.g. `send <token>` for a receipt), or null if not logged. */
  async proveEntry(key: string): Promise<InclusionProof | null> {
    await this.requireState();
    const record = (await this.store.findLeaves([key])).get(key);
    return record ? this.inclusionProof(record.index) : null;
  }

  /** The consistency proof from the tree of `oldSize` to the current tree (or to `newSize` ≤ current). */
  async consistencyProof(oldSize: number, newSize?: number): Promise<readonly Hash[]> {
    const state = await this.requireState();
    const size = state.edge.size;
    const to = newSize ?? size;
    if (to > size) throw new LogError(`the log has ${size} entries, not ${to}`);
    return proveConsistency(
      oldSize,
      to,
      tileHashReader(size, (p) => this.store.readFile(p)),
    );
  }

  private checkPlace(entry: LogEntry, index: number): void {
    if (entry.kind === 'rules') {
      if (index !== 0) throw new LogError('the rules entry is the first entry of the log and only that');
      if (entry.origin !== this.options.origin) {
        throw new LogError(`the rules entry names ${entry.origin}, this log is ${this.options.origin}`);
      }
    } else if (index === 0) {
      throw new LogError('the first entry of the log is its rules entry');
    }
    if (entry.kind === 'seal' && entry.entries !== index) {
      throw new LogError(`the seal at index ${index} must say entries ${index}, not ${entry.entries}`);
    }
  }

  private async requireState(): Promise<LogState> {
    const state = await this.current();
    if (!state) throw new LogError('the log has no entry yet');
    return state;
  }

  /** Loads the head and makes sure its batch is published (finishing a writer that stopped half-way). */
  private async settledHead(): Promise<LogHead | null> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const head = await this.store.loadHead();
      if (head && head.state.origin !== this.options.origin) {
        throw new LogError(`the stored log is ${head.state.origin}, not ${this.options.origin}`);
      }
      if (!head?.pending) return head;
      const cleared = await this.flush(head);
      if (cleared) return cleared;
    }
    throw new ConcurrentAppendError(`the head of ${this.options.origin} kept moving`);
  }

  /** Publishes the head's pending batch and clears it; null when another writer moved the head meanwhile. */
  private async flush(head: LogHead): Promise<LogHead | null> {
    if (!head.pending) return head;
    await this.store.publish(head.pending);
    const cleared: LogHead = { version: head.version + 1, state: head.state, pending: null };
    return (await this.store.replaceHead(head.version, cleared)) ? cleared : null;
  }
}

/** The key of the send entry of a token (what a receipt's proof is looked up by); see `entryKey`. */
export function sendKey(token: SendEntry['token']): string {
  return `send ${token}`;
}

/** The key of the annulment entry of a token; see `entryKey`. */
export function annulmentKey(token: AnnulmentEntry['token']): string {
  return `annulment ${token}`;
}

// ---- head serialisation, for adapters that store the head as one text value ---------------------------------------

interface HeadJson {
  version: number;
  state: {
    origin: string;
    size: number;
    hashes: string[][];
    entries: string[];
    root: string;
    sealed: boolean;
    checkpoint: string;
  };
  pending: null | {
    files: { path: string; data: string }[];
    leaves: { key: string; index: number; leafHash: string }[];
    checkpoint: { size: number; signed: string };
  };
}

/** JSON text of a head (bytes in base64): the pending batch makes it up to a few hundred KB for a large batch. */
export function encodeLogHead(head: LogHead): string {
  const s = head.state;
  const json: HeadJson = {
    version: head.version,
    state: {
      origin: s.origin,
      size: s.edge.size,
      hashes: s.edge.hashes.map((row) => row.map(toBase64)),
      entries: s.edge.entries.map(toBase64),
      root: toBase64(s.root),
      sealed: s.sealed,
      checkpoint: s.checkpoint,
    },
    pending: head.pending && {
      files: head.pending.files.map((f) => ({ path: f.path, data: toBase64(f.data) })),
      leaves: head.pending.leaves.map((l) => ({ key: l.key, index: l.index, leafHash: toBase64(l.leafHash) })),
      checkpoint: head.pending.checkpoint,
    },
  };
  return JSON.stringify(json);
}

function bytes(text: string): Uint8Array {
  const b = fromBase64(text);
  if (!b) throw new LogError('malformed log head');
  return b;
}

/** Parses {@link encodeLogHead}'s text and checks that the stored root is the root of the stored edge. */
export function decodeLogHead(text: string): LogHead {
  const json = JSON.parse(text) as HeadJson;
  const s = json.state;
  const edge: TileEdge = { size: s.size, hashes: s.hashes.map((row) => row.map(bytes)), entries: s.entries.map(bytes) };
  const root = bytes(s.root);
  if (!bytesEqual(edgeRoot(edge), root)) throw new LogError('the stored log head is inconsistent');
  return {
    version: json.version,
    state: { origin: s.origin, edge, root, sealed: s.sealed, checkpoint: s.checkpoint },
    pending: json.pending && {
      files: json.pending.files.map((f) => ({ path: f.path, data: bytes(f.data) })),
      leaves: json.pending.leaves.map((l) => ({ key: l.key, index: l.index, leafHash: bytes(l.leafHash) })),
      checkpoint: json.pending.checkpoint,
    },
  };
}
