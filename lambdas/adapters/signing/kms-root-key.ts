/**
 * The receipts' root key on KMS: an asymmetric key (`ECC_NIST_P256`, `SIGN_VERIFY`) whose private half never leaves
 * KMS. It is used once per receipt key — to sign that key's certificate — never per receipt. `GetPublicKey` (once per
 * cold start) gives the SubjectPublicKeyInfo, published as a JWK whose `kid` is its RFC 7638 thumbprint.
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { guard } from '#adapters/failures';
import { type PublicJwk, rootJwk } from '#domain/counter/signing';
import { loadOnce } from '#domain/kernel/once';

export class KmsRootKey {
  /** Once per cold start; a failed read is retried on the next call. */
  readonly publicJwk: () => Promise<PublicJwk> = loadOnce(() => this.readPublicKey());

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  /** ECDSA_SHA_256 over `input` (KMS hashes it); the DER signature as KMS returns it. */
  async sign(input: string): Promise<Uint8Array> {
    const out = await guard('kms:Sign', () =>
      this.kms.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: Buffer.from(input, 'utf8'),
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    );
    if (!out.Signature) throw new Error('kms:Sign returned no signature');
    return out.Signature;
  }

  private async readPublicKey(): Promise<PublicJwk> {
    const out = await guard('kms:GetPublicKey', () => this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId })));
    if (!out.PublicKey || out.KeySpec !== 'ECC_NIST_P256') {
      throw new Error(`the receipt root key must be ECC_NIST_P256, found ${out.KeySpec ?? 'nothing'}`);
    }
    return rootJwk(createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }));
  }
}
