/**
 * A small AWS KMS-compatible endpoint for the local cloud (never deployed): what the receipt signer needs from KMS
 * (`lambdas/adapters/signing/kms-receipt-signer.ts`) — an asymmetric `ECC_NIST_P256` / `SIGN_VERIFY` key, its public half, and
 * `Sign`/`Verify` with `ECDSA_SHA_256` — spoken over the wire the real `@aws-sdk/client-kms` speaks, so the product's
 * KMS code path runs locally unchanged with `AWS_ENDPOINT_URL_KMS` pointing here.
 *
 * Protocol: AWS JSON 1.1 (`aws.protocols#awsJson1_1`, the KMS service model's protocol; the SDK's
 * `AwsJson1_1Protocol`): every call is `POST /` with `X-Amz-Target: TrentService.<Operation>` and
 * `Content-Type: application/x-amz-json-1.1`; blobs travel as base64 strings and timestamps as epoch seconds
 * (numbers) in the JSON body; an error is an HTTP 4xx/5xx whose JSON body carries `__type` (the exception's name)
 * and `message`, plus the `x-amzn-RequestId` header every answer has. The SDK maps `__type` to its modeled
 * exception classes (`NotFoundException`, `InvalidKeyUsageException`, `KMSInvalidSignatureException`, …); names KMS
 * shares with every service (`ValidationException`, `ThrottlingException`) become `KMSServiceException`s with that
 * `name`, exactly as against AWS. The request signature (SigV4) is not checked: emulators accept any credentials.
 *
 * Operations (AWS KMS API reference, "Actions"):
 * - `CreateKey` — only `KeySpec: ECC_NIST_P256` with `KeyUsage: SIGN_VERIFY`, `Origin: AWS_KMS`, single-Region; any
 *   other valid key spec is an `UnsupportedOperationException` (this endpoint cannot make it), an asymmetric key
 *   without a usage or with one the spec does not allow a `ValidationException`, as on AWS.
 * - `DescribeKey`, `GetPublicKey` (the DER `SubjectPublicKeyInfo`, RFC 5280, base64 in the JSON), `Sign`, `Verify`
 *   (`MessageType` `RAW`: KMS hashes the message, at most 4096 bytes; `DIGEST`: the caller's 32-byte SHA-256 digest,
 *   signed as is; signatures DER-encoded per ANSI X9.62 as KMS returns them). A signature that does not verify is a
 *   `KMSInvalidSignatureException` (HTTP 400), never `SignatureValid: false` — that is how KMS `Verify` answers.
 * - `CreateAlias`, `ListAliases` (customer aliases only; no AWS managed `alias/aws/*` entries).
 * - Anything else under `TrentService.` → `UnsupportedOperationException`; a target outside KMS →
 *   `UnknownOperationException`.
 *
 * Keys: key ids are random UUIDs, ARNs `arn:aws:kms:<region>:000000000000:key/<uuid>`; `KeyId` inputs accept the key
 * id, the key ARN, an alias name (`alias/…`) or an alias ARN, as KMS does. Each key is one JSON file
 * `<stateDir>/keys/<uuid>.json` (metadata plus the PKCS #8 private key, mode 600) and the aliases one file
 * `<stateDir>/aliases.json`, written atomically (temporary file + rename) before the call answers: a restart keeps
 * every key and alias, so receipts signed before it still verify.
 *
 * For the benchmark, `requestCounts()` counts the requests received per operation (every HTTP request, including
 * the SDK's retries and throttled ones). Fault modes (`setFault`):
 * - `throttle`: every request is answered as KMS answers a request over its quota — HTTP 400,
 *   `{"__type":"ThrottlingException","message":"You have exceeded the rate at which you may call KMS. Reduce the
 *   frequency of your calls."}` (AWS KMS Developer Guide, "Throttling AWS KMS requests"; the same body as the fault
 *   injection's, `KMS_THROTTLING_MESSAGE` in `local/faults/responses.ts`). The SDK's standard retry strategy treats the
 *   name as a throttling error and retries with backoff; after `maxAttempts` the caller gets it.
 * - `down`: the listener is closed and every open connection destroyed, so connecting fails with `ECONNREFUSED`,
 *   what the SDK sees when nothing listens at the endpoint (a service that cannot be reached): a transient network
 *   error it retries, then throws. A 503 was not chosen: that is "reached, but failing", a different failure.
 *   Back to `ok`, the same port is bound again.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KMS_THROTTLING_MESSAGE } from '../faults/responses.ts';
import { bigintFromBytes, signDigest, verifyDigest } from './kms-p256.ts';

export type KmsFaultMode = 'ok' | 'throttle' | 'down';

export interface KmsEmulatorOptions {
  /** Where keys and aliases are kept; created if missing. */
  readonly stateDir: string;
  /** The region in the ARNs (default `eu-south-1`, the local cloud's). */
  readonly region?: string;
  /** 0 (default): a free port chosen by the OS. Always bound on 127.0.0.1. */
  readonly port?: number;
}

