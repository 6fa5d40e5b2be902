/**
 * Receipt signing on AWS: an asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) whose private half never leaves
 * KMS. `Sign` (ECDSA_SHA_256 over the JWS signing input, KMS hashes it) returns a DER signature, converted to JOSE's
 * `r || s`; `GetPublicKey` (read once per cold start) gives the SubjectPublicKeyInfo, published as a JWK whose `kid`
 * is its RFC 7638 thumbprint — stable for the key's lifetime, independent of the key's ARN or alias.
 * `receiptSignerFromEnv` picks KMS when `RECEIPT_KEY_ID` is set, else the local cloud's key file.
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { Jwks, ReceiptClaims, ReceiptSigner } from '#domain/counter/ports';
import { RECEIPT_KEY_ENV } from '#catalogue/function-needs';
import { guard } from '#adapters/failures';
import { loadOnce } from '#domain/kernel/once';
import { compactJws, derToJose, publishedKey, signingInput } from '#domain/counter/signing';
import { LocalReceiptSigner } from './local-receipt-signer.ts';

export class KmsReceiptSigner implements ReceiptSigner {
  /** Once per cold start; a failed read is retried on the next call. */
  private readonly loadPublicKey = loadOnce(() => this.readPublicKey());

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async sign(claims: ReceiptClaims): Promise<string> {
    const { kid } = await this.loadPublicKey();
    const input = signingInput(kid, claims);
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
    return compactJws(input, derToJose(out.Signature));
  }

  async jwks(): Promise<Jwks> {
    return (await this.loadPublicKey()).jwks;
  }

  private async readPublicKey() {
    const out = await guard('kms:GetPublicKey', () => this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId })));
    if (!out.PublicKey || out.KeySpec !== 'ECC_NIST_P256') {
      throw new Error(`receipt key must be ECC_NIST_P256, found ${out.KeySpec ?? 'nothing'}`);
    }
    return publishedKey(createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }));
  }
}

/** KMS on AWS (`RECEIPT_KEY_ID`), the key file under the local cloud's state directory (`LOCAL_CLOUD_DIR`) locally. */
export function receiptSignerFromEnv(kms: KMSClient, env: NodeJS.ProcessEnv = process.env): ReceiptSigner {
  const keyId = env[RECEIPT_KEY_ENV];
  if (keyId) return new KmsReceiptSigner(kms, keyId);
  const localDir = env.LOCAL_CLOUD_DIR;
  if (localDir) return LocalReceiptSigner.inDirectory(localDir);
  throw new Error(`Invalid environment: ${RECEIPT_KEY_ENV} (or LOCAL_CLOUD_DIR in the local cloud) is required`);
}
