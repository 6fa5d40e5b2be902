/**
 * The log's public files in the lists bucket, under `log/<name>/` (served at `/log/<name>/…` by CloudFront on AWS and
 * by the local gateway): tiles and entry bundles are immutable (a path never receives other bytes, so they are cached
 * for a year), the checkpoint changes every few seconds (cached for at most 2 s), `log/index.json` is revalidated.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListsBucket } from './lists-bucket.ts';

export const LOG_PREFIX = 'log';
export const TILE_CACHE = 'public, max-age=31536000, immutable';
export const CHECKPOINT_CACHE = 'public, max-age=2';
export const INDEX_CACHE = 'public, no-cache';

export class LogFiles {
  private readonly bucket: ListsBucket;

  constructor(
    s3: S3Client,
    bucketName: string,
    readonly name: string,
  ) {
    this.bucket = new ListsBucket(s3, bucketName);
  }

  key(path: string): string {
    return `${LOG_PREFIX}/${this.name}/${path}`;
  }

  putTile(path: string, data: Uint8Array): Promise<void> {
    return this.bucket.put(this.key(path), Buffer.from(data), 'application/octet-stream', TILE_CACHE);
  }

  putCheckpoint(signed: string): Promise<void> {
    return this.bucket.put(this.key('checkpoint'), signed, 'text/plain; charset=utf-8', CHECKPOINT_CACHE);
  }

  /** A file beside the log that never changes once the rules entry commits to it (the public tables). */
  putTable(path: string, text: string): Promise<void> {
    return this.bucket.put(this.key(path), text, 'text/csv; charset=utf-8', TILE_CACHE);
  }

  async get(path: string): Promise<Uint8Array | null> {
    const stored = await this.bucket.get(this.key(path));
    return stored ? new Uint8Array(stored.body) : null;
  }
}

/** `log/index.json` of the whole site. */
export class LogIndexFile {
  private readonly bucket: ListsBucket;
  static readonly KEY = `${LOG_PREFIX}/index.json`;

  constructor(s3: S3Client, bucketName: string) {
    this.bucket = new ListsBucket(s3, bucketName);
  }

  async read(): Promise<string | null> {
    return (await this.bucket.get(LogIndexFile.KEY))?.body.toString('utf8') ?? null;
  }

  write(json: string): Promise<void> {
    return this.bucket.put(LogIndexFile.KEY, json, 'application/json; charset=utf-8', INDEX_CACHE);
  }
}
