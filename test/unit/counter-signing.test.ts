import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { compactVerify, createLocalJWKSet } from 'jose';
import { KmsRootKey } from '#adapters/signing/kms-root-key';
import { CertifiedReceiptSigner } from '#adapters/signing/receipt-signer';
import type { ReceiptClaims } from '#domain/counter/ledger';
import { derToJose, type Jwks, verifyReceipt } from '#domain/counter/signing';
import { type KmsEmulator, startKms } from '#local/emulators/kms';
import { MemoryCertificates } from '../support/certificates.ts';

describe('derToJose', () => {
  it('gives the r || s that verifies as IEEE P1363, for any message (leading zeros included)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (message) => {
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
        const jose = derToJose(der);
        expect(jose).toHaveLength(64);
        return verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what is not a DER ECDSA signature', () => {
    expect(() => derToJose(new Uint8Array([1, 2, 3]))).toThrow(/DER/);
    expect(() => derToJose(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow();
  });
});

const claims: ReceiptClaims = {
  receiptId: '2f1c7e0a-8a51-4a5e-9d43-0c1d2e3f4a5b',
  token: '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca',
  arrivalTime: '2026-10-26T09:00:00.123Z',
};

const stateDirs: string[] = [];
const emulators: KmsEmulator[] = [];
afterAll(async () => {
  for (const e of emulators) await e.stop();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** A local KMS with one P-256 signing key, as the local cloud provisions it; the product's KMS adapter over it. */
async function rootKey() {
  const dir = mkdtempSync(join(tmpdir(), 'receipt-root-'));
  stateDirs.push(dir);
  const emulator = await startKms({ stateDir: dir, region: 'eu-south-1' });
  emulators.push(emulator);
  const kms = new KMSClient({
    endpoint: emulator.endpoint,
    region: 'eu-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  return { emulator, root: new KmsRootKey(kms, key.KeyMetadata?.Arn as string) };
}

function signerOver(root: KmsRootKey | undefined, certificates = new MemoryCertificates(), seed = 'seed of the test') {
  return new CertifiedReceiptSigner({ seed: async () => seed, certificates, ...(root ? { root } : {}), retryMs: 0 });
}

describe('receipt signatures (record first, no KMS per receipt)', () => {
  it('signs an EdDSA JWS over exactly {receiptId, token, arrivalTime}, verifiable with the JWKS and its chain', async () => {
    const { root } = await rootKey();
    const signer = signerOver(root);
    const jws = (await signer.sign(claims)) as string;
    const jwks = await signer.jwks();
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as never));
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
    expect(verifyReceipt(jws, jwks)).toEqual({ ok: true, claims });
    expect(jwks.keys.map((k) => [k.kty, k.alg])).toEqual([
      ['EC', 'ES256'],
      ['OKP', 'EdDSA'],
    ]);
  });

  it('is deterministic: any instance with the same seed answers the same bytes, with one KMS call per key, none per receipt', async () => {
    const { root, emulator } = await rootKey();
    const certificates = new MemoryCertificates();
    const one = signerOver(root, certificates);
    const two = signerOver(root, certificates);
    emulator.resetRequestCounts();
    const first = await one.sign(claims);
    for (let i = 0; i < 20; i++) expect(await two.sign(claims)).toBe(first);
    expect(certificates.stored.size).toBe(1);
    expect(emulator.requestCounts().Sign ?? 0).toBe(1);
  });

  it('given KMS is down, receipts are PENDING (null) and signed once it is back; the consumer side never calls KMS', async () => {
    const { root, emulator } = await rootKey();
    const certificates = new MemoryCertificates();
    const signer = signerOver(root, certificates);
    await emulator.setFault('down');
    expect(await signer.sign(claims)).toBeNull();
    expect(await signer.sign(claims, { wait: true })).toBeNull();
    await emulator.setFault('ok');
    const signed = await signer.sign(claims, { wait: true });
    expect(signed).not.toBeNull();
    // A reader without the root key only finds the stored certificate: the same signature.
    expect(await signerOver(undefined, certificates).sign(claims)).toBe(signed);
  });

  it('a tampered receipt, another seed or a certificate from another root does not verify', async () => {
    const { root } = await rootKey();
    const signer = signerOver(root);
    const jws = (await signer.sign(claims)) as string;
    const jwks = await signer.jwks();
    const [h, , s] = jws.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, arrivalTime: '2026-10-26T08:59:59.999Z' })).toString('base64url')}.${s}`;
    expect(verifyReceipt(forged, jwks)).toMatchObject({ ok: false, problem: 'the receipt signature does not match' });
    const other = signerOver(root, new MemoryCertificates(), 'another seed');
    expect(verifyReceipt((await other.sign(claims)) as string, jwks)).toMatchObject({ ok: false });
    const { root: otherRoot } = await rootKey();
    const foreign = await signerOver(otherRoot).jwks();
    const mixed = { keys: [jwks.keys[0], foreign.keys[1]] } as Jwks;
    expect(verifyReceipt((await signerOver(otherRoot).sign(claims)) as string, mixed)).toMatchObject({ ok: false });
  });

  it('refuses a root key that is not P-256', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'RSA_2048', PublicKey: new Uint8Array([1, 2, 3]) });
    await expect(new KmsRootKey(new KMSClient({ region: 'eu-south-1' }), 'k').publicJwk()).rejects.toThrow(/P256/);
    kms.restore();
  });
});
