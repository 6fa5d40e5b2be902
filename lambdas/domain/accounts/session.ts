/**
 * One session per account (R11). Sessions are the backend's own record — account → current session id and the
 * `jti`s of the access tokens issued to it — written when the SMS step succeeds and checked on every authenticated
 * request; the identity provider's token revocation is not relied on (a locally verified JWT cannot see it).
 */

import type { Portal } from '#domain/kernel/portal';
import { inCounterWindow, timetableFor } from './calendar.ts';
import type { AccountsDeps, CallContext, IssuedTokens, PendingLogin } from './ports.ts';
import { refuse } from './refusal.ts';
import type { RefreshInput } from './schemas.ts';
import { rememberSource } from './sign-in-guard.ts';

/** R11: a previous session used this recently when a login completes in [M4, M6) is an overlap. */
export const OVERLAP_WINDOW_MS = 10 * 60 * 1000;
/** Last use is recorded at most this often per session: not a write per request. */
export const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export type SessionDeps = Pick<
  AccountsDeps,
  | 'identity'
  | 'sessions'
  | 'lockouts'
  | 'signIns'
  | 'refreshes'
  | 'registrations'
  | 'applications'
  | 'config'
  | 'audit'
  | 'logins'
  | 'clock'
  | 'ids'
  | 'refreshTokenHours'
>;

/** The authenticated caller, once its token is verified and its session is the current one. */
export interface Caller {
  portal: Portal;
  sub: string;
  sessionId: string;
  tokenId: string;
}

/**
 * Starts the account's session after both factors. Primary course:
 * 1. make a new session current, with the access token's `jti` (the previous session ends: its tokens now get
 *    `SESSION_SUPERSEDED`, and are revoked at the identity provider too); 2. reset the lockout counters (R10) and
 *    the provider's, and remember this source as the owner's;
 * 3. remember which session the refresh token serves; 4. record overlap evidence when the previous session was in
 *    use during [M4, M6); audit the login.
 */
export async function startSession(login: PendingLogin, tokens: IssuedTokens, ctx: CallContext, deps: SessionDeps) {
  const now = deps.clock.now();
  const session: SessionRecord = {
    sessionId: deps.ids.next(),
    startedAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    sourceIp: ctx.sourceIp,
    tokenIds: [tokens.tokenId],
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  };
  const previous = await deps.sessions.start(login.portal, tokens.sub, session);
  if (previous?.refreshToken) await deps.identity.revoke(login.portal, previous.refreshToken);
  await deps.lockouts.clear(login.portal, login.email);
  // Both factors from here: the provider's count is back to zero and this source is the owner's.
  await deps.signIns.clear(login.portal, login.email);
  await rememberSource(deps.signIns, login.portal, login.email, ctx.sourceIp, now);
  if (tokens.refreshToken) {
    const lifetime = deps.refreshTokenHours(login.portal) * 3600 * 1000;
    await deps.refreshes.put(
      tokens.refreshToken,
      { portal: login.portal, sub: tokens.sub, sessionId: session.sessionId },
      new Date(now.getTime() + lifetime),
    );
  }
  await deps.logins.delete(login.id);
  const token = (await deps.registrations.get(login.portal, login.email))?.token;
  await deps.audit.append({
    kind: 'LOGIN',
    at: now.toISOString(),
    actor: login.email,
    ...(token ? { subject: token } : {}),
    data: { portal: login.portal, sessionId: session.sessionId, sourceIp: ctx.sourceIp },
  });
  if (previous && now.getTime() - Date.parse(previous.lastSeenAt) <= OVERLAP_WINDOW_MS) {
    const application = token ? await deps.applications.get(token) : undefined;
    if (inCounterWindow(await timetableFor(deps.config, application?.region, application?.axis), now)) {
      await deps.audit.appendEvidence({
        kind: 'SESSION_OVERLAP',
        at: now.toISOString(),
        actor: login.email,
        ...(token ? { subject: token } : {}),
        data: { portal: login.portal, previous: asEvidence(previous), current: asEvidence(session) },
      });
    }
  }
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken: tokens.refreshToken,
    expiresIn: tokens.expiresIn,
  };
}

/**
 * Checks a verified access token against the account's current session: no session (logged out, reset, deleted)
 * → `UNAUTHENTICATED`; a token of another session → `SESSION_SUPERSEDED`. Records the last use at most once a minute.
 */
export async function requireCurrentSession(
  portal: Portal,
  sub: string,
  tokenId: string,
  deps: Pick<AccountsDeps, 'sessions' | 'clock'>,
): Promise<Caller> {
  return admitSession(portal, sub, tokenId, await deps.sessions.current(portal, sub), deps.clock.now(), deps.sessions);
}

/**
 * The same check on a session record the caller read itself (the counter reads it in the same batch as the
 * application, one request instead of two on the click-day path).
 */
