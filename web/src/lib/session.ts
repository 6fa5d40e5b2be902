/**
 * The signed-in session of a portal, kept in sessionStorage (one browser tab, gone when it closes): the tokens of
 * `POST /auth/mfa` and the address used to log in, refreshed through `POST /auth/refresh` before they expire. A newer
 * login elsewhere ends this session (R11, `SESSION_SUPERSEDED`), and so does the administrator's token reset
 * (`UNAUTHENTICATED` with `reason: "TOKEN_RESET"`): the tokens are dropped and the login page says why, with the
 * address filled in again. Pages of the counter also ask `GET /me` every ~20 s (`watchSession`), so that an open tab
 * learns within 30 s that its session was closed.
 */
import { type ApiAnswer, ApiFailure, call } from './api.ts';
import { el } from './dom.ts';

export type Portal = 'participant' | 'admin';

export function currentPortal(): Portal {
  return document.body.dataset.portal === 'admin' ? 'admin' : 'participant';
}

export const PORTAL_DIRS: Record<Portal, string> = { participant: '/partecipante/', admin: '/amministratore/' };
/** Where a portal goes after a successful login. */
export const HOME_AFTER_LOGIN: Record<Portal, string> = {
  participant: '/partecipante/sportello/',
  admin: '/amministratore/aziende/',
};

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is refreshed. */
  refreshAfter: number;
  /** The e-mail (or PEC) of the login, filled in again on the login page if the session is closed. */
  email?: string;
}

/** The half-done login: e-mail and the short-lived login session of `/auth/login`. */
export interface PendingLogin {
  email: string;
  session: string;
  challenge: 'SMS_MFA' | 'MFA_SETUP';
}

const key = (portal: Portal, what: string) => `sportello.${portal}.${what}`;

