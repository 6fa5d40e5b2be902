/**
 * The receipt signer of `domain/counter/signing.ts`: the receipt key (Ed25519, from a secret seed) signs each receipt
 * in memory; its certificate, signed once by the KMS root key, is kept in the configuration table so that every
 * function instance (and the sends consumer, which has no KMS permission) finds it. A missing certificate is made by
 * the first counter instance that needs it (a conditional put: one wins, the others read the winner's).
 *
 * While KMS cannot be reached the certificate cannot be made: receipts are answered `PENDING` at once (the record
 * stands), and the certificate is tried again at most every `retryMs` — on the next request, or when the receipt page
 * asks (`wait`), so a signed receipt is available within seconds of KMS coming back.
 */
import { createHash } from 'node:crypto';
import type { ReceiptClaims } from '#domain/counter/ledger';
import type { ReceiptSigner } from '#domain/counter/ports';
import {
  certificate,
  certificateInput,
  type Jwks,
  type ReceiptKey,
  receiptKeyFromSeed,
  signReceipt,
} from '#domain/counter/signing';
import { loadOnce } from '#domain/kernel/once';
import type { KmsRootKey } from './kms-root-key.ts';

/** Where certificates are kept, by receipt key id. */
export interface CertificateStore {
  get(kid: string): Promise<string | undefined>;
  /** Stores `certificate` unless one is stored already; answers the stored one. */
  putIfAbsent(kid: string, certificate: string): Promise<string>;
}

export interface ReceiptSignerOptions {
  /** The secret the receipt key is derived from (any string; its SHA-256 is the Ed25519 seed). */
  seed: () => Promise<string>;
  certificates: CertificateStore;
  /** The root key; absent where the function may not certify (the sends consumer): it only reads certificates. */
  root?: Pick<KmsRootKey, 'publicJwk' | 'sign'>;
  log?: { warn(message: string, extra: Record<string, unknown>): void };
  nowMs?: () => number;
  /** @default 2000 */
  retryMs?: number;
}

export class CertifiedReceiptSigner implements ReceiptSigner {
  private readonly key: () => Promise<ReceiptKey>;
  private certificate: string | undefined;
  private attempt: Promise<string | undefined> | undefined;
  private lastFailureMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ReceiptSignerOptions) {
    this.key = loadOnce(async () =>
      receiptKeyFromSeed(
        createHash('sha256')
          .update(await options.seed(), 'utf8')
          .digest(),
      ),
    );
  }

  async sign(claims: ReceiptClaims, { wait = false } = {}): Promise<string | null> {
    const key = await this.key();
    return (await this.certified(key, wait)) ? signReceipt(claims, key) : null;
  }

  async jwks(): Promise<Jwks> {
    const key = await this.key();
    const root = await this.options.root?.publicJwk();
    const cert = await this.certified(key, true);
    return { keys: [...(root ? [root] : []), ...(cert ? [{ ...key.jwk, certificate: cert }] : [])] };
  }

  private now(): number {
    return (this.options.nowMs ?? Date.now)();
  }

  /** The certificate once known; otherwise one attempt at a time, KMS at most every `retryMs` (unless waited for). */
  private certified(key: ReceiptKey, wait: boolean): Promise<string | undefined> | string {
    if (this.certificate) return this.certificate;
    const mayCallKms = wait || this.now() - this.lastFailureMs >= (this.options.retryMs ?? 2_000);
    this.attempt ??= this.certify(key, mayCallKms).finally(() => {
      this.attempt = undefined;
    });
    return this.attempt;
  }

  private async certify(key: ReceiptKey, mayCallKms: boolean): Promise<string | undefined> {
    const { certificates, root } = this.options;
    try {
      this.certificate = await certificates.get(key.kid);
      if (this.certificate || !root || !mayCallKms) return this.certificate;
      const rootKey = await root.publicJwk();
      const input = certificateInput(rootKey.kid, key, this.now());
      this.certificate = await certificates.putIfAbsent(key.kid, certificate(input, await root.sign(input)));
      return this.certificate;
    } catch (error) {
      this.lastFailureMs = this.now();
      this.options.log?.warn('receipt key not certified yet: receipts are answered PENDING until it is', {
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return undefined;
    }
  }
}
