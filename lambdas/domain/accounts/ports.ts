/**
 * Ports of the accounts use cases (R4–R12): the identity provider (Cognito user pools behind the backend's own app
 * clients), the short-lived login and registration records the backend keeps itself, and notifications. Storage
 * ports shared with other parts of the product (claims, lockouts, sessions, audit…) live in `../ports.ts`.
 *
 * Expected outcomes (wrong code, user exists…) are values. A throttle of the identity provider is thrown as a
 * `RATE_LIMITED` refusal (`refusal.ts`); a failing backing service as `Unavailable`.
 */
import type { Notifier } from '#domain/kernel/notification';
import type { Portal } from '#domain/kernel/portal';
import type { Application, ApplicationStore } from '#domain/kernel/application';
import type { AuditLog } from '#domain/kernel/audit';
import type { ClaimStore } from './claims.ts';
import type { ConfigStore } from '#domain/kernel/config';
import type { LockoutStore } from './lockout.ts';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { SessionStore } from './session.ts';
import type { SignInGuardStore } from './sign-in-guard.ts';
import type { CodeTriesStore } from './code-tries.ts';

/** What the backend knows of the caller's request: the platform's view of the source address. */
export interface CallContext {
  sourceIp: string;
}

/** Tokens issued by the identity provider, with the two facts of the access token the backend needs. */
export interface IssuedTokens {
  accessToken: string;
  idToken: string;
  /** Absent on a refresh (the refresh token is reused). */
  refreshToken?: string | undefined;
  expiresIn: number;
  /** The account's stable id (`sub`), also its username in pools whose username is the e-mail. */
  sub: string;
  /** `jti` of the access token: the id sessions are checked by (R11). */
  tokenId: string;
}

