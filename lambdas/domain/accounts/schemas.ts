/**
 * Request bodies of the accounts routes (CONTRACT "Registration", "Authentication"), as zod schemas. Formats with
 * their own CONTRACT code (token → `TOKEN_FORMAT`, password → `PASSWORD_POLICY`) are only typed here and checked
 * by the use case in CONTRACT's order; everything else is `VALIDATION`.
 * E-mail and PEC are trimmed and lower-cased (R21: compared case-insensitively).
 */
import { z } from 'zod';
import { PORTALS } from '#domain/kernel/portal';
import { italianIssues } from '#domain/kernel/validation';
import { type FieldProblem, refuse } from './refusal.ts';

const address = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Inserire ${label}.`)
    .max(254, `${label[0]?.toUpperCase()}${label.slice(1)} è troppo lungo.`)
    .pipe(z.email(`${label[0]?.toUpperCase()}${label.slice(1)} non è valido.`))
    .transform((value) => value.toLowerCase());

export const email = address("l'indirizzo e-mail");
export const pec = address("l'indirizzo PEC");
const name = (label: string) =>
  z.string().trim().min(1, `Inserire ${label}.`).max(100, `${label} troppo lungo: al massimo 100 caratteri.`);
/** Typed only: R7 is checked by the use case (`PASSWORD_POLICY`). */
const password = z.string().max(256, 'La password è troppo lunga.');
const code = z
  .string()
  .trim()
  .regex(/^[0-9]{4,10}$/, 'Il codice di verifica è formato da cifre: inserire il codice ricevuto.');
const portal = z.enum(PORTALS);
const session = z.string().min(16, 'Sessione di accesso non valida.').max(512, 'Sessione di accesso non valida.');

export const ParticipantRegistrationBody = z.object({
  email,
  password,
  confirmPassword: password,
  firstName: name('il nome'),
  lastName: name('il cognome'),
  /** Typed only: R1 is checked by the use case (`TOKEN_FORMAT`). */
  token: z.string().max(1000, 'Il codice identificativo è troppo lungo.'),
});
export const AdminRegistrationBody = z.object({
  pec,
  password,
  confirmPassword: password,
  firstName: name('il nome'),
  lastName: name('il cognome'),
});
/** For the administrator portal, `email` is the PEC. */
export const ConfirmBody = z.object({ email, code });
export const ResendBody = z.object({ email });
export const LoginBody = z.object({ portal, email, password });
export const MfaSetupBody = z.object({ portal, session, phone: z.string().trim().min(1).max(32) });
export const MfaBody = z.object({ portal, session, code });
export const RefreshBody = z.object({ portal, refreshToken: z.string().min(1).max(8192) });
export const ForgotBody = z.object({ portal, email });
export const ConfirmPasswordBody = z.object({ portal, email, code, password, confirmPassword: password });

/** `body` against `schema`, or a `VALIDATION` refusal listing every problem (`error.fields`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw refuse.validation([{ path: '', message: 'Il corpo della richiesta deve essere un oggetto JSON.' }]);
  }
  const parsed = schema.safeParse(body, { error: italianIssues });
  if (parsed.success) return parsed.data;
  const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw refuse.validation(fields);
}

/** A string field of a body not validated yet (for limits that CONTRACT puts before validation). */
export function peek(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}
