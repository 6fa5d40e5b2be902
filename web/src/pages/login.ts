/**
 * Login (R9): e-mail or PEC + password, then the SMS code page, or the phone page on the first login. The page says
 * before it happens that 10 wrong passwords lock the account (R10), how many are left when the API says so
 * (`error.attemptsLeft`, from the 7th), and during a lockout until when it lasts, with a countdown on the server's
 * clock (`error.lockedUntil` and the answer's `Date`).
 */
import { LoginBody } from '#domain/accounts/schemas';
import { ADDRESS_HELP, ADDRESS_LABEL, LOGIN_REASONS } from '../lib/accountText.ts';
import { ApiFailure, call } from '../lib/api.ts';
import { alertBox, el, param, replaceApp } from '../lib/dom.ts';
import { countdown, romeClock } from '../lib/format.ts';
import { buildForm, inputField, linkButton } from '../lib/forms.ts';
import {
  currentPortal,
  handedOver,
  handOver,
  HOME_AFTER_LOGIN,
  PORTAL_DIRS,
  savePendingLogin,
  tokensOf,
} from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';
import { count } from '#domain/kernel/plural';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];
const reason = LOGIN_REASONS[param('motivo')];

const LOCKOUT_RULE =
  "Dopo 10 password errate di seguito l'accesso da questo dispositivo viene bloccato temporaneamente: 1 minuto le prime volte, poi per tempi crescenti (2, 4, 8 minuti e così via, fino a 5 ore). Un accesso riuscito azzera il conteggio.";

if (tokensOf(portal) && !reason) location.replace(HOME_AFTER_LOGIN[portal]);
else render();

function render() {
  const email = inputField({
    name: 'email',
    label: ADDRESS_LABEL[portal],
    type: 'email',
    autocomplete: 'username',
    help: ADDRESS_HELP[portal],
    value: handedOver(portal).email ?? '',
  });
  const password = inputField({
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'current-password',
    help: LOCKOUT_RULE,
  });
  let lockTimer: ReturnType<typeof setInterval> | undefined;
  const view = buildForm({
    label: 'Accesso',
    submit: 'Accedi',
    fields: [email, password],
    validate: (values) => schemaProblems(LoginBody, { portal, ...values }),
    async send(values) {
      clearInterval(lockTimer);
      try {
        const { body } = await call<{ challenge: 'SMS_MFA' | 'MFA_SETUP'; session: string }>('POST', '/auth/login', {
          body: { portal, email: values.email, password: values.password },
        });
        savePendingLogin(portal, { email: values.email ?? '', session: body.session, challenge: body.challenge });
        location.assign(`${base}${body.challenge === 'MFA_SETUP' ? 'telefono/' : 'codice/'}`);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        const { code, message } = error.problem;
        if (code === 'EMAIL_NOT_CONFIRMED') {
          handOver(portal, { email: values.email ?? '' });
          const link = el('a', { href: `${base}conferma/` }, 'Verifica ora il tuo indirizzo');
          return show(alertBox('warning', `${message} `, link));
        }
        if (code === 'LOCKED') return showLockout(error);
        if (code === 'BAD_CREDENTIALS') return showBadCredentials(error);
        throw error;
      }
    },
  });

  const show = (box: HTMLElement) => {
    box.tabIndex = -1;
    view.status.replaceChildren(box);
    box.focus();
  };

  function showBadCredentials(error: ApiFailure) {
    const left = error.problem.attemptsLeft;
    const lines: (Node | string)[] = [el('p', { class: 'mb-0' }, error.problem.message)];
    if (left !== undefined) {
      lines.push(
        el(
          'p',
          { class: 'mb-0 mt-2 fw-semibold' },
          left <= 0
            ? "Attenzione: un'altra password errata blocca temporaneamente l'account."
            : `Attenzione: ancora ${count(left, 'tentativo', 'tentativi')} prima del blocco temporaneo dell'account.`,
        ),
      );
    }
    if (portal === 'participant') {
      lines.push(
        el(
          'p',
          { class: 'mb-0 mt-2 small' },
          'Se l\'amministratore dell\'impresa ha eseguito il reset del token, la tua registrazione è stata annullata e occorre registrarsi di nuovo. Se hai dimenticato la password, usa "Password dimenticata".',
        ),
      );
    }
    show(alertBox(left !== undefined ? 'warning' : 'danger', ...lines));
  }

  /** The seeds' message, then until when (Rome time) and a countdown on the server's clock. */
  function showLockout(error: ApiFailure) {
    const until = Date.parse(error.problem.lockedUntil ?? '');
    const lines: (Node | string)[] = [el('p', { class: 'mb-0' }, error.problem.message)];
    if (!Number.isFinite(until)) return show(alertBox('danger', ...lines));
    const offset = error.problem.serverDateMs ? error.problem.serverDateMs - Date.now() : 0;
    const remaining = el('span', { class: 'font-monospace', id: 'blocco-rimanente' });
    lines.push(
      el(
        'p',
        { class: 'mb-0 mt-2' },
        `Il blocco dura fino alle ${romeClock(until)} (ora italiana): si potrà riprovare tra `,
        remaining,
        '.',
      ),
      el(
        'p',
        { class: 'mb-0 mt-2 small' },
        'I tentativi fatti durante il blocco non contano e non lo allungano. I blocchi successivi durano di più (fino a 5 ore): se non ricordi la password usa "Password dimenticata".',
      ),
    );
    const box = alertBox('danger', ...lines);
    const tick = () => {
      const left = until - (Date.now() + offset);
      remaining.textContent = countdown(left).display;
      if (left > 0) return true;
      clearInterval(lockTimer);
      box.replaceWith(alertBox('info', 'Il blocco temporaneo è terminato: puoi riprovare ad accedere.'));
      return false;
    };
    show(box);
    if (tick()) lockTimer = setInterval(tick, 1000);
  }

  const reasonBox = reason
    ? alertBox(
        reason.kind,
        el('p', { class: 'mb-0' }, reason.text),
        ...(reason.more ?? []).map((m) => el('p', { class: 'mb-0 mt-2' }, m)),
      )
    : null;
  // Clear of the kit's floating label of the first field.
  reasonBox?.classList.add('mb-5');
  replaceApp(
    reasonBox,
    el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
    el(
      'div',
      { class: 'mt-5 d-flex flex-wrap gap-3' },
      el('span', { class: 'align-self-center' }, 'Non hai ancora un account?'),
      linkButton(`${base}registrazione/`, 'Registrati ora'),
      el('a', { href: `${base}password/`, class: 'align-self-center' }, 'Password dimenticata'),
    ),
  );
  // Back from a closed session: the address is there, the password is what is missing.
  if (handedOver(portal).email && reason) password.input.focus();
}