export async function admitSession(
  portal: Portal,
  sub: string,
  tokenId: string,
  current: SessionRecord | undefined,
  now: Date,
  sessions: Pick<SessionStore, 'touch'>,
): Promise<Caller> {
  if (!current) throw refuse.as('UNAUTHENTICATED');
  if (current.endedBy === 'TOKEN_RESET') throw refuse.tokenReset();
  if (!current.tokenIds.includes(tokenId)) throw refuse.as('SESSION_SUPERSEDED');
  if (now.getTime() - Date.parse(current.lastSeenAt) >= LAST_SEEN_RESOLUTION_MS) {
    await sessions.touch(portal, sub, current.sessionId, now.toISOString());
  }
  return { portal, sub, sessionId: current.sessionId, tokenId };
}

/**
 * New access and ID tokens in the same session (click day lasts longer than an access token). Primary course:
 * 1. find the session the refresh token was issued to; 2. refuse it unless that session is still current;
 * 3. refresh with the identity provider; 4. add the new token's `jti` to the session.
 */
export async function refreshSession(
  input: RefreshInput,
  ctx: CallContext,
  deps: Pick<AccountsDeps, 'identity' | 'sessions' | 'refreshes' | 'clock'>,
) {
  const now = deps.clock.now();
  const binding = await deps.refreshes.get(input.refreshToken, now);
  if (!binding || binding.portal !== input.portal) throw refuse.as('UNAUTHENTICATED');
  const current = await deps.sessions.current(binding.portal, binding.sub);
  if (!current) throw refuse.as('UNAUTHENTICATED');
  if (current.endedBy === 'TOKEN_RESET') throw refuse.tokenReset();
  if (current.sessionId !== binding.sessionId) throw refuse.as('SESSION_SUPERSEDED');
  const tokens = await deps.identity.refresh(binding.portal, binding.sub, input.refreshToken, ctx);
  if (!tokens) throw refuse.as('UNAUTHENTICATED');
  const kept = await deps.sessions.touch(
    binding.portal,
    binding.sub,
    binding.sessionId,
    now.toISOString(),
    tokens.tokenId,
  );
  if (!kept) throw refuse.as('SESSION_SUPERSEDED');
  return { accessToken: tokens.accessToken, idToken: tokens.idToken, expiresIn: tokens.expiresIn };
}

/**
 * Ends the caller's session (`POST /auth/logout`): its tokens get `UNAUTHENTICATED` from now on, and are revoked at the
 * identity provider.
 */
export async function logout(caller: Caller, deps: Pick<AccountsDeps, 'sessions' | 'identity'>): Promise<void> {
  await endSession(caller.portal, caller.sub, deps, caller.sessionId);
}

/** Ends the account's current session (or only `sessionId`, if still current) and revokes its refresh token. */
export async function endSession(
  portal: Portal,
  sub: string,
  deps: Pick<AccountsDeps, 'sessions' | 'identity'>,
  sessionId?: string,
): Promise<void> {
  const current = await deps.sessions.current(portal, sub);
  await deps.sessions.end(portal, sub, sessionId);
  if (current?.refreshToken && (!sessionId || current.sessionId === sessionId)) {
    await deps.identity.revoke(portal, current.refreshToken);
  }
}

/** What evidence keeps of a session: when, from where, which tokens — never a credential. */
function asEvidence({ refreshToken: _credential, ...kept }: SessionRecord): Omit<SessionRecord, 'refreshToken'> {
  return kept;
}

/** The account's current session (R11): a newer login replaces it. */
export interface SessionRecord {
  sessionId: string;
  startedAt: string;
  lastSeenAt: string;
  sourceIp: string;
  /** `jti`s of the access tokens issued to this session (login and refreshes). */
  tokenIds: string[];
  /**
   * The session's refresh token, kept to revoke it at the identity provider when the session ends (a newer login,
   * logout, a new password). Useless without the backend client's secret.
   */
  refreshToken?: string | undefined;
  /**
   * Set on the record that stands in for a session a token reset ended (R12): the removed participant's tokens are
   * then told why (`error.reason: "TOKEN_RESET"`) instead of a bare `UNAUTHENTICATED`, while they could still be valid.
   */
  endedBy?: 'TOKEN_RESET' | undefined;
}

export interface SessionStore {
  current(portal: Portal, sub: string): Promise<SessionRecord | undefined>;
  /** Makes `session` the current one and returns the one it replaced (for overlap evidence). */
  start(portal: Portal, sub: string, session: SessionRecord): Promise<SessionRecord | undefined>;
  /** Adds a refreshed token's `jti` and the last-seen instant, only while `sessionId` is still current. */
  touch(portal: Portal, sub: string, sessionId: string, at: string, tokenId?: string): Promise<boolean>;
  /** Ends the session if it is still the current one (logout, reset). */
  end(portal: Portal, sub: string, sessionId?: string): Promise<void>;
  /** Ends whatever session the account has and leaves a record saying why, until `expiresAt` (a token reset). */
  close(portal: Portal, sub: string, reason: 'TOKEN_RESET', at: Date, expiresAt: Date): Promise<void>;
}
