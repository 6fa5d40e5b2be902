/**
 * Request bodies of the accounts routes (CONTRACT "Registration", "Authentication"), as zod schemas: the routes
 * declare them and the HTTP edge validates every body before the use case runs (the portals' forms use them too). Formats with
 * their own CONTRACT code (token → `TOKEN_FORMAT`, password → `PASSWORD_POLICY`) are only typed here and checked
 * by the use case in CONTRACT's order; everything else is `VALIDATION`.
 * E-mail and PEC are trimmed and lower-cased (R21: compared case-insensitively).
 */
import { z } from 'zod';
import { PORTALS } from '#domain/kernel/portal';

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

export type ParticipantRegistrationInput = z.output<typeof ParticipantRegistrationBody>;
export type AdminRegistrationInput = z.output<typeof AdminRegistrationBody>;
export type ConfirmInput = z.output<typeof ConfirmBody>;
export type ResendInput = z.output<typeof ResendBody>;
export type LoginInput = z.output<typeof LoginBody>;
export type MfaSetupInput = z.output<typeof MfaSetupBody>;
export type MfaInput = z.output<typeof MfaBody>;
export type RefreshInput = z.output<typeof RefreshBody>;
export type ForgotInput = z.output<typeof ForgotBody>;
export type ConfirmPasswordInput = z.output<typeof ConfirmPasswordBody>;
