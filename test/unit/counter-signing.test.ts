import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { KmsReceiptSigner, receiptSignerFromEnv } from '#adapters/signing/kms-receipt-signer';
import { derToJose } from '#domain/counter/signing';
import { LOCAL_RECEIPT_KEY_FILE, LocalReceiptSigner } from '#adapters/signing/local-receipt-signer';
import type { Jwks, ReceiptClaims } from '#domain/counter/ports';
import { Unavailable } from '#domain/kernel/unavailable';

const claims: ReceiptClaims = {
  receiptId: '2f1c7e0a-8a51-4a5e-9d43-0c1d2e3f4a5b',
  token: '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca',
  arrivalTime: '2026-10-26T09:00:00.123Z',
};

async function verified(jws: string, jwks: Jwks) {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as never));
  return { payload: JSON.parse(new TextDecoder().decode(payload)), protectedHeader };
}

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

describe('LocalReceiptSigner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'receipt-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs an ES256 compact JWS over exactly {receiptId, token, arrivalTime}, verifiable with its JWKS', async () => {
    const signer = LocalReceiptSigner.inDirectory(dir);
    const jws = await signer.sign(claims);
    const jwks = await signer.jwks();
    const { payload, protectedHeader } = await verified(jws, jwks);
    expect(payload).toEqual(claims);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]?.kid });
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('keeps its key under the state directory (mode 600) and reuses it after a restart', async () => {
    const first = LocalReceiptSigner.inDirectory(dir);
    const jws = await first.sign(claims);
    expect(statSync(join(dir, LOCAL_RECEIPT_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = LocalReceiptSigner.inDirectory(dir);
    await expect(verified(jws, await again.jwks())).resolves.toBeDefined();
    expect(JSON.parse(readFileSync(join(dir, LOCAL_RECEIPT_KEY_FILE), 'utf8'))).toHaveProperty('d');
  });

  it('a tampered receipt does not verify', async () => {
    const signer = LocalReceiptSigner.inDirectory(dir);
    const jws = await signer.sign(claims);
    const [h, , s] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, arrivalTime: '2026-10-26T08:59:59.999Z' })).toString(
      'base64url',
    );
    await expect(verified(`${h}.${forged}.${s}`, await signer.jwks())).rejects.toThrow();
  });
});

describe('KmsReceiptSigner (at the SDK edge)', () => {
  const kms = mockClient(KMSClient);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  afterEach(() => kms.reset());

  /** KMS's behaviour for ECDSA_SHA_256 over a RAW message: a DER signature of SHA-256(message). */
  function realKms() {
    kms.on(GetPublicKeyCommand).resolves({
      KeySpec: 'ECC_NIST_P256',
      PublicKey: publicKey.export({ format: 'der', type: 'spki' }),
    });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array; MessageType: string }) => {
      expect(input.MessageType).toBe('RAW');
      return { Signature: sign('sha256', input.Message, { key: privateKey, dsaEncoding: 'der' }) };
    });
  }

  it('turns the DER signature into a JWS that jose verifies against the JWKS from GetPublicKey', async () => {
    realKms();
    const signer = new KmsReceiptSigner(new KMSClient({ region: 'eu-south-1' }), 'arn:aws:kms:eu-south-1:1:key/k');
    const jws = await signer.sign(claims);
    const jwks = await signer.jwks();
    expect((await verified(jws, jwks)).payload).toEqual(claims);
    expect(decodeProtectedHeader(jws).kid).toBe(jwks.keys[0]?.kid);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({
      KeyId: 'arn:aws:kms:eu-south-1:1:key/k',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
  });

  it('a throttled Sign is Unavailable (the send then records nothing)', async () => {
    realKms();
    kms.on(SignCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: {} }));
    const signer = new KmsReceiptSigner(new KMSClient({ region: 'eu-south-1', maxAttempts: 1 }), 'k');
    await expect(signer.sign(claims)).rejects.toBeInstanceOf(Unavailable);
  });

  it('refuses a key that is not P-256', async () => {
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'RSA_2048', PublicKey: new Uint8Array([1]) });
    const signer = new KmsReceiptSigner(new KMSClient({ region: 'eu-south-1' }), 'k');
    await expect(signer.jwks()).rejects.toThrow(/ECC_NIST_P256/);
  });
});

describe('receiptSignerFromEnv', () => {
  it('uses KMS when RECEIPT_KEY_ID is set, the local key file in the local cloud, and fails fast otherwise', () => {
    const kms = new KMSClient({ region: 'eu-south-1' });
    expect(receiptSignerFromEnv(kms, { RECEIPT_KEY_ID: 'k' })).toBeInstanceOf(KmsReceiptSigner);
    const dir = mkdtempSync(join(tmpdir(), 'receipt-env-'));
    try {
      expect(receiptSignerFromEnv(kms, { LOCAL_CLOUD_DIR: dir })).toBeInstanceOf(LocalReceiptSigner);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => receiptSignerFromEnv(kms, {})).toThrow(/RECEIPT_KEY_ID/);
  });
});
