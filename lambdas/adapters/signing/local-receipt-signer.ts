/**
 * The local cloud's receipt key: a P-256 key pair kept under the state directory (`.local-cloud/receipt-key.json`,
 * mode 600), created on first use and reused across restarts, so receipts stay verifiable while the state is kept.
 * Never deployed: on AWS the key lives in KMS (`receiptSigner.ts`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jwks, ReceiptClaims, ReceiptSigner } from '#domain/counter/ports';
import { compactJws, publishedKey, signingInput } from '#domain/counter/signing';

export const LOCAL_RECEIPT_KEY_FILE = 'receipt-key.json';

export class LocalReceiptSigner implements ReceiptSigner {
  private readonly ready: Promise<{ key: KeyObject; kid: string; jwks: Jwks }>;

  constructor(privateKey: KeyObject) {
    this.ready = (async () => {
      const { kid, jwks } = await publishedKey(createPublicKey(privateKey));
      return { key: privateKey, kid, jwks };
    })();
  }

  /** The key kept in `dir`, created (exclusively: two starting processes cannot write two keys) when absent. */
  static inDirectory(dir: string): LocalReceiptSigner {
    const file = join(dir, LOCAL_RECEIPT_KEY_FILE);
    try {
      return new LocalReceiptSigner(createPrivateKey({ key: JSON.parse(readFileSync(file, 'utf8')), format: 'jwk' }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    try {
      writeFileSync(file, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600, flag: 'wx' });
      return new LocalReceiptSigner(privateKey);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return LocalReceiptSigner.inDirectory(dir);
    }
  }

  async sign(claims: ReceiptClaims): Promise<string> {
    const { key, kid } = await this.ready;
    const input = signingInput(kid, claims);
    return compactJws(input, sign('sha256', Buffer.from(input, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }));
  }

  async jwks(): Promise<Jwks> {
    return (await this.ready).jwks;
  }
}
