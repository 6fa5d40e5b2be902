import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AXES, type Axis, REGIONS, type Region } from '#domain/kernel/geography';
import type { FormKey } from './ports.ts';

/**
 * The send form (*modulo di convalida e invio*, R14): information "of equal format and length for everyone" that
 * the participant has — here characters of their own token (R1) at positions chosen per session.
 *
 * Shape, the same for every participant: SEND_FORM_FIELDS fields of SEND_FORM_FIELD_LENGTH characters, all
 * positions distinct. Positions come from 2..65, the 64 hex digits: position 1 is the sign, with only two values it
 * would be guessed half the time and would make one answer a different kind of character from the others.
 * 2 fields × 4 hex digits = 32 bits a bot without the token would have to guess, and 8 characters a person types
 * in a few seconds.
 */
export const SEND_FORM_FIELDS = 2;
export const SEND_FORM_FIELD_LENGTH = 4;
export const SEND_FORM_FIRST_POSITION = 2;
export const SEND_FORM_LAST_POSITION = 65;
/** Suggested `maxAgeMs`: longer than a counter window (M5→M6 was 20 minutes in the seeds), shorter than a day. */
export const SEND_FORM_MAX_AGE_MS = 60 * 60_000;
/** Tolerated clock difference between the function that issued a form and the one that checks it. */
export const SEND_FORM_CLOCK_SKEW_MS = 5_000;

export const WRONG_ANSWER_MESSAGE =
  'I caratteri inseriti non corrispondono a quelli richiesti del codice identificativo. Controllare e inviare di nuovo.';
export const FORM_EXPIRED_MESSAGE =
  "Il modulo di invio non è più valido (scaduto o aperto in un'altra sessione): aggiornare la pagina per riceverne uno nuovo.";

/** `randomInt(n)` → an integer in [0, n); node:crypto's by default, injectable for tests. */
export type RandomSource = (maxExclusive: number) => number;
const cryptoRandom: RandomSource = (n) => randomInt(n);

export interface FormField {
  name: string;
  label: string;
  length: number;
  positions: number[];
}

export interface SendForm {
  formId: string;
  fields: FormField[];
}

export type AnswerCheck =
  | { ok: true }
  | { ok: false; code: 'FORM_EXPIRED'; message: string }
  /** `wrong`: the fields whose characters do not match (the portal names their positions). */
  | { ok: false; code: 'WRONG_ANSWER'; message: string; wrong: FormField[] };