export interface Person {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export interface Account {
  sub: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: string | undefined;
  phoneVerified: boolean;
  /** SMS is an enabled MFA method of the account (the only second factor this product accepts). */
  smsMfa: boolean;
  confirmed: boolean;
  createdAt: Date;
}

export type SignUpOutcome = { kind: 'CREATED'; sub: string } | { kind: 'EXISTS' };
export type CodeOutcome = 'OK' | 'WRONG_CODE' | 'EXPIRED_CODE' | 'UNKNOWN';
export type PasswordLogin =
  | { kind: 'TOKENS'; tokens: IssuedTokens }
  | { kind: 'SMS_MFA'; challengeSession: string; username: string }
  | { kind: 'BAD_CREDENTIALS' }
  | { kind: 'NOT_CONFIRMED' }
  /** The provider's own lockout refused the attempt without checking the password (not a failure). */
  | { kind: 'PROVIDER_LOCKED' };
export type ChallengeAnswer =
  | { kind: 'TOKENS'; tokens: IssuedTokens }
  | { kind: 'WRONG_CODE'; challengeSession?: string | undefined }
  /** The provider ended the challenge (too many wrong codes, too old): log in again. */
  | { kind: 'ENDED' };

/** One user pool per portal; every call goes through the backend app client (with its secret). */
export interface IdentityProvider {
  signUp(portal: Portal, person: Person, ctx: CallContext): Promise<SignUpOutcome>;
  confirmSignUp(portal: Portal, email: string, code: string, ctx: CallContext): Promise<CodeOutcome>;
  resendSignUpCode(portal: Portal, email: string, ctx: CallContext): Promise<'SENT' | 'UNKNOWN'>;
  passwordLogin(portal: Portal, email: string, password: string, ctx: CallContext): Promise<PasswordLogin>;
  answerSmsChallenge(
    portal: Portal,
    username: string,
    challengeSession: string,
    code: string,
    ctx: CallContext,
  ): Promise<ChallengeAnswer>;
  /**
   * A phone whose code the product has verified becomes the account's verified number and its SMS second factor
   * (enabled and preferred: every later login gets the SMS challenge). Administrative calls only: no token the
   * browser holds can change the phone or the MFA settings (docs/accounts.md "What protects what").
   */
  enrolPhone(portal: Portal, sub: string, phone: string): Promise<void>;
  refresh(portal: Portal, sub: string, refreshToken: string, ctx: CallContext): Promise<IssuedTokens | undefined>;
  /**
   * Revokes a refresh token and every access token issued with it, at the provider (logout, a newer login, a new
   * password). The product's own session check refuses those tokens already; this closes them at the provider too.
   * Best effort: false when the provider could not be reached or did not know the token.
   */
  revoke(portal: Portal, refreshToken: string): Promise<boolean>;
  forgotPassword(portal: Portal, email: string, ctx: CallContext): Promise<void>;
  confirmForgotPassword(
    portal: Portal,
    email: string,
    code: string,
    password: string,
    ctx: CallContext,
  ): Promise<CodeOutcome>;
  /** By e-mail or sub; undefined when there is no such account. */
  getAccount(portal: Portal, username: string): Promise<Account | undefined>;
  deleteAccount(portal: Portal, username: string): Promise<boolean>;
  /** Accounts whose e-mail was never confirmed, created before `before`. */
  listUnconfirmed(portal: Portal, before: Date): Promise<Account[]>;
}

/** A login between the password and the SMS code (CONTRACT `session`, ≤ 5 minutes). */
export interface PendingLogin {
  id: string;
  portal: Portal;
  email: string;
  sourceIp: string;
  /** `SMS_MFA`: the provider's challenge is open; `MFA_SETUP`: tokens held until the phone is verified. */
  challenge: 'SMS_MFA' | 'MFA_SETUP';
  username: string;
  challengeSession?: string | undefined;
  /** Held server-side during enrolment: never shown to the browser before the SMS code is right. */
  tokens?: IssuedTokens | undefined;
  /** During enrolment, the number whose code was sent. */
  phone?: string | undefined;
  /** During enrolment, the digest of the SMS code sent to `phone` (the code itself is never stored). */
  phoneCode?: string | undefined;
  /** Epoch ms after which the login is void. */
  expiresAt: number;
}

export interface PendingLoginStore {
  put(login: PendingLogin): Promise<void>;
  /** The login if it exists and has not expired at `now`. */
  get(id: string, now: Date): Promise<PendingLogin | undefined>;
  /** Counts one wrong code atomically (and keeps the provider's renewed challenge session); returns the count. */
  countWrongCode(id: string, challengeSession?: string): Promise<number>;
  delete(id: string): Promise<void>;
}

/** A participant or administrator registration as the backend keeps it (the token it holds, its state). */
export interface Registration {
  /** Random id of this registration: the owner of its claims, so a later registration never frees them by mistake. */
  id: string;
  portal: Portal;
  email: string;
  sub: string;
  /** The participant's token (absent for administrators). */
  token?: string | undefined;
  confirmed: boolean;
  registeredAt: string;
  /** When the e-mail code was confirmed (for a participant, when its token was bound). */
  confirmedAt?: string | undefined;
  /** The verified phone (E.164) once claimed (R6: claimed when its SMS code is verified). */
  phone?: string | undefined;
  /** Source address of the registration request (evidence when a token's participant changes, R11). */
  sourceIp?: string | undefined;
}

/**
 * The participant a token reset removed, kept per token so that a later binding of the same token can name it in
 * the evidence of a participant change during the counter (R11 "two accounts on one token").
 */
export interface FormerParticipant {
  email: string;
  sub: string;
  boundAt?: string | undefined;
  registeredFrom?: string | undefined;
  /** The removed participant's last session, if it had one: its source address and last use. */
  lastSession?: { sourceIp: string; startedAt: string; lastSeenAt: string } | undefined;
  resetAt: string;
  resetBy: string;
  resetFrom: string;
}

export interface RegistrationStore {
  /** Unconfirmed registrations lapse at `expiresAt`; a confirmed one is kept. */
  put(registration: Registration, expiresAt?: Date): Promise<void>;
  get(portal: Portal, email: string): Promise<Registration | undefined>;
  delete(portal: Portal, email: string): Promise<void>;
  /**
   * The latest registration written with `token` (every `put` of a participant registration also keeps a copy by
   * token, with the same expiry): how the administrator finds a pending participant and a retried reset finds what
   * an interrupted one left. Callers check it still holds the token claim.
   */
  byToken(token: string): Promise<Registration | undefined>;
  /** Removes the copy by token if it is still registration `id`'s. */
  forgetToken(token: string, id: string): Promise<void>;
  /** Remembers the participant a reset removed from `token` (replaces any earlier one). */
  putFormerParticipant(token: string, former: FormerParticipant): Promise<void>;
  formerParticipant(token: string): Promise<FormerParticipant | undefined>;
}

/** Which session a refresh token belongs to: refresh tokens are opaque, and SECRET_HASH needs the username. */
export interface RefreshBinding {
  portal: Portal;
  sub: string;
  sessionId: string;
}

export interface RefreshStore {
  put(refreshToken: string, binding: RefreshBinding, expiresAt: Date): Promise<void>;
  get(refreshToken: string, now: Date): Promise<RefreshBinding | undefined>;
}

/**
 * R17c as CONTRACT "File formats" decides it: a list (region × axis) is NCD when it has an allocation and its
 * applications, sent or not, request in total no more than it.
 */
export interface NcdCheck {
  isNcd(application: Pick<Application, 'region' | 'axis'>): Promise<boolean>;
}

/** Short-lived markers (e.g. "this account's SMS allowance from this source is used up until …"). */
export interface FlagStore {
  raise(key: string, until: Date): Promise<void>;
  /** The instant the flag lowers, if it is raised at `now`. */
  raisedUntil(key: string, now: Date): Promise<Date | undefined>;
}

export interface Clock {
  now(): Date;
}

export interface RandomIds {
  /** An unguessable id (≥ 128 bits), URL-safe. */
  next(): string;
}

/** Everything the accounts use cases may touch; each use case declares the subset it needs with `Pick`. */
export interface AccountsDeps {
  identity: IdentityProvider;
  applications: ApplicationStore;
  claims: ClaimStore;
  config: ConfigStore;
  lockouts: LockoutStore;
  /** The sources each account proved itself from, and what the provider's lockout has counted (`sign-in-guard.ts`). */
  signIns: SignInGuardStore;
  /** Wrong tries of the e-mailed codes (`code-tries.ts`). */
  codeTries: CodeTriesStore;
  sessions: SessionStore;
  rates: RateCounter;
  audit: AuditLog;
  logins: PendingLoginStore;
  registrations: RegistrationStore;
  refreshes: RefreshStore;
  flags: FlagStore;
  /** E-mail notices (token reset). */
  notifier: Notifier;
  /** Text messages the product sends itself: the code that verifies a new phone. */
  sms: Notifier;
  /** One-time codes for the SMS the product sends (6 digits, from a cryptographic source). */
  codes: { next(): string };
  /** Countries whose mobile numbers may receive the product's SMS (ISO 3166 codes; default Italy). */
  smsCountries: readonly string[];
  /** R17c: registration refuses the tokens of NCD lists. */
  ncd: NcdCheck;
  clock: Clock;
  ids: RandomIds;
  /** How long a portal's refresh tokens live (the identity provider's setting): a refresh binding lasts as long. */
  refreshTokenHours(portal: Portal): number;
}