export interface KmsEmulator {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_KMS`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** Requests received per operation name (`Sign`, `GetPublicKey`, …), retries and faulted requests included. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  fault(): KmsFaultMode;
  /** Resolves once the mode is in force (for `down`: the listener is closed; back from `down`: listening again). */
  setFault(mode: KmsFaultMode): Promise<void>;
  stop(): Promise<void>;
}

/** KMS's documented account id placeholder for local emulators (LocalStack and moto use the same). */
export const LOCAL_ACCOUNT_ID = '000000000000';

const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const;
const KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
  'ML_KEM_512',
  'ML_KEM_768',
  'ML_KEM_1024',
] as const;
const KEY_USAGES = [
  'SIGN_VERIFY',
  'ENCRYPT_DECRYPT',
  'GENERATE_VERIFY_MAC',
  'KEY_AGREEMENT',
  'ENCAPSULATE_DECAPSULATE',
] as const;
const MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;
/** Key usages KMS allows for an ECC_NIST_P256 key (AWS KMS Developer Guide, "Key spec reference"). */
const P256_USAGES = new Set(['SIGN_VERIFY', 'KEY_AGREEMENT']);

const RAW_MESSAGE_MAX_BYTES = 4096;
const SHA256_DIGEST_BYTES = 32;
const MAX_BODY_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

/** An error answered in KMS's JSON shape. */
class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** AWS's request-validation wording ("1 validation error detected: Value … at 'keyId' failed to satisfy …"). */
function validationError(problems: string[]): KmsError {
  const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected`;
  return new KmsError('ValidationException', `${count}: ${problems.join('; ')}`);
}

/** The member name as AWS validation messages spell it (`KeyId` → `keyId`). */
const memberName = (field: string) => field[0]?.toLowerCase() + field.slice(1);

type Input = Record<string, unknown>;

