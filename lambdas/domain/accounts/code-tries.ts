/**
 * Every e-mailed verification code is spent after five wrong tries (the registration's code, the new password's code):
 * the product stops passing guesses to the identity provider until a new code is sent, so a six-digit code cannot be
 * guessed at leisure. Counted per purpose and address whether or not the address is registered, and answered alike
 * (no enumeration). The SMS codes of a login are counted with the login itself (`mfa.ts`).
 */
import type { Portal } from '#domain/kernel/portal';
import { refuse } from './refusal.ts';

export const MAX_CODE_TRIES = 5;
/** A count lives as long as any code it counts could (the registration's holds 24 hours). */
export const CODE_TRIES_RETENTION_MS = 24 * 3600_000;

export type CodePurpose = 'signup' | 'password';

export interface CodeTriesStore {
  wrongSoFar(purpose: CodePurpose, portal: Portal, address: string): Promise<number>;
  /** Counts one wrong code; the count after it. */
  countWrong(purpose: CodePurpose, portal: Portal, address: string, expiresAt: Date): Promise<number>;
  /** A new code was sent, or the right one was given: counting starts again. */
  reset(purpose: CodePurpose, portal: Portal, address: string): Promise<void>;
}

const SPENT = {
  signup:
    'Il codice di verifica è stato annullato dopo 5 tentativi errati: chiedere un nuovo codice con "Invia un nuovo codice".',
  password:
    'Il codice di verifica è stato annullato dopo 5 tentativi errati: chiederne uno nuovo con "Password dimenticata".',
};

/** Refuses with `BAD_CREDENTIALS` once the code of `purpose` was spent by wrong tries. */
export async function requireCodeUsable(store: CodeTriesStore, purpose: CodePurpose, portal: Portal, address: string) {
  if ((await store.wrongSoFar(purpose, portal, address)) >= MAX_CODE_TRIES) {
    throw refuse.badCredentials(SPENT[purpose]);
  }
}

/** Counts a wrong code and refuses: with `message`, or saying the code is spent at the fifth. */
export async function wrongCode(
  store: CodeTriesStore,
  purpose: CodePurpose,
  portal: Portal,
  address: string,
  message: string,
  now: Date,
): Promise<never> {
  const tries = await store.countWrong(purpose, portal, address, new Date(now.getTime() + CODE_TRIES_RETENTION_MS));
  throw refuse.badCredentials(tries >= MAX_CODE_TRIES ? SPENT[purpose] : message);
}
