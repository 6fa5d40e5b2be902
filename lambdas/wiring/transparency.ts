/**
 * The edition's transparency log as a function's needs allow it (`logFiles`, `logKey` in the catalogue): the pointer
 * to the open log, its store (configuration table + lists bucket) and, for writers, its checkpoint key. The pointer is
 * read on every use (one GetItem), so `ops log open` applies to the next batch without a redeploy; the log object is
 * kept while the pointer names the same log.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoLogPointer, type LogPointer } from '#adapters/dynamodb/log-pointer';
import { DynamoLogStore } from '#adapters/dynamodb/log-store';
import { LogFiles } from '#adapters/s3/log-files';
import { secretFromEnv } from '#adapters/secrets';
import { logKey, readOnlySigner } from '#adapters/signing/log-key';
import { BUCKETS } from '#catalogue/resources';
import { LOG_KEY_ENV } from '#catalogue/function-needs';
import type { SendLog } from '#domain/counter/live-ranking';
import type { LogProofs } from '#domain/counter/ports';
import { receiptLogProof } from '#domain/transparency/receipt-proof';
import { TransparencyLog } from '#domain/transparency/log';
import { logSends } from '#domain/transparency/sequencer';

export interface OpenLog {
  pointer: LogPointer;
  store: DynamoLogStore;
  log: TransparencyLog;
}

export interface LogAccess {
  /** The open log, or null when no log is open (the log is off). */
  current(): Promise<OpenLog | null>;
}

export function logAccess(options: {
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  configTable: string;
  mode: 'sign' | 'read';
  env?: NodeJS.ProcessEnv;
}): LogAccess {
  const env = options.env ?? process.env;
  const bucket = env[BUCKETS.lists.env];
  if (!bucket) throw new Error(`Invalid environment: ${BUCKETS.lists.env} is required`);
  const pointers = new DynamoLogPointer(options.documents, options.configTable);
  let secret: Promise<string> | undefined;
  let cached: OpenLog | undefined;
  return {
    async current() {
      const pointer = await pointers.current();
      if (!pointer) return null;
      if (cached?.pointer.name === pointer.name && cached.pointer.origin === pointer.origin) return cached;
      const store = new DynamoLogStore(
        options.documents,
        options.configTable,
        new LogFiles(options.s3, bucket, pointer.name),
      );
      let signer = readOnlySigner(pointer.origin);
      if (options.mode === 'sign') {
        secret ??= secretFromEnv(LOG_KEY_ENV, env).catch((error: unknown) => {
          secret = undefined;
          throw error;
        });
        signer = logKey(await secret, pointer.origin).signer;
      }
      cached = { pointer, store, log: new TransparencyLog(store, { origin: pointer.origin, signer, maxAttempts: 20 }) };
      return cached;
    },
  };
}

/** The consumer's view of the log: append a batch when a log is open, nothing otherwise (the log is off). */
export function sendLog(access: LogAccess): SendLog {
  return {
    async append(sends) {
      const open = await access.current();
      if (open) await logSends(open.log, sends);
    },
  };
}

/** The counter's view of the log: the inclusion proof of a receipt's send in the current tree. */
export function logProofs(access: LogAccess): LogProofs {
  return {
    async proofOf(receipt) {
      const open = await access.current();
      if (!open) return null;
      return receiptLogProof(open.log, open.pointer, receipt);
    },
  };
}