function read<T>(name: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(name);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export const tokensOf = (portal: Portal) => read<Tokens>(key(portal, 'tokens'));
export const pendingLogin = (portal: Portal) => read<PendingLogin>(key(portal, 'login'));

export function savePendingLogin(portal: Portal, login: PendingLogin): void {
  sessionStorage.setItem(key(portal, 'login'), JSON.stringify(login));
}

export function saveTokens(
  portal: Portal,
  answer: { accessToken: string; refreshToken?: string; expiresIn: number },
  previous: { refreshToken?: string; email?: string } = {},
): void {
  const refreshToken = answer.refreshToken ?? previous.refreshToken ?? '';
  // Refresh a minute early (or at half the lifetime for short ones) so a request never carries an expired token.
  const margin = Math.min(60, answer.expiresIn / 2) * 1000;
  const tokens: Tokens = {
    accessToken: answer.accessToken,
    refreshToken,
    refreshAfter: Date.now() + answer.expiresIn * 1000 - margin,
    ...(previous.email ? { email: previous.email } : {}),
  };
  sessionStorage.setItem(key(portal, 'tokens'), JSON.stringify(tokens));
  sessionStorage.removeItem(key(portal, 'login'));
}

export function forget(portal: Portal): void {
  for (const what of ['tokens', 'login', 'receipt', 'code']) sessionStorage.removeItem(key(portal, what));
}

/**
 * The participant's identification code as this tab knows it: `GET /me` gives it before M4 and is remembered here;
 * from M4 `/me` gives only a hint, and the code is what the participant typed or pasted (checked against the hint).
 */
export const knownCode = () => sessionStorage.getItem(key('participant', 'code')) ?? undefined;
export const rememberCode = (code: string) => sessionStorage.setItem(key('participant', 'code'), code);

/**
 * What one page of a portal hands to the next — the address of the account, the phone a code went to — kept in this
 * tab's storage rather than in the next page's address: personal data never travels in a URL (browser history, the
 * site's access logs).
 */
export interface HandOver {
  email?: string;
  phone?: string;
}
export const handOver = (portal: Portal, data: HandOver) =>
  sessionStorage.setItem(key(portal, 'handover'), JSON.stringify(data));
export const handedOver = (portal: Portal): HandOver => read<HandOver>(key(portal, 'handover')) ?? {};

export type LoginReason = 'sessione-chiusa' | 'scaduta' | 'uscita' | 'annullata';

/**
 * Drops the session and leaves for the login page, which explains `reason` and has the address of this session filled
 * in; the pending promise never settles (the page is going away).
 */
let leaving = false;
export function toLogin(portal: Portal, reason?: LoginReason): Promise<never> {
  // Two requests refused at once leave once, with the first one's reason and the address (already forgotten after).
  if (leaving) return new Promise<never>(() => undefined);
  leaving = true;
  const email = tokensOf(portal)?.email ?? pendingLogin(portal)?.email;
  forget(portal);
  handOver(portal, email && reason !== 'uscita' ? { email } : {});
  location.assign(`${PORTAL_DIRS[portal]}${reason ? `?motivo=${reason}` : ''}`);
  return new Promise<never>(() => undefined);
}

/** Why a 401 ended the session, for the login page. */
function reasonOf(error: ApiFailure): LoginReason {
  if (error.problem.code === 'SESSION_SUPERSEDED') return 'sessione-chiusa';
  if (error.problem.reason === 'TOKEN_RESET') return 'annullata';
  return 'scaduta';
}

async function refresh(portal: Portal, tokens: Tokens): Promise<Tokens | undefined> {
  try {
    const { body } = await call<{ accessToken: string; expiresIn: number }>('POST', '/auth/refresh', {
      body: { portal, refreshToken: tokens.refreshToken },
    });
    saveTokens(portal, body, tokens);
    return tokensOf(portal);
  } catch (error) {
    if (error instanceof ApiFailure && error.problem.status === 401) return toLogin(portal, reasonOf(error));
    throw error;
  }
}

/**
 * A request with the portal's access token: refreshed first when due, refreshed once more on a 401
 * UNAUTHENTICATED; a superseded session (R11) or a lost one goes back to the login page with its reason.
 */
export async function authed<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const portal = currentPortal();
  let tokens = tokensOf(portal);
  if (!tokens) return toLogin(portal);
  if (Date.now() >= tokens.refreshAfter) tokens = await refresh(portal, tokens);
  try {
    return await call<T>(method, path, { body, accessToken: tokens?.accessToken });
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.problem.status !== 401) throw error;
    // A closed session or a deleted account does not come back with a refresh.
    if (error.problem.code === 'SESSION_SUPERSEDED' || error.problem.reason === 'TOKEN_RESET')
      return toLogin(portal, reasonOf(error));
    const renewed = tokens ? await refresh(portal, tokens) : undefined;
    if (!renewed) return toLogin(portal, 'scaduta');
    try {
      return await call<T>(method, path, { body, accessToken: renewed.accessToken });
    } catch (again) {
      if (again instanceof ApiFailure && again.problem.status === 401) return toLogin(portal, reasonOf(again));
      throw again;
    }
  }
}

/** How often an open counter page asks whether its session is still the current one (jittered, ms). */
export const SESSION_CHECK_MS = { min: 15_000, max: 25_000 };

/**
 * Asks `GET /me` every 15–25 s (random, so that open tabs do not ask in step) while the page is open: a session closed
 * by a newer login or by a token reset sends the tab to the login page, which says why, within 30 s. `quiet()` true
 * skips a round (the counter keeps the seconds around M5 free for the form).
 */
export function watchSession(quiet: () => boolean = () => false): void {
  const portal = currentPortal();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    clearTimeout(timer);
    timer = setTimeout(check, SESSION_CHECK_MS.min + Math.random() * (SESSION_CHECK_MS.max - SESSION_CHECK_MS.min));
  };
  function check() {
    if (quiet() || !tokensOf(portal)) return next();
    // Network failures and 5xx are ignored here: the next round asks again; a 401 leaves for the login page.
    authed('GET', '/me').then(next, next);
  }
  // A tab coming back to the front (its timers were slowed down meanwhile) asks at once.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  next();
}

/** "Esci" in the header of signed-in pages: ends the session on the server too. */
export function showAccountZone(portal: Portal, who: string): void {
  const zone = document.getElementById('account-zone');
  if (!zone) return;
  const button = el(
    'button',
    {
      type: 'button',
      class: 'btn btn-sm btn-outline-light ms-2',
      onclick: () => {
        const tokens = tokensOf(portal);
        const done = () => void toLogin(portal, 'uscita');
        if (!tokens) return done();
        call('POST', '/auth/logout', { accessToken: tokens.accessToken }).then(done, done);
      },
    },
    'Esci',
  );
  zone.replaceChildren(el('span', { class: 'text-white small' }, who), button);
}
