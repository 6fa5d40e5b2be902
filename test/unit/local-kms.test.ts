/**
 * The local KMS endpoint (`local/emulators/kms.ts`) driven by the real `@aws-sdk/client-kms`: keys, public key,
 * signatures checked independently (node:crypto, jose, and the product's own KMS receipt signer), AWS error names,
 * persistence across restarts, request counts, and the throttle / down fault modes as the SDK experiences them.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  type KMSClientConfig,
  KMSInvalidSignatureException,
  KMSInvalidStateException,
  KMSServiceException,
  ListAliasesCommand,
  NotFoundException,
  ScheduleKeyDeletionCommand,
  SignCommand,
  UnsupportedOperationException,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { compactVerify, createLocalJWKSet, importSPKI } from 'jose';
import { KmsRootKey } from '#adapters/signing/kms-root-key';
import { CertifiedReceiptSigner } from '#adapters/signing/receipt-signer';
import { verifyReceipt } from '#domain/counter/signing';
import { MemoryCertificates } from '../support/certificates.ts';
import { derToJose } from '#domain/counter/signing';
import { type KmsEmulator, startKms } from '#local/emulators/kms';
import { KMS_THROTTLING_MESSAGE } from '#local/faults/responses';
import { decodeDerSignature, encodeDerSignature, signDigest, verifyDigest } from '#local/emulators/kms-p256';

const dirs: string[] = [];
const running: KmsEmulator[] = [];
const clients: KMSClient[] = [];

function stateDir() {
  const dir = mkdtempSync(join(tmpdir(), 'local-kms-'));
  dirs.push(dir);
  return dir;
}

async function emulator(dir = stateDir()) {
  const kms = await startKms({ stateDir: dir, region: 'eu-south-1' });
  running.push(kms);
  return kms;
}

/** As the product builds its clients (standard retries, 3 attempts), unless a test says otherwise. */
function client(kms: KmsEmulator, extra: Partial<KMSClientConfig> = {}) {
  const c = new KMSClient({
    endpoint: kms.endpoint,
    region: 'eu-south-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    retryMode: 'standard',
    ...extra,
  });
  clients.push(c);
  return c;
}

/** The SDK's own retry decisions with a 5 ms backoff, so that a test of three throttled attempts takes no seconds. */
const quickRetries = (attempts: number) => ({ retryStrategy: new ConfiguredRetryStrategy(attempts, 5) });

async function signingKey(kms: KMSClient) {
  const out = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  if (!out.KeyMetadata?.Arn) throw new Error('no key');
  return out.KeyMetadata;
}

