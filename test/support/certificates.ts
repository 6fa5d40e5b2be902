/** Receipt-key certificates in memory, with the configuration table's rule: the first stored wins. */
import type { CertificateStore } from '#adapters/signing/receipt-signer';

export class MemoryCertificates implements CertificateStore {
  readonly stored = new Map<string, string>();
  gets = 0;

  async get(kid: string): Promise<string | undefined> {
    this.gets++;
    return this.stored.get(kid);
  }

  async putIfAbsent(kid: string, certificate: string): Promise<string> {
    if (!this.stored.has(kid)) this.stored.set(kid, certificate);
    return this.stored.get(kid) as string;
  }
}
