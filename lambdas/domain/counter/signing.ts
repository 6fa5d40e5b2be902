/**
 * Receipt signatures without a KMS call per send (R15, docs/counter.md "Receipt signatures"):
 * - the **root key** is an asymmetric KMS key (ECC P-256) that never leaves KMS; it signs, once, a **certificate** for
 * - the **receipt key**, an Ed25519 key whose private half lives only in the counter's memory (derived from a secret
 *   seed). Receipts are compact JWS with `alg: EdDSA`; Ed25519 is deterministic, so the same receipt always gets the
 *   same signature, wherever it is made — nothing but the record needs storing, and a replay gives the same bytes.
 * The JWKS at `GET /sportello/keys` publishes both public keys, the receipt key with its certificate, so a receipt
 * verifies with any JOSE library against the JWKS, and the certificate ties the receipt key to the root key.
 * The certificate is a compact JWS (ES256, `kid` = the root key's thumbprint) over
 * `{typ, sub: receipt kid, jwk: receipt public key, iat}`. KMS returns ECDSA signatures DER-encoded; JOSE wants the
 * two 32-byte integers concatenated (RFC 7518 §3.4).
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { ReceiptClaims } from './ledger.ts';

export const CERTIFICATE_TYPE = 'sportello-receipt-key';
const P256_INTEGER_BYTES = 32;
/** PKCS#8 DER of an Ed25519 private key, minus its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A public key of the JWKS (RFC 7517): the root key (EC P-256) or the receipt key (OKP Ed25519, certified). */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y?: string;
  kid: string;
  alg: string;
  use: string;
  /** On the receipt key: its certificate, a compact JWS signed by the root key. */
  certificate?: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

/** The receipt key: made from its 32-byte seed, identified by the RFC 7638 thumbprint of its public key. */
export interface ReceiptKey {
  kid: string;
  privateKey: KeyObject;
  jwk: PublicJwk;
}

const b64 = (bytes: Uint8Array | string) =>
  (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64url');
const json = (value: unknown) => b64(JSON.stringify(value));

export async function receiptKeyFromSeed(seed: Uint8Array): Promise<ReceiptKey> {
  if (seed.length !== 32) throw new Error('the receipt key seed must be 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8',
  });
  const exported = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: String(exported.x) }, 'sha256');
  return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x: String(exported.x), kid, alg: 'EdDSA', use: 'sig' } };
}

/** The receipt's compact JWS: header `{alg, kid}`, the three claims in a fixed order, an Ed25519 signature. */
export function signReceipt(claims: ReceiptClaims, key: ReceiptKey): string {
  const input = `${json({ alg: 'EdDSA', kid: key.kid })}.${json({
    receiptId: claims.receiptId,
    token: claims.token,
    arrivalTime: claims.arrivalTime,
  })}`;
  return `${input}.${b64(sign(null, Buffer.from(input, 'ascii'), key.privateKey))}`;
}

/** What the root key signs to certify a receipt key: the JWS signing input (header and payload). */
export function certificateInput(rootKid: string, key: Pick<ReceiptKey, 'kid' | 'jwk'>, issuedAtMs: number): string {
  const { certificate: _none, ...jwk } = key.jwk;
  const payload = { typ: CERTIFICATE_TYPE, sub: key.kid, jwk, iat: Math.floor(issuedAtMs / 1000) };
  return `${json({ alg: 'ES256', kid: rootKid, typ: 'JWT' })}.${json(payload)}`;
}

/** The certificate: the signing input and the root key's signature (KMS's DER form converted to JOSE's). */
export function certificate(input: string, derSignature: Uint8Array): string {
  return `${input}.${b64(derToJose(derSignature))}`;
}