function optionalString(input: Input, field: string, max: number): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new KmsError('SerializationException', `${field} must be a string`);
  if (value.length < 1 || value.length > max) {
    throw validationError([
      `Value '${value}' at '${memberName(field)}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    ]);
  }
  return value;
}

function requiredString(input: Input, field: string, max: number): string {
  const value = optionalString(input, field, max);
  if (value === undefined) {
    throw validationError([
      `Value null at '${memberName(field)}' failed to satisfy constraint: Member must not be null`,
    ]);
  }
  return value;
}

function enumValue<T extends string>(input: Input, field: string, values: readonly T[]): T | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw validationError([
      `Value '${String(value)}' at '${memberName(field)}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    ]);
  }
  return value as T;
}

/** A blob member: base64 in the JSON body (awsJson1_1). Not base64 → the SDK could not have sent it. */
function requiredBlob(input: Input, field: string): Buffer {
  const value = input[field];
  if (value === undefined || value === null) {
    throw validationError([
      `Value null at '${memberName(field)}' failed to satisfy constraint: Member must not be null`,
    ]);
  }
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new KmsError('SerializationException', `${field} is not valid base64`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) {
    throw validationError([
      `Value at '${memberName(field)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    ]);
  }
  return bytes;
}

interface StoredKey {
  readonly keyId: string;
  readonly arn: string;
  readonly accountId: string;
  /** Epoch seconds, as KMS's `CreationDate`. */
  readonly creationDate: number;
  readonly description: string;
  readonly keySpec: 'ECC_NIST_P256';
  readonly keyUsage: 'SIGN_VERIFY';
  readonly privateKeyPem: string;
  /** Epoch seconds of the scheduled deletion (`ScheduleKeyDeletion`): the key is `PendingDeletion` and unusable. */
  readonly deletionDate?: number;
}

interface LoadedKey extends StoredKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyDer: Buffer;
  readonly d: bigint;
  readonly q: { x: bigint; y: bigint };
}

interface StoredAlias {
  readonly aliasName: string;
  readonly targetKeyId: string;
  readonly creationDate: number;
  readonly lastUpdatedDate: number;
}

function writeAtomically(path: string, text: string) {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

function loadKey(stored: StoredKey): LoadedKey {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const jwk = privateKey.export({ format: 'jwk' });
  const scalar = (text: string | undefined) => bigintFromBytes(Buffer.from(text ?? '', 'base64url'));
  return {
    ...stored,
    privateKey,
    publicKey,
    publicKeyDer: publicKey.export({ format: 'der', type: 'spki' }),
    d: scalar(jwk.d),
    q: { x: scalar(jwk.x), y: scalar(jwk.y) },
  };
}

/** Keys and aliases, in memory and on disk under the state directory. */
class KeyStore {
  private readonly keys = new Map<string, LoadedKey>();
  private readonly aliases = new Map<string, StoredAlias>();
  private readonly keysDir: string;
  private readonly aliasesFile: string;

  constructor(
    stateDir: string,
    readonly region: string,
  ) {
    this.keysDir = join(stateDir, 'keys');
    this.aliasesFile = join(stateDir, 'aliases.json');
    mkdirSync(this.keysDir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.keysDir)) {
      if (!name.endsWith('.json')) continue;
      const key = loadKey(JSON.parse(readFileSync(join(this.keysDir, name), 'utf8')) as StoredKey);
      this.keys.set(key.keyId, key);
    }
    if (existsSync(this.aliasesFile)) {
      for (const alias of JSON.parse(readFileSync(this.aliasesFile, 'utf8')) as StoredAlias[]) {
        this.aliases.set(alias.aliasName, alias);
      }
    }
  }

  aliasArn(aliasName: string) {
    return `arn:aws:kms:${this.region}:${LOCAL_ACCOUNT_ID}:${aliasName}`;
  }

  create(description: string): LoadedKey {
    const keyId = randomUUID();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const stored: StoredKey = {
      keyId,
      arn: `arn:aws:kms:${this.region}:${LOCAL_ACCOUNT_ID}:key/${keyId}`,
      accountId: LOCAL_ACCOUNT_ID,
      creationDate: Date.now() / 1000,
      description,
      keySpec: 'ECC_NIST_P256',
      keyUsage: 'SIGN_VERIFY',
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
    writeAtomically(join(this.keysDir, `${keyId}.json`), JSON.stringify(stored, null, 2));
    const loaded = loadKey(stored);
    this.keys.set(keyId, loaded);
    return loaded;
  }

  /** `KeyId` as KMS reads it: key id, key ARN, alias name or alias ARN. */
  resolve(keyId: string, options: { allowAlias: boolean } = { allowAlias: true }): LoadedKey {
    const arn = ARN.exec(keyId);
    const isAlias = keyId.startsWith('alias/') || arn?.[3] === 'alias';
    if (isAlias) {
      if (!options.allowAlias)
        throw new KmsError(
          'ValidationException',
          `Alias ${keyId} cannot be used here: a key id or key ARN is required`,
        );
      const aliasName = arn ? `alias/${arn[4]}` : keyId;
      const alias =
        arn && (arn[1] !== this.region || arn[2] !== LOCAL_ACCOUNT_ID) ? undefined : this.aliases.get(aliasName);
      const key = alias && this.keys.get(alias.targetKeyId);
      if (!key)
        throw new KmsError('NotFoundException', `Alias ${arn ? keyId : this.aliasArn(aliasName)} is not found.`);
      return key;
    }
    const id = arn ? (arn[4] as string) : keyId;
    if (!UUID.test(id)) throw new KmsError('NotFoundException', `Invalid keyId '${keyId}'`);
    const key = this.keys.get(id);
    if (!key || (arn && key.arn !== keyId)) {
      throw new KmsError(
        'NotFoundException',
        `Key '${arn ? keyId : `arn:aws:kms:${this.region}:${LOCAL_ACCOUNT_ID}:key/${id}`}' does not exist`,
      );
    }
    return key;
  }

  createAlias(aliasName: string, key: LoadedKey) {
    if (this.aliases.has(aliasName)) {
      throw new KmsError('AlreadyExistsException', `An alias with the name ${this.aliasArn(aliasName)} already exists`);
    }
    const now = Date.now() / 1000;
    this.aliases.set(aliasName, { aliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
    writeAtomically(this.aliasesFile, JSON.stringify([...this.aliases.values()], null, 2));
  }

  deleteAlias(aliasName: string) {
    if (!this.aliases.delete(aliasName)) {
      throw new KmsError('NotFoundException', `Alias ${this.aliasArn(aliasName)} is not found.`);
    }
    writeAtomically(this.aliasesFile, JSON.stringify([...this.aliases.values()], null, 2));
  }

  /** Kept on disk as PendingDeletion (the clean-up of a test stage); never removed before its date, as in KMS. */
  scheduleDeletion(key: LoadedKey, days: number): LoadedKey {
    const { privateKey: _p, publicKey: _k, publicKeyDer: _d, d: _s, q: _q, ...stored } = key;
    const pending: StoredKey = { ...stored, deletionDate: Math.floor(Date.now() / 1000) + days * 86_400 };
    writeAtomically(join(this.keysDir, `${key.keyId}.json`), JSON.stringify(pending, null, 2));
    const loaded = loadKey(pending);
    this.keys.set(key.keyId, loaded);
    return loaded;
  }

  listAliases(targetKeyId?: string): StoredAlias[] {
    return [...this.aliases.values()]
      .filter((alias) => targetKeyId === undefined || alias.targetKeyId === targetKeyId)
      .sort((a, b) => (a.aliasName < b.aliasName ? -1 : 1));
  }
}

function keyMetadata(key: LoadedKey) {
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate,
    Enabled: key.deletionDate === undefined,
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.deletionDate === undefined ? 'Enabled' : 'PendingDeletion',
    ...(key.deletionDate === undefined ? {} : { DeletionDate: key.deletionDate }),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    SigningAlgorithms: ['ECDSA_SHA_256'],
    MultiRegion: false,
  };
}

/** A key scheduled for deletion refuses every use, as KMS does. */
function usable(key: LoadedKey): LoadedKey {
  if (key.deletionDate !== undefined) {
    throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }
  return key;
}

/** The checks `Sign` and `Verify` share, in KMS's order: input validation, key lookup, key usage, message size. */
function signingRequest(store: KeyStore, input: Input) {
  const keyId = requiredString(input, 'KeyId', 2048);
  const message = requiredBlob(input, 'Message');
  const messageType = enumValue(input, 'MessageType', MESSAGE_TYPES) ?? 'RAW';
  const algorithm = enumValue(input, 'SigningAlgorithm', SIGNING_ALGORITHMS);
  if (algorithm === undefined) {
    throw validationError([`Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null`]);
  }
  const key = usable(store.resolve(keyId));
  if (key.keyUsage !== 'SIGN_VERIFY') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `${key.arn} key usage is ${key.keyUsage} which is not valid for signing.`,
    );
  }
  if (algorithm !== 'ECDSA_SHA_256') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`,
    );
  }
  if (messageType === 'EXTERNAL_MU') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `Message type EXTERNAL_MU is incompatible with key spec ${key.keySpec}.`,
    );
  }
  if (messageType === 'RAW' && message.length > RAW_MESSAGE_MAX_BYTES) {
    throw validationError([
      `Value at 'message' failed to satisfy constraint: Member must have length less than or equal to ${RAW_MESSAGE_MAX_BYTES}`,
    ]);
  }
  if (messageType === 'DIGEST' && message.length !== SHA256_DIGEST_BYTES) {
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
  if (input.DryRun === true) {
    throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }
  return { key, message, messageType, algorithm };
}

type Operation = (store: KeyStore, input: Input) => object | undefined;

const OPERATIONS: Record<string, Operation> = {
  CreateKey(store, input) {
    const description = optionalString(input, 'Description', 8192) ?? '';
    const keySpec = enumValue(input, 'KeySpec', KEY_SPECS);
    const legacySpec = enumValue(input, 'CustomerMasterKeySpec', KEY_SPECS);
    if (keySpec && legacySpec) {
      throw new KmsError('ValidationException', 'You cannot specify both KeySpec and CustomerMasterKeySpec.');
    }
    const spec = keySpec ?? legacySpec ?? 'SYMMETRIC_DEFAULT';
    const usage = enumValue(input, 'KeyUsage', KEY_USAGES);
    const origin = enumValue(input, 'Origin', ORIGINS) ?? 'AWS_KMS';
    if (spec !== 'ECC_NIST_P256') {
      throw new KmsError(
        'UnsupportedOperationException',
        `This local KMS creates only ECC_NIST_P256 keys, not ${spec}.`,
      );
    }
    if (usage === undefined) {
      throw new KmsError('ValidationException', 'You must specify a KeyUsage value for an asymmetric KMS key.');
    }
    if (!P256_USAGES.has(usage)) {
      throw new KmsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}.`);
    }
    if (usage !== 'SIGN_VERIFY') {
      throw new KmsError(
        'UnsupportedOperationException',
        `This local KMS creates only SIGN_VERIFY keys, not ${usage}.`,
      );
    }
    if (origin !== 'AWS_KMS' || input.MultiRegion === true || input.CustomKeyStoreId || input.XksKeyId) {
      throw new KmsError('UnsupportedOperationException', 'This local KMS creates only single-Region AWS_KMS keys.');
    }
    return { KeyMetadata: keyMetadata(store.create(description)) };
  },

  DescribeKey(store, input) {
    return { KeyMetadata: keyMetadata(store.resolve(requiredString(input, 'KeyId', 2048))) };
  },

  GetPublicKey(store, input) {
    const key = usable(store.resolve(requiredString(input, 'KeyId', 2048)));
    return {
      KeyId: key.arn,
      PublicKey: key.publicKeyDer.toString('base64'),
      CustomerMasterKeySpec: key.keySpec,
      KeySpec: key.keySpec,
      KeyUsage: key.keyUsage,
      SigningAlgorithms: ['ECDSA_SHA_256'],
    };
  },

  Sign(store, input) {
    const { key, message, messageType, algorithm } = signingRequest(store, input);
    const signature =
      messageType === 'RAW'
        ? sign('sha256', message, { key: key.privateKey, dsaEncoding: 'der' })
        : signDigest(key.d, message);
    return { KeyId: key.arn, Signature: signature.toString('base64'), SigningAlgorithm: algorithm };
  },

  Verify(store, input) {
    const signature = requiredBlob(input, 'Signature');
    const { key, message, messageType, algorithm } = signingRequest(store, input);
    const valid =
      messageType === 'RAW' ? verifyRaw(key.publicKey, message, signature) : verifyDigest(key.q, message, signature);
    // KMS answers an invalid signature with an error, not with SignatureValid: false (API reference, Verify).
    if (!valid) throw new KmsError('KMSInvalidSignatureException', '');
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm };
  },

  CreateAlias(store, input) {
    const aliasName = requiredString(input, 'AliasName', 256);
    const targetKeyId = requiredString(input, 'TargetKeyId', 2048);
    if (!ALIAS_NAME.test(aliasName) || aliasName.startsWith('alias/aws/')) {
      throw new KmsError('InvalidAliasNameException', `Alias name ${aliasName} is not valid.`);
    }
    store.createAlias(aliasName, store.resolve(targetKeyId, { allowAlias: false }));
    return undefined;
  },

  DeleteAlias(store, input) {
    store.deleteAlias(requiredString(input, 'AliasName', 256));
    return undefined;
  },

  ScheduleKeyDeletion(store, input) {
    const key = store.resolve(requiredString(input, 'KeyId', 2048), { allowAlias: false });
    const days = input.PendingWindowInDays ?? 30;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 7 || days > 30) {
      throw validationError([
        `Value '${String(days)}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`,
      ]);
    }
    const pending = store.scheduleDeletion(usable(key), days);
    return {
      KeyId: pending.arn,
      DeletionDate: pending.deletionDate,
      KeyState: 'PendingDeletion',
      PendingWindowInDays: days,
    };
  },

  ListAliases(store, input) {
    const keyId = optionalString(input, 'KeyId', 2048);
    const target = keyId === undefined ? undefined : store.resolve(keyId, { allowAlias: false }).keyId;
    return {
      Aliases: store.listAliases(target).map((alias) => ({
        AliasName: alias.aliasName,
        AliasArn: store.aliasArn(alias.aliasName),
        TargetKeyId: alias.targetKeyId,
        CreationDate: alias.creationDate,
        LastUpdatedDate: alias.lastUpdatedDate,
      })),
      Truncated: false,
    };
  },
};