/** Distinct positions from 2..65, drawn by a partial Fisher–Yates shuffle, grouped per field in increasing order. */
export function drawPositions(random: RandomSource = cryptoRandom): number[][] {
  const pool = Array.from(
    { length: SEND_FORM_LAST_POSITION - SEND_FORM_FIRST_POSITION + 1 },
    (_, i) => SEND_FORM_FIRST_POSITION + i,
  );
  const picked = SEND_FORM_FIELDS * SEND_FORM_FIELD_LENGTH;
  for (let i = 0; i < picked; i++) {
    const j = i + random(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return Array.from({ length: SEND_FORM_FIELDS }, (_, f) =>
    pool.slice(f * SEND_FORM_FIELD_LENGTH, (f + 1) * SEND_FORM_FIELD_LENGTH).sort((a, b) => a - b),
  );
}

const fieldName = (index: number): string => `parte${index + 1}`;

function fieldsFor(positions: number[][]): FormField[] {
  return positions.map((p, i) => ({
    name: fieldName(i),
    label: `Caratteri ${p.join(', ')} del codice identificativo`,
    length: p.length,
    positions: p,
  }));
}

/**
 * The real form for one account, session and application; nothing is stored, the formId carries it all — the
 * application too, so that the send finds it without a read.
 */
export function buildForm(
  accountId: string,
  sessionId: string,
  nowMs: number,
  secret: string | Uint8Array,
  random: RandomSource = cryptoRandom,
  application?: FormApplication,
): SendForm {
  const positions = drawPositions(random);
  return {
    formId: signFormId(
      { accountId, sessionId, positions, issuedAt: nowMs, ...(application ? { application } : {}) },
      secret,
    ),
    fields: fieldsFor(positions),
  };
}

/** The body of `POST /sportello/send`. */
export const SendBody = z.object({
  formId: z.string({ error: 'Campo obbligatorio: ricaricare la pagina del modulo.' }).min(1).max(2048),
  answers: z.record(
    z.string().max(32),
    z.string({ error: 'Ogni risposta deve essere un testo.' }).max(64, 'Risposta troppo lunga.'),
    { error: 'Campo obbligatorio: le risposte del modulo di invio.' },
  ),
});
export type SendInput = z.output<typeof SendBody>;

/** The characters of `code` at the 1-based `positions`. */
export function charactersAt(code: string, positions: readonly number[]): string {
  return positions.map((p) => code[p - 1] ?? '').join('');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The fields whose answer differs from the code's characters: all fields compared, each in constant time
 * (fixed-length digests), with no early exit. Saying which field is wrong tells the participant nothing they do not
 * know (it is their own code) and a script without the code nothing it can use (the per-account limit stops it).
 */
function wrongFields(
  code: string,
  fields: readonly FormField[],
  answers: Readonly<Record<string, unknown>>,
): FormField[] {
  const wrong: FormField[] = [];
  for (const field of fields) {
    const given = answers[field.name];
    const typed = typeof given === 'string' ? given.trim() : '';
    if (!timingSafeEqual(digest(typed), digest(charactersAt(code, field.positions)))) wrong.push(field);
  }
  return wrong;
}

function hasTheShape(positions: number[][]): boolean {
  const flat = positions.flat();
  return (
    positions.length === SEND_FORM_FIELDS &&
    positions.every(
      (p) => p.length === SEND_FORM_FIELD_LENGTH && p.every((x, i) => i === 0 || (p[i - 1] as number) < x),
    ) &&
    flat.every((x) => x >= SEND_FORM_FIRST_POSITION && x <= SEND_FORM_LAST_POSITION) &&
    new Set(flat).size === flat.length
  );
}

/**
 * Checks a send: the formId (authentic, see `readFormId`) must be issued to this account and session, not older than
 * `maxAgeMs`; then every answer, trimmed of surrounding whitespace only, must equal the token's characters.
 */
export function checkAnswers(
  payload: FormPayload | undefined,
  answers: Readonly<Record<string, unknown>>,
  token: string,
  participant: { sub: string; sessionId: string },
  nowMs: number,
  maxAgeMs: number = SEND_FORM_MAX_AGE_MS,
): AnswerCheck {
  const fresh =
    payload !== undefined &&
    payload.accountId === participant.sub &&
    payload.sessionId === participant.sessionId &&
    nowMs - payload.issuedAt <= maxAgeMs &&
    payload.issuedAt <= nowMs + SEND_FORM_CLOCK_SKEW_MS &&
    hasTheShape(payload.positions);
  if (!payload || !fresh) return { ok: false, code: 'FORM_EXPIRED', message: FORM_EXPIRED_MESSAGE };
  const wrong = wrongFields(token, fieldsFor(payload.positions), answers);
  return wrong.length === 0 ? { ok: true } : { ok: false, code: 'WRONG_ANSWER', message: WRONG_ANSWER_MESSAGE, wrong };
}

/**
 * The practice form (R3, `GET /sportello/test-form`, before M4): same number of fields and lengths as the real one,
 * different names and text, asking for characters of a sample code shown on the page — never the participant's.
 */
export interface PracticeForm {
  practice: true;
  title: string;
  notice: string;
  /** A random code in the token format, shown on the practice page to copy characters from. */
  sampleCode: string;
  fields: FormField[];
}

export function buildPracticeForm(random: RandomSource = cryptoRandom): PracticeForm {
  const hex = Array.from({ length: 64 }, () => '0123456789abcdef'[random(16)]).join('');
  const sampleCode = `${random(2) === 0 ? '+' : '-'}${hex}`;
  const fields = drawPositions(random).map((p, i) => ({
    name: `prova${i + 1}`,
    label: `Prova: caratteri ${p.join(', ')} del codice di esempio`,
    length: p.length,
    positions: p,
  }));
  return {
    practice: true,
    title: 'Pagina di prova — nessuna domanda viene inviata',
    notice:
      'Questa pagina serve solo a verificare la visualizzazione nel proprio browser. Ha le stesse dimensioni del modulo di invio, ma chiede i caratteri del codice di esempio qui sotto, non del proprio codice identificativo. Il vero modulo comparirà da solo nella pagina dello sportello dal Momento 5.',
    sampleCode,
    fields,
  };
}

/** Checks practice answers with the same rules as the real form (trimmed, all fields, constant time). */
export function checkPracticeAnswers(
  form: Pick<PracticeForm, 'sampleCode' | 'fields'>,
  answers: Readonly<Record<string, unknown>>,
): AnswerCheck {
  const wrong = wrongFields(form.sampleCode, form.fields, answers);
  if (wrong.length === 0) return { ok: true };
  return {
    ok: false,
    code: 'WRONG_ANSWER',
    message: 'Prova: i caratteri inseriti non corrispondono a quelli del codice di esempio.',
    wrong,
  };
}

/**
 * The send form's identity (`formId`, DESIGN "The send path"): what was asked, of whom, when, signed with
 * HMAC-SHA256 so that `POST /sportello/send` can trust it without any storage and `GET /sportello/form` writes
 * nothing. Format: `base64url(JSON payload) "." base64url(HMAC(secret, domain tag + payload part))`.
 */
/** The application a real form was issued for (the send reads its items by it). */
export interface FormApplication {
  token: string;
  region: Region;
  axis: Axis;
}

export interface FormPayload {
  accountId: string;
  sessionId: string;
  /** Absent on practice forms. */
  application?: FormApplication;
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
  k: z.object({ t: z.string(), r: z.enum(REGIONS), x: z.enum(AXES) }).optional(),
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
  const { application: app } = payload;
  const wire = {
    v: 1,
    a: payload.accountId,
    s: payload.sessionId,
    p: payload.positions,
    t: payload.issuedAt,
    ...(app ? { k: { t: app.token, r: app.region, x: app.axis } } : {}),
  };
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
  const { a, s, p, t, k } = wire.data;
  return {
    accountId: a,
    sessionId: s,
    positions: p,
    issuedAt: t,
    ...(k ? { application: { token: k.t, region: k.r, axis: k.x } } : {}),
  };
}

/** The HMAC key of the `formId`, loaded on first use (and again if that load failed). */
export async function formKey(key: FormKey): Promise<Uint8Array> {
  key.current ??= await key.load();
  return key.current;
}

/** An authentic formId issued to `accountId` (of any age: `checkAnswers` judges that), or undefined. */
export function readFormId(
  formId: string | undefined,
  secret: string | Uint8Array,
  accountId: string,
): FormPayload | undefined {
  const payload = formId === undefined ? undefined : verifyFormId(formId, secret);
  return payload?.accountId === accountId ? payload : undefined;
}