async function publicKeyOf(kms: KMSClient, keyId: string) {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  return createPublicKey({ key: Buffer.from(out.PublicKey as Uint8Array), format: 'der', type: 'spki' });
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(running.splice(0).map((k) => k.stop()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('keys', () => {
  test('given CreateKey ECC_NIST_P256/SIGN_VERIFY, then metadata shaped as AWS returns it and a P-256 SubjectPublicKeyInfo', async () => {
    const kms = client(await emulator());
    const metadata = await signingKey(kms);
    expect(metadata).toMatchObject({
      AWSAccountId: '000000000000',
      KeyUsage: 'SIGN_VERIFY',
      KeySpec: 'ECC_NIST_P256',
      CustomerMasterKeySpec: 'ECC_NIST_P256',
      KeyState: 'Enabled',
      Enabled: true,
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      MultiRegion: false,
    });
    expect(metadata.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(metadata.Arn).toBe(`arn:aws:kms:eu-south-1:000000000000:key/${metadata.KeyId}`);
    // Timestamps travel as epoch seconds: the SDK must have parsed a Date out of it.
    expect(metadata.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((metadata.CreationDate as Date).getTime() - Date.now())).toBeLessThan(60_000);

    const described = await kms.send(new DescribeKeyCommand({ KeyId: metadata.Arn }));
    expect(described.KeyMetadata).toEqual(metadata);

    const out = await kms.send(new GetPublicKeyCommand({ KeyId: metadata.KeyId }));
    expect(out).toMatchObject({ KeyId: metadata.Arn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(out.SigningAlgorithms).toEqual(['ECDSA_SHA_256']);
    const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey as Uint8Array), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyType).toBe('ec');
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  test('given keys and an alias, then they survive a restart on the same state directory, private keys in mode-600 files', async () => {
    const dir = stateDir();
    const first = await emulator(dir);
    const before = client(first);
    const metadata = await signingKey(before);
    await before.send(new CreateAliasCommand({ AliasName: 'alias/sportello-receipts', TargetKeyId: metadata.KeyId }));
    const publicKey = await publicKeyOf(before, metadata.KeyId as string);
    const message = Buffer.from('firmato prima del riavvio');
    const signed = await before.send(
      new SignCommand({ KeyId: metadata.Arn, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    await first.stop();

    const after = client(await emulator(dir));
    expect((await after.send(new DescribeKeyCommand({ KeyId: metadata.KeyId }))).KeyMetadata?.Arn).toBe(metadata.Arn);
    const again = await publicKeyOf(after, 'alias/sportello-receipts');
    expect(again.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
    const verified = await after.send(
      new VerifyCommand({
        KeyId: metadata.KeyId,
        Message: message,
        Signature: signed.Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    expect(verified.SignatureValid).toBe(true);
    const files = readdirSync(join(dir, 'keys'));
    expect(files).toEqual([`${metadata.KeyId}.json`]);
    expect(statSync(join(dir, 'keys', files[0] as string)).mode & 0o777).toBe(0o600);
  });

  test('given aliases, then alias name and alias ARN resolve to the key, ListAliases lists them, a second alias of the same name is AlreadyExistsException', async () => {
    const kms = client(await emulator());
    const one = await signingKey(kms);
    const two = await signingKey(kms);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/one', TargetKeyId: one.Arn }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/two', TargetKeyId: two.KeyId }));

    const byArn = await kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:eu-south-1:000000000000:alias/two' }));
    expect(byArn.KeyMetadata?.KeyId).toBe(two.KeyId);
    const listed = await kms.send(new ListAliasesCommand({}));
    expect(listed.Truncated).toBe(false);
    expect(listed.Aliases?.map((a) => [a.AliasName, a.TargetKeyId, a.AliasArn])).toEqual([
      ['alias/one', one.KeyId, 'arn:aws:kms:eu-south-1:000000000000:alias/one'],
      ['alias/two', two.KeyId, 'arn:aws:kms:eu-south-1:000000000000:alias/two'],
    ]);
    expect(listed.Aliases?.[0]?.CreationDate).toBeInstanceOf(Date);
    const ofOne = await kms.send(new ListAliasesCommand({ KeyId: one.KeyId }));
    expect(ofOne.Aliases?.map((a) => a.AliasName)).toEqual(['alias/one']);

    const duplicate = await rejection(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/one', TargetKeyId: two.KeyId })),
    );
    expect(duplicate).toBeInstanceOf(AlreadyExistsException);
  });

  test('given DeleteAlias and ScheduleKeyDeletion (a stage cleaned up), then the alias is gone and the key is PendingDeletion, unusable, also after a restart', async () => {
    const dir = stateDir();
    const kms = client(await emulator(dir));
    const key = await signingKey(kms);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/clean', TargetKeyId: key.KeyId }));
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/clean' }));
    expect(await rejection(kms.send(new DescribeKeyCommand({ KeyId: 'alias/clean' })))).toBeInstanceOf(
      NotFoundException,
    );
    const tooSoon = await rejection(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 1 })),
    );
    expect(tooSoon.name).toBe('ValidationException');
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const restarted = client(await emulator(dir));
    const described = await restarted.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
    expect(described.KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    const sign = restarted.send(
      new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(await rejection(sign)).toBeInstanceOf(KMSInvalidStateException);
  });
});

describe('Sign and Verify', () => {
  test('given RAW ECDSA_SHA_256, then a DER signature that node:crypto verifies against GetPublicKey, and KMS Verify agrees', async () => {
    const kms = client(await emulator());
    const { KeyId, Arn } = await signingKey(kms);
    const publicKey = await publicKeyOf(kms, KeyId as string);
    const message = Buffer.from('Ricevuta: token +0123…, 2026-10-26T09:00:00.123Z', 'utf8');
    const out = await kms.send(
      new SignCommand({ KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(out.KeyId).toBe(Arn);
    expect(out.SigningAlgorithm).toBe('ECDSA_SHA_256');
    const signature = Buffer.from(out.Signature as Uint8Array);
    expect(signature[0]).toBe(0x30); // DER SEQUENCE, as KMS returns ECDSA signatures
    expect(decodeDerSignature(signature)).toBeDefined();
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('altro'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);

    const verified = await kms.send(
      new VerifyCommand({ KeyId, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(verified).toMatchObject({ KeyId: Arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' });
  });

  test('given a RAW signature converted DER → r||s, then jose verifies it as an ES256 JWS', async () => {
    const kms = client(await emulator());
    const { KeyId } = await signingKey(kms);
    const spki = (await publicKeyOf(kms, KeyId as string)).export({ format: 'pem', type: 'spki' }).toString();
    const input = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{"ok":true}').toString('base64url')}`;
    const out = await kms.send(
      new SignCommand({ KeyId, Message: Buffer.from(input), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const jws = `${input}.${Buffer.from(derToJose(out.Signature as Uint8Array)).toString('base64url')}`;
    const { payload } = await compactVerify(jws, await importSPKI(spki, 'ES256'));
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ ok: true });
  });

  test("given the product's receipt signer certified by it, then its receipts verify with the JWKS and the chain", async () => {
    const kms = client(await emulator());
    const { Arn } = await signingKey(kms);
    const signer = new CertifiedReceiptSigner({
      seed: async () => 'a receipt seed for this test',
      certificates: new MemoryCertificates(),
      root: new KmsRootKey(kms, Arn as string),
    });
    const claims = { receiptId: 'r-1', token: `+${'a'.repeat(64)}`, arrivalTime: '2026-10-26T09:00:00.123Z' };
    const jws = (await signer.sign(claims)) as string;
    const jwks = await signer.jwks();
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as never));
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual(claims);
    expect(verifyReceipt(jws, jwks)).toEqual({ ok: true, claims });
  });

  test('given DIGEST, then the 32-byte digest is signed as is: node:crypto verifies it over the original message, and RAW and DIGEST verify each other', async () => {
    const kms = client(await emulator());
    const { KeyId } = await signingKey(kms);
    const publicKey = await publicKeyOf(kms, KeyId as string);
    const message = Buffer.from('messaggio firmato per digest');
    const fromDigest = await kms.send(
      new SignCommand({ KeyId, Message: sha256(message), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, fromDigest.Signature as Uint8Array)).toBe(
      true,
    );
    const fromRaw = await kms.send(new SignCommand({ KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
    const asDigest = await kms.send(
      new VerifyCommand({
        KeyId,
        Message: sha256(message),
        MessageType: 'DIGEST',
        Signature: fromRaw.Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    expect(asDigest.SignatureValid).toBe(true);
    const asRaw = await kms.send(
      new VerifyCommand({
        KeyId,
        Message: message,
        Signature: fromDigest.Signature,
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    expect(asRaw.SignatureValid).toBe(true);
  });

  test('given a signature over another message, a tampered one or garbage, then Verify throws KMSInvalidSignatureException (HTTP 400), as KMS does', async () => {
    const kms = client(await emulator());
    const { KeyId } = await signingKey(kms);
    const message = Buffer.from('originale');
    const { Signature } = await kms.send(
      new SignCommand({ KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const tampered = Buffer.from(Signature as Uint8Array);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0x01, tampered.length - 1);
    const cases = [
      { Message: Buffer.from('modificato'), Signature },
      { Message: message, Signature: tampered },
      { Message: message, Signature: Buffer.from('not a signature') },
      { Message: sha256(message), MessageType: 'DIGEST' as const, Signature: tampered },
    ];
    for (const input of cases) {
      const error = await rejection(
        kms.send(new VerifyCommand({ KeyId, SigningAlgorithm: 'ECDSA_SHA_256', ...input })),
      );
      expect(error).toBeInstanceOf(KMSInvalidSignatureException);
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    }
  });
});

describe('errors, in AWS JSON 1.1 shape, mapped by the SDK', () => {
  test('given an unknown key, alias or malformed id, then NotFoundException', async () => {
    const kms = client(await emulator());
    const missing = 'arn:aws:kms:eu-south-1:000000000000:key/00000000-0000-4000-8000-000000000000';
    for (const KeyId of [missing, '00000000-0000-4000-8000-000000000000', 'alias/nessuno', 'not-a-key']) {
      const error = await rejection(kms.send(new DescribeKeyCommand({ KeyId })));
      expect(error).toBeInstanceOf(NotFoundException);
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    }
    const wrongRegion = await signingKey(kms);
    const elsewhere = (wrongRegion.Arn as string).replace('eu-south-1', 'eu-west-1');
    expect(await rejection(kms.send(new DescribeKeyCommand({ KeyId: elsewhere })))).toBeInstanceOf(NotFoundException);
  });

  test('given an algorithm the key cannot use, then InvalidKeyUsageException; a digest of the wrong length or an oversize RAW message, then ValidationException', async () => {
    const kms = client(await emulator());
    const { KeyId } = await signingKey(kms);
    const rsa = await rejection(
      kms.send(new SignCommand({ KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
    );
    expect(rsa).toBeInstanceOf(InvalidKeyUsageException);
    const shortDigest = await rejection(
      kms.send(
        new SignCommand({ KeyId, Message: Buffer.alloc(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    );
    expect(shortDigest).toBeInstanceOf(KMSServiceException);
    expect(shortDigest.name).toBe('ValidationException');
    const oversize = await rejection(
      kms.send(new SignCommand({ KeyId, Message: Buffer.alloc(4097, 1), SigningAlgorithm: 'ECDSA_SHA_256' })),
    );
    expect(oversize.name).toBe('ValidationException');
    const noAlgorithm = await rejection(kms.send(new SignCommand({ KeyId, Message: Buffer.from('x') } as never)));
    expect(noAlgorithm.name).toBe('ValidationException');
    expect(noAlgorithm.message).toMatch(/'signingAlgorithm'/);
  });

  test('given a key this endpoint cannot make or an operation it does not serve, then UnsupportedOperationException; an asymmetric key without usage, ValidationException', async () => {
    const kms = client(await emulator());
    const symmetric = await rejection(kms.send(new CreateKeyCommand({})));
    expect(symmetric).toBeInstanceOf(UnsupportedOperationException);
    const rsa = await rejection(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })));
    expect(rsa).toBeInstanceOf(UnsupportedOperationException);
    const noUsage = await rejection(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' })));
    expect(noUsage.name).toBe('ValidationException');
    const wrongUsage = await rejection(
      kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })),
    );
    expect(wrongUsage.name).toBe('ValidationException');
    const encrypt = await rejection(kms.send(new EncryptCommand({ KeyId: 'alias/x', Plaintext: Buffer.from('x') })));
    expect(encrypt).toBeInstanceOf(UnsupportedOperationException);
  });
});

describe('request counts and faults', () => {
  test('given calls, then requests are counted per operation, and reset', async () => {
    const local = await emulator();
    const kms = client(local);
    const { KeyId } = await signingKey(kms);
    await publicKeyOf(kms, KeyId as string);
    await kms.send(new SignCommand({ KeyId, Message: Buffer.from('a'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    await kms.send(new SignCommand({ KeyId, Message: Buffer.from('b'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(local.requestCounts()).toEqual({ CreateKey: 1, GetPublicKey: 1, Sign: 2 });
    local.resetRequestCounts();
    expect(local.requestCounts()).toEqual({});
  });

  test('given throttle, then the SDK (standard retries, 3 attempts) retries and throws ThrottlingException with the KMS message (HTTP 400); back to ok, calls pass', async () => {
    const local = await emulator();
    const kms = client(local);
    const { KeyId } = await signingKey(kms);
    local.resetRequestCounts();
    await local.setFault('throttle');
    expect(local.fault()).toBe('throttle');
    const error = await rejection(
      kms.send(new SignCommand({ KeyId, Message: Buffer.from('a'), SigningAlgorithm: 'ECDSA_SHA_256' })),
    );
    expect(error).toBeInstanceOf(KMSServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe(KMS_THROTTLING_MESSAGE);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
    expect(local.requestCounts()).toEqual({ Sign: 3 });

    await local.setFault('ok');
    const out = await kms.send(
      new SignCommand({ KeyId, Message: Buffer.from('a'), SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    expect(out.$metadata.attempts).toBe(1);
  }, 20_000);

  test('given down, then connections are refused (ECONNREFUSED, retried as transient, nothing counted); back to ok on the same endpoint', async () => {
    const local = await emulator();
    const kms = client(local, quickRetries(2));
    const { KeyId } = await signingKey(kms);
    local.resetRequestCounts();
    await local.setFault('down');
    const error = await rejection(kms.send(new DescribeKeyCommand({ KeyId })));
    // Outside jest this is node's own error (code ECONNREFUSED); under jest it comes from another realm and the SDK's
    // retry layer wraps it (`AWS SDK error wrapper for Error: connect ECONNREFUSED …`) after classifying it.
    expect(error.code ?? error.message).toMatch(/ECONNREFUSED/);
    expect(error.$metadata).toMatchObject({ attempts: 2 });
    expect(local.requestCounts()).toEqual({});

    await local.setFault('ok');
    const described = await kms.send(new DescribeKeyCommand({ KeyId }));
    expect(described.KeyMetadata?.KeyId).toBe(KeyId);
    expect(local.endpoint).toBe(`http://127.0.0.1:${local.port}`);
  });
});

describe('P-256 digest arithmetic', () => {
  test('given random digests, then signDigest verifies with node:crypto and verifyDigest accepts node:crypto signatures', async () => {
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const n = (v: string | undefined) => BigInt(`0x${Buffer.from(v ?? '', 'base64url').toString('hex')}`);
    for (let i = 0; i < 5; i++) {
      const message = Buffer.from(`messaggio ${i} ${Math.random()}`);
      const ours = signDigest(n(jwk.d), sha256(message));
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, ours)).toBe(true);
      const theirs = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      expect(verifyDigest({ x: n(jwk.x), y: n(jwk.y) }, sha256(message), theirs)).toBe(true);
      expect(verifyDigest({ x: n(jwk.x), y: n(jwk.y) }, sha256(Buffer.from('x')), theirs)).toBe(false);
    }
  });

  test('given DER, then only strict minimal encodings decode', () => {
    const der = encodeDerSignature(0x80n, 1n);
    expect(der.toString('hex')).toBe('3007020200800201' + '01');
    expect(decodeDerSignature(der)).toEqual({ r: 0x80n, s: 1n });
    expect(decodeDerSignature(Buffer.from('300702020080020101ff', 'hex'))).toBeUndefined(); // trailing byte
    expect(decodeDerSignature(Buffer.from('30080203000080020101', 'hex'))).toBeUndefined(); // non-minimal r
    expect(decodeDerSignature(Buffer.from('3006020180020101', 'hex'))).toBeUndefined(); // negative r
  });
});
