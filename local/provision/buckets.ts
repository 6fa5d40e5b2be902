/** The buckets of resources.ts; versioning where the definition asks for it (if the emulator supports it). */
import { CreateBucketCommand, HeadBucketCommand, PutBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3';
import { BUCKETS, physicalName } from '#catalogue/resources';

async function exists(s3: S3Client, name: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch {
    return false;
  }
}

export async function provisionBuckets(s3: S3Client, stage: string, warn: (message: string) => void) {
  const entries = await Promise.all(
    Object.values(BUCKETS).map(async (bucket) => {
      const name = physicalName(stage, bucket.id);
      if (!(await exists(s3, name))) await s3.send(new CreateBucketCommand({ Bucket: name }));
      if (bucket.versioned) {
        try {
          await s3.send(
            new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
          );
        } catch (error) {
          warn(
            `bucket ${name} is not versioned here: this S3 endpoint has no bucket versioning (${(error as Error).name})`,
          );
        }
      }
      return [bucket.id, { name, env: bucket.env }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