/** The root key as published: its public half, `kid` = its RFC 7638 thumbprint. */
export async function rootJwk(publicKey: KeyObject): Promise<PublicJwk> {
  const exported = publicKey.export({ format: 'jwk' }) as JWK;
  const jwk = { kty: 'EC', crv: 'P-256', x: String(exported.x), y: String(exported.y) };
  return { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256'), alg: 'ES256', use: 'sig' };
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → `r || s`, each left-padded to 32 bytes. Throws on anything else. */
export function derToJose(der: Uint8Array): Uint8Array {
  const bytes = Buffer.from(der);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset] !== tag) throw new Error('not a DER ECDSA signature');
    offset += 1;
    const first = bytes[offset] as number;
    offset += 1;
    if (first < 0x80) return first;
    if ((first & 0x7f) !== 1) throw new Error('not a DER ECDSA signature');
    const length = bytes[offset] as number;
    offset += 1;
    return length;
  };
  const sequenceLength = expect(0x30);
  if (offset + sequenceLength !== bytes.length) throw new Error('not a DER ECDSA signature');
  const integer = () => {
    const length = expect(0x02);
    let value = bytes.subarray(offset, offset + length);
    offset += length;
    while (value.length > P256_INTEGER_BYTES && value[0] === 0) value = value.subarray(1);
    if (value.length > P256_INTEGER_BYTES || value.length === 0) throw new Error('not a P-256 ECDSA signature');
    const padded = Buffer.alloc(P256_INTEGER_BYTES);
    value.copy(padded, P256_INTEGER_BYTES - value.length);
    return padded;
  };
  const r = integer();
  const s = integer();
  if (offset !== bytes.length) throw new Error('not a DER ECDSA signature');
  return Buffer.concat([r, s]);
}

export type ReceiptCheck = { ok: true; claims: ReceiptClaims } | { ok: false; problem: string };

/**
 * Verifies a receipt with only public material, as an applicant would: the receipt key named by the JWS must be in
 * the JWKS with a certificate signed by the JWKS's root key, for that very key; then the receipt's own signature.
 */
export function verifyReceipt(jws: string, jwks: Jwks): ReceiptCheck {
  const parts = jws.split('.');
  if (parts.length !== 3) return { ok: false, problem: 'not a compact JWS' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(headerPart) as { alg?: string; kid?: string } | undefined;
  if (header?.alg !== 'EdDSA' || !header.kid) return { ok: false, problem: 'not a receipt signature (EdDSA, kid)' };
  const key = jwks.keys.find((k) => k.kid === header.kid && k.kty === 'OKP');
  if (!key?.certificate) return { ok: false, problem: `receipt key ${header.kid} is not published with a certificate` };
  const certified = verifyCertificate(key, jwks);
  if (!certified.ok) return certified;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' });
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!verify(null, signed, publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return { ok: false, problem: 'the receipt signature does not match' };
  }
  const claims = parseJson(payloadPart) as ReceiptClaims | undefined;
  if (!claims?.receiptId || !claims.token || !claims.arrivalTime) return { ok: false, problem: 'claims missing' };
  return { ok: true, claims };
}

function verifyCertificate(key: PublicJwk, jwks: Jwks): { ok: true } | { ok: false; problem: string } {
  const [h, p, s] = (key.certificate ?? '').split('.');
  const header = parseJson(h ?? '') as { alg?: string; kid?: string } | undefined;
  const root = jwks.keys.find((k) => k.kid === header?.kid && k.kty === 'EC');
  if (header?.alg !== 'ES256' || !root || !p || !s)
    return { ok: false, problem: 'certificate not signed by a root key' };
  const rootKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: root.x, y: root.y }, format: 'jwk' });
  const good = verify(
    'sha256',
    Buffer.from(`${h}.${p}`, 'ascii'),
    { key: rootKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!good) return { ok: false, problem: 'the certificate signature does not match the root key' };
  const payload = parseJson(p) as { typ?: string; sub?: string; jwk?: { x?: string } } | undefined;
  if (payload?.typ !== CERTIFICATE_TYPE || payload.sub !== key.kid || payload.jwk?.x !== key.x) {
    return { ok: false, problem: 'the certificate is for another key' };
  }
  return { ok: true };
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
