/**
 * The published lists bucket: put an object with its content type and cache rule, read one back (absent →
 * undefined). Errors other than "no such key" are classified by `guard` (Unavailable when S3 failed or throttled).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { guard } from '#adapters/failures';

export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
}

export class ListsBucket {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string | Buffer, contentType: string, cacheControl: string): Promise<void> {
    await guard('s3:PutObject', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          CacheControl: cacheControl,
        }),
      ),
    );
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await guard('s3:GetObject', () =>
        this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      const bytes = await out.Body?.transformToByteArray();
      return { body: Buffer.from(bytes ?? []), contentType: out.ContentType };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
      throw error;
    }
  }
}
