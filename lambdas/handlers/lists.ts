/** The public lists Lambda (R18): the index and the current list files, read from the lists bucket. */
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { BUCKETS } from '#catalogue/resources';
import { parseEnv } from '#http/env';
import { listsHandler } from '#http/routes/lists';

const env = parseEnv({ [BUCKETS.lists.env]: z.string().min(1) });
export const handler = listsHandler({ bucket: new ListsBucket(awsClients().s3, env[BUCKETS.lists.env] as string) });
