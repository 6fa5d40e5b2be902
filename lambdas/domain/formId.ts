import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The send form's identity (`formId`, DESIGN "The send path"): what was asked, of whom, when, signed with
 * HMAC-SHA256 so that `POST /sportello/send` can trust it without any storage and `GET /sportello/form` writes
 * nothing. Format: `base64url(JSON payload) "." base64url(HMAC(secret, domain tag + payload part))`.
 */
export interface FormPayload {
  accountId: string;
  sessionId: string;
  /** One list of 1-based token positions per field. */
  positions: number[][];
  /** Epoch ms when the form was issued. */
  issuedAt: number;
}

/** Separates these signatures from anything else the same secret might ever sign. */
const DOMAIN_TAG = 'sportello/send-form/v1.';
const MIN_SECRET_BYTES = 32;
/** Far above a real formId (about 250 characters): refuses oversized input before any work. */
const MAX_FORM_ID_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const WireSchema = z.object({
  v: z.literal(1),
  a: z.string().min(1),
  s: z.string().min(1),
  p: z.array(z.array(z.number().int())),
  t: z.number().int(),
});

function secretBytes(secret: string | Uint8Array): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Error(`The send-form secret must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  return bytes;
}

function mac(secret: Buffer, payloadPart: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN_TAG).update(payloadPart).digest();
}

export function signFormId(payload: FormPayload, secret: string | Uint8Array): string {
  const key = secretBytes(secret);
  const wire = { v: 1, a: payload.accountId, s: payload.sessionId, p: payload.positions, t: payload.issuedAt };
  const payloadPart = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${payloadPart}.${mac(key, payloadPart).toString('base64url')}`;
}

/** The payload of an authentic formId, or undefined when it is malformed or its signature does not match. */
export function verifyFormId(formId: string, secret: string | Uint8Array): FormPayload | undefined {
  const key = secretBytes(secret);
  if (formId.length > MAX_FORM_ID_LENGTH) return undefined;
  const [payloadPart, signaturePart, extra] = formId.split('.');
  if (!payloadPart || !signaturePart || extra !== undefined) return undefined;
  if (!BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) return undefined;
  const given = Buffer.from(signaturePart, 'base64url');
  const expected = mac(key, payloadPart);
  // The length of an HMAC is public; only the bytes must be compared in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const wire = WireSchema.safeParse(json);
  if (!wire.success) return undefined;
  const { a, s, p, t } = wire.data;
  return { accountId: a, sessionId: s, positions: p, issuedAt: t };
}
