/**
 * An in-memory {@link LogStore} for tests: the head is kept as the JSON text of `encodeLogHead` (so every test also
 * exercises the head's serialisation), files are write-once (a path rewritten with other bytes throws: that would be
 * a published file changing under a CDN), the served checkpoint never goes back to a smaller tree, and faults can be
 * injected: a publish that fails, and a pause inside `loadHead`/`replaceHead` to interleave concurrent writers.
 */
import {
  decodeLogHead,
  encodeLogHead,
  type LeafRecord,
  type LogHead,
  type LogStore,
  type PublishBatch,
} from '#domain/transparency/log';

export class MemoryLogStore implements LogStore {
  headText: string | null = null;
  readonly files = new Map<string, Uint8Array>();
  readonly leaves = new Map<string, LeafRecord>();
  /** Every checkpoint ever served, in order. */
  readonly served: { size: number; signed: string }[] = [];
  /** Fail the next N publishes after writing half of the files. */
  failPublishes = 0;
  /** Yield to the event loop inside head operations, so that concurrent writers interleave. */
  interleave = false;
  casFailures = 0;

  async loadHead(): Promise<LogHead | null> {
    await this.pause();
    return this.headText === null ? null : decodeLogHead(this.headText);
  }

  async replaceHead(expectedVersion: number | null, next: LogHead): Promise<boolean> {
    await this.pause();
    const current = this.headText === null ? null : decodeLogHead(this.headText).version;
    if (current !== expectedVersion) {
      this.casFailures++;
      return false;
    }
    this.headText = encodeLogHead(next);
    return true;
  }

  async publish(batch: PublishBatch): Promise<void> {
    const files = batch.files;
    const fail = this.failPublishes > 0;
    const upTo = fail ? Math.floor(files.length / 2) : files.length;
    for (const f of files.slice(0, upTo)) {
      const old = this.files.get(f.path);
      if (old && Buffer.compare(old, f.data) !== 0) throw new Error(`${f.path} rewritten with other bytes`);
      this.files.set(f.path, f.data);
    }
    if (fail) {
      this.failPublishes--;
      throw new Error('publish interrupted');
    }
    for (const l of batch.leaves) this.leaves.set(l.key, l);
    const last = this.served[this.served.length - 1];
    if (!last || batch.checkpoint.size >= last.size) this.served.push(batch.checkpoint);
  }

  async findLeaves(keys: readonly string[]): Promise<ReadonlyMap<string, LeafRecord>> {
    const out = new Map<string, LeafRecord>();
    for (const k of keys) {
      const l = this.leaves.get(k);
      if (l) out.set(k, l);
    }
    return out;
  }

  async readFile(path: string): Promise<Uint8Array | null> {
    return this.files.get(path) ?? null;
  }

  /** The checkpoint a visitor of `<prefix>/checkpoint` would get. */
  get checkpoint(): string | null {
    return this.served[this.served.length - 1]?.signed ?? null;
  }

  private async pause(): Promise<void> {
    if (this.interleave) await new Promise((resolve) => setImmediate(resolve));
  }
}