function verifyRaw(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false; // OpenSSL rejects a malformed DER signature by throwing
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: object | undefined) {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'x-amzn-RequestId': randomUUID(),
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

const answerError = (res: ServerResponse, error: KmsError) =>
  answer(res, error.status, { __type: error.type, message: error.message });

export async function startKms(options: KmsEmulatorOptions): Promise<KmsEmulator> {
  const region = options.region ?? 'eu-south-1';
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const store = new KeyStore(options.stateDir, region);
  const counts = new Map<string, number>();
  let mode: KmsFaultMode = 'ok';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) answerError(res, new KmsError('KMSInternalException', String(error), 500));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith('TrentService.') ? target.slice(13) : undefined;
    counts.set(operation ?? '(unknown)', (counts.get(operation ?? '(unknown)') ?? 0) + 1);
    if (mode === 'throttle') return answerError(res, new KmsError('ThrottlingException', KMS_THROTTLING_MESSAGE));
    if (req.method !== 'POST' || operation === undefined) {
      return answerError(res, new KmsError('UnknownOperationException', ''));
    }
    if (body === undefined) return answerError(res, new KmsError('ValidationException', 'Request body too large', 413));
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return answerError(
        res,
        new KmsError('SerializationException', 'Start of structure or map found where not expected.'),
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return answerError(
        res,
        new KmsError('SerializationException', 'Start of structure or map found where not expected.'),
      );
    }
    const implementation = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!implementation) {
      return answerError(
        res,
        new KmsError('UnsupportedOperationException', `${operation} is not supported by this local KMS.`),
      );
    }
    try {
      answer(res, 200, implementation(store, input as Input));
    } catch (error) {
      if (error instanceof KmsError) return answerError(res, error);
      throw error;
    }
  }

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const port = await listen(options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    region,
    requestCounts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    resetRequestCounts: () => counts.clear(),
    fault: () => mode,
    async setFault(next) {
      if (next === 'down' && mode !== 'down') await close();
      if (next !== 'down' && mode === 'down') await listen(port);
      mode = next;
    },
    stop: close,
  };
}
