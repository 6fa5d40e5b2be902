/**
 * The storage of an edition's transparency log ({@link LogStore}): the head and the leaf index in the configuration
 * table, the public files in the lists bucket ({@link LogFiles}).
 *
 * - `LOG#<name>` / `HEAD` → `{version, head}`: the head as `encodeLogHead`'s JSON text (the right edge of the tree and
 *   the batch being published; batches are capped by the sequencer so it stays far below DynamoDB's 400 KB).
 *   `replaceHead` is a conditional put on `version`: the single point of serialisation of the log.
 * - `LOGLEAF#<name>#<bucket>` / `<entry key>` → `{index, leafHash}`: where each entry sits, spread over buckets (a hash
 *   of the key) so that a click-day burst does not write one partition; read back by key with BatchGetItem.
 * - `LOG#<name>` / `CHECKPOINT` → `{size, signed}`: the largest checkpoint published. The public checkpoint is put
 *   only after this item accepted it (`size` never decreases), then re-read: a writer that lost the race to a larger
 *   tree puts that one instead, so the served checkpoint ends on the largest tree and never stays behind.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { fromBase64, toBase64 } from '#domain/transparency/encoding';
import {
  decodeLogHead,
  encodeLogHead,
  type LeafRecord,
  type LogHead,
  type LogStore,
  type PublishBatch,
} from '#domain/transparency/log';
import { guard, isConditionalFailure } from '#adapters/failures';
import type { LogFiles } from '#adapters/s3/log-files';
import { batchWriteAll, type Item, mapLimit } from './requests.ts';

const LEAF_BUCKETS = 16;
const headKey = (name: string) => ({ pk: `LOG#${name}`, sk: 'HEAD' });
const checkpointKey = (name: string) => ({ pk: `LOG#${name}`, sk: 'CHECKPOINT' });
const leafKey = (name: string, key: string) => ({
  pk: `LOGLEAF#${name}#${createHash('sha256').update(key).digest().readUInt32BE(0) % LEAF_BUCKETS}`,
  sk: key,
});

export class DynamoLogStore implements LogStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly files: LogFiles,
  ) {}

  private get name(): string {
    return this.files.name;
  }

  async loadHead(): Promise<LogHead | null> {
    const item = await this.get(headKey(this.name));
    return item ? decodeLogHead(String(item.head)) : null;
  }

  async replaceHead(expectedVersion: number | null, next: LogHead): Promise<boolean> {
    try {
      await guard('dynamodb:PutItem', () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...headKey(this.name), version: next.version, head: encodeLogHead(next) },
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#version = :v',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':v': expectedVersion },
                }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async publish(batch: PublishBatch): Promise<void> {
    await mapLimit(batch.files, 8, (f) => this.files.putTile(f.path, f.data));
    await batchWriteAll(
      this.db,
      this.table,
      batch.leaves.map((l) => ({
        PutRequest: { Item: { ...leafKey(this.name, l.key), index: l.index, leafHash: toBase64(l.leafHash) } },
      })),
    );
    await this.serveCheckpoint(batch.checkpoint);
  }

  async findLeaves(keys: readonly string[]): Promise<ReadonlyMap<string, LeafRecord>> {
    const found = new Map<string, LeafRecord>();
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100).map((k) => leafKey(this.name, k));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** attempt)));
        const out = await guard('dynamodb:BatchGetItem', () =>
          this.db.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
          ),
        );
        for (const item of (out.Responses?.[this.table] ?? []) as Item[]) {
          const hash = fromBase64(String(item.leafHash));
          if (!hash) throw new Error(`malformed leaf record ${String(item.sk)}`);
          found.set(String(item.sk), { key: String(item.sk), index: Number(item.index), leafHash: hash });
        }
        pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  }

  readFile(path: string): Promise<Uint8Array | null> {
    return this.files.get(path);
  }

  /** The largest checkpoint published so far (what `<prefix>/checkpoint` serves). */
  async servedCheckpoint(): Promise<{ size: number; signed: string } | null> {
    const item = await this.get(checkpointKey(this.name));
    return item ? { size: Number(item.size), signed: String(item.signed) } : null;
  }

  private async serveCheckpoint(checkpoint: { size: number; signed: string }): Promise<void> {
    try {
      await guard('dynamodb:PutItem', () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...checkpointKey(this.name), ...checkpoint },
            ConditionExpression: 'attribute_not_exists(pk) OR #size <= :size',
            ExpressionAttributeNames: { '#size': 'size' },
            ExpressionAttributeValues: { ':size': checkpoint.size },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error; // a larger tree is already served: leave it
    }
    const served = await this.servedCheckpoint();
    await this.files.putCheckpoint(served && served.size > checkpoint.size ? served.signed : checkpoint.signed);
  }

  private async get(key: Record<string, unknown>): Promise<Item | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })),
    );
    return out.Item as Item | undefined;
  }
}
