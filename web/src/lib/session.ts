/**
 * The signed-in session of a portal, kept in sessionStorage (one browser tab, gone when it closes): the tokens of
 * `POST /auth/mfa`, refreshed through `POST /auth/refresh` before they expire. A newer login elsewhere ends this
 * session (R11, `SESSION_SUPERSEDED`): the tokens are dropped and the login page says why.
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
  previousRefresh?: string,
): void {
  const refreshToken = answer.refreshToken ?? previousRefresh ?? '';
  // Refresh a minute early (or at half the lifetime for short ones) so a request never carries an expired token.
  const margin = Math.min(60, answer.expiresIn / 2) * 1000;
  const tokens: Tokens = {
    accessToken: answer.accessToken,
    refreshToken,
    refreshAfter: Date.now() + answer.expiresIn * 1000 - margin,
  };
  sessionStorage.setItem(key(portal, 'tokens'), JSON.stringify(tokens));
  sessionStorage.removeItem(key(portal, 'login'));
}

export function forget(portal: Portal): void {
  for (const what of ['tokens', 'login', 'receipt']) sessionStorage.removeItem(key(portal, what));
}

/** Stored per portal, for pages that keep a small piece of state across a reload (the participant's receipt). */
export const stored = {
  get: <T>(portal: Portal, what: string) => read<T>(key(portal, what)),
  set: (portal: Portal, what: string, value: unknown) =>
    sessionStorage.setItem(key(portal, what), JSON.stringify(value)),
  remove: (portal: Portal, what: string) => sessionStorage.removeItem(key(portal, what)),
};

/** Leaves for the login page, which explains `reason`; the pending promise never settles (the page is going away). */
export function toLogin(portal: Portal, reason?: 'sessione-chiusa' | 'scaduta' | 'uscita'): Promise<never> {
  location.assign(`${PORTAL_DIRS[portal]}${reason ? `?motivo=${reason}` : ''}`);
  return new Promise<never>(() => undefined);
}

async function refresh(portal: Portal, tokens: Tokens): Promise<Tokens | undefined> {
  try {
    const { body } = await call<{ accessToken: string; expiresIn: number }>('POST', '/auth/refresh', {
      body: { portal, refreshToken: tokens.refreshToken },
    });
    saveTokens(portal, body, tokens.refreshToken);
    return tokensOf(portal);
  } catch (error) {
    if (error instanceof ApiFailure && error.problem.status === 401) {
      forget(portal);
      return toLogin(portal, error.problem.code === 'SESSION_SUPERSEDED' ? 'sessione-chiusa' : 'scaduta');
    }
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
    if (error.problem.code === 'SESSION_SUPERSEDED') {
      forget(portal);
      return toLogin(portal, 'sessione-chiusa');
    }
    const renewed = tokens ? await refresh(portal, tokens) : undefined;
    if (!renewed) return toLogin(portal, 'scaduta');
    try {
      return await call<T>(method, path, { body, accessToken: renewed.accessToken });
    } catch (again) {
      if (again instanceof ApiFailure && again.problem.status === 401) {
        forget(portal);
        return toLogin(portal, again.problem.code === 'SESSION_SUPERSEDED' ? 'sessione-chiusa' : 'scaduta');
      }
      throw again;
    }
  }
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
        const done = () => {
          forget(portal);
          void toLogin(portal, 'uscita');
        };
        if (!tokens) return done();
        call('POST', '/auth/logout', { accessToken: tokens.accessToken }).then(done, done);
      },
    },
    'Esci',
  );
  zone.replaceChildren(el('span', { class: 'text-white small' }, who), button);
}
