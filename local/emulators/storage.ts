/** s3rver: S3 backed by a directory, in this process, accepting the local cloud's dummy credentials. */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from './dynamodb.ts';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface DummyAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

let keyPairAdded = false;

export async function startStorage(stateDir: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  mkdirSync(stateDir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver is CommonJS without an ES entry
  const S3rver = require('s3rver') as S3rverClass;
  if (!keyPairAdded) {
    // s3rver only knows the key S3RVER/S3RVER unless told otherwise; the SDK clients sign with the local cloud's pair.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal CommonJS module of s3rver
    const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: DummyAccount };
    DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
    keyPairAdded = true;
  }
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: stateDir, silent: true });
  const address = await server.run();
  const emulator: RunningEmulator = { endpoint: `http://127.0.0.1:${address.port}`, stop: () => server.close() };
  return emulator;
}
