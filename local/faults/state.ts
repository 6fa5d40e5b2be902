/**
 * The local cloud's fault state (CONTRACT, "Local cloud only": `GET/POST /local/faults`, `npm start -- --faults …`):
 * for each backing service the product calls on the send path — `dynamodb`, `sqs`, `kms` — a mode `ok`, `throttle`
 * or `down`. Pure: parsing and validation of the two input forms, no I/O. Local-only, never deployed.
 *
 * - HTTP body: a JSON object with any subset of the services (`{"kms":"down"}`, `{}` changes nothing).
 * - CLI: `kms=throttle,sqs=down` (comma-separated `service=mode`, any subset, each service at most once).
 *
 * Problems come back as CONTRACT `error.fields` entries (`{path, message}`, Italian like every user-facing text of
 * the product), one per bad field, so a `400 VALIDATION` can list them all; `faultValidationError` builds that body.
 */

export const FAULT_SERVICES = ['dynamodb', 'sqs', 'kms'] as const;
export const FAULT_MODES = ['ok', 'throttle', 'down'] as const;

export type FaultService = (typeof FAULT_SERVICES)[number];
export type FaultMode = (typeof FAULT_MODES)[number];
export type FaultState = Readonly<Record<FaultService, FaultMode>>;

/** Everything answering: the state with no fault file, and after `--fresh`. */
export const HEALTHY: FaultState = Object.freeze({ dynamodb: 'ok', sqs: 'ok', kms: 'ok' });

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export type Parsed =
  | { readonly ok: true; readonly changes: Partial<Record<FaultService, FaultMode>> }
  | { readonly ok: false; readonly fields: readonly FieldProblem[] };

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const UNKNOWN_SERVICE = `Servizio sconosciuto: usare ${list(FAULT_SERVICES)}.`;
const UNKNOWN_MODE = `Modalità non valida: usare ${list(FAULT_MODES)}.`;

export const isFaultService = (value: string): value is FaultService =>
  (FAULT_SERVICES as readonly string[]).includes(value);
const isFaultMode = (value: unknown): value is FaultMode =>
  typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);

/** The `POST /local/faults` body (already JSON-parsed). */
export function parseFaultBody(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      fields: [{ path: '', message: `Il corpo deve essere un oggetto JSON, per esempio {"kms":"down"}.` }],
    };
  }
  const fields: FieldProblem[] = [];
  const changes: Partial<Record<FaultService, FaultMode>> = {};
  for (const [service, mode] of Object.entries(body)) {
    if (!isFaultService(service)) fields.push({ path: service, message: UNKNOWN_SERVICE });
    else if (!isFaultMode(mode)) fields.push({ path: service, message: UNKNOWN_MODE });
    else changes[service] = mode;
  }
  return fields.length > 0 ? { ok: false, fields } : { ok: true, changes };
}

/** The `--faults` value: `kms=throttle,sqs=down`. Blanks around items are ignored. */
export function parseFaultFlag(text: string): Parsed {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) {
    return { ok: false, fields: [{ path: '--faults', message: 'Indicare almeno un servizio, es. kms=throttle.' }] };
  }
  const fields: FieldProblem[] = [];
  const changes: Partial<Record<FaultService, FaultMode>> = {};
  for (const item of items) {
    const [service = '', mode, ...rest] = item.split('=').map((part) => part.trim());
    if (mode === undefined || rest.length > 0) {
      fields.push({ path: item, message: 'Formato atteso: servizio=modalità, es. kms=throttle.' });
    } else if (!isFaultService(service)) {
      fields.push({ path: service, message: UNKNOWN_SERVICE });
    } else if (service in changes) {
      fields.push({ path: service, message: 'Servizio indicato più volte.' });
    } else if (!isFaultMode(mode)) {
      fields.push({ path: service, message: UNKNOWN_MODE });
    } else {
      changes[service] = mode;
    }
  }
  return fields.length > 0 ? { ok: false, fields } : { ok: true, changes };
}

export function applyFaults(current: FaultState, changes: Partial<Record<FaultService, FaultMode>>): FaultState {
  return Object.freeze({ ...current, ...changes });
}

/**
 * Reads a stored state leniently: unknown keys and bad values are ignored (each service falls back to `ok`), so a
 * hand-edited file can never make the product's calls fail in a way nobody asked for.
 */
export function normaliseFaultState(value: unknown): FaultState {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const state: Record<FaultService, FaultMode> = { ...HEALTHY };
  for (const service of FAULT_SERVICES) {
    const mode = source[service];
    if (isFaultMode(mode)) state[service] = mode;
  }
  return Object.freeze(state);
}

/** The CONTRACT `400 VALIDATION` body for a bad `POST /local/faults`. */
export function faultValidationError(fields: readonly FieldProblem[]) {
  return {
    error: {
      code: 'VALIDATION',
      message: `Guasti non validi: indicare ${list(FAULT_SERVICES)} con ${list(FAULT_MODES)}.`,
      fields,
    },
  };
}
