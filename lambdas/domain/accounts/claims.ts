/** Uniqueness claims (R6): e-mail, PEC, phone per portal, token binding — each a conditional put. */
import type { Portal } from '#domain/kernel/portal';

/** The storage key of a uniqueness claim; build it with `claimKeys`. */
export type ClaimKey = string & { readonly __brand: 'ClaimKey' };

export const claimKeys = {
  /** The account's login address: the participant's e-mail or the administrator's PEC, per portal. */
  account: (portal: Portal, address: string) => `ACCOUNT#${portal}#${address.trim().toLowerCase()}` as ClaimKey,
  /** A verified phone number (E.164), per portal (an administrator acting as participant may reuse it). */
  phone: (portal: Portal, e164: string) => `PHONE#${portal}#${e164.trim()}` as ClaimKey,
  /** A token held by one participant registration (pending or confirmed). */
  token: (token: string) => `TOKEN#${token}` as ClaimKey,
  /**
   * An operator command that must not run twice at once on a stage (`lists publish`), held for a lease: the claim
   * names no person, only the command and who runs it.
   */
  operation: (name: string) => `OPERATION#${name}` as ClaimKey,
};

export interface Claim {
  key: ClaimKey;
  /** Who holds it: a Cognito username/sub or a registration id. */
  owner: string;
  claimedAt: string;
  /** ISO instant after which an unconfirmed claim is free again (DynamoDB TTL deletes it later, lazily). */
  expiresAt?: string;
}

export type ClaimOutcome = { won: true } | { won: false; heldBy: string };

export interface ClaimStore {
  /**
   * Takes the claim if nobody holds it, its holder's expiry has passed, or `owner` already holds it (idempotent).
   * Without `expiresAt` the claim is permanent; with it, it lapses (unconfirmed registrations, 24 h).
   */
  claim(key: ClaimKey, owner: string, at: Date, expiresAt?: Date): Promise<ClaimOutcome>;
  /** Makes `owner`'s claim permanent (registration confirmed). False if `owner` does not hold it or it lapsed. */
  confirm(key: ClaimKey, owner: string, at: Date): Promise<boolean>;
  /** Frees the claim if `owner` holds it. False otherwise. */
  release(key: ClaimKey, owner: string): Promise<boolean>;
  /** The live claim (an expired one reads as absent). */
  get(key: ClaimKey, at: Date): Promise<Claim | undefined>;
}
