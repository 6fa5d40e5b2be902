/** Login (R9): e-mail or PEC + password, then the SMS code page, or the phone page on the first login. */
import { LoginBody } from '#domain/accounts/schemas';
import { ADDRESS_HELP, ADDRESS_LABEL, LOGIN_REASONS } from '../lib/accountText.ts';
import { ApiFailure, call } from '../lib/api.ts';
import { alertBox, el, param, replaceApp } from '../lib/dom.ts';
import { buildForm, inputField, linkButton } from '../lib/forms.ts';
import { currentPortal, HOME_AFTER_LOGIN, PORTAL_DIRS, savePendingLogin, tokensOf } from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];
const reason = LOGIN_REASONS[param('motivo')];

if (tokensOf(portal) && !reason) location.replace(HOME_AFTER_LOGIN[portal]);
else render();

function render() {
  const email = inputField({
    name: 'email',
    label: ADDRESS_LABEL[portal],
    type: 'email',
    autocomplete: 'username',
    help: ADDRESS_HELP[portal],
    value: param('email'),
  });
  const password = inputField({
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'current-password',
  });
  const view = buildForm({
    label: 'Accesso',
    submit: 'Accedi',
    fields: [email, password],
    validate: (values) => schemaProblems(LoginBody, { portal, ...values }),
    async send(values) {
      try {
        const { body } = await call<{ challenge: 'SMS_MFA' | 'MFA_SETUP'; session: string }>('POST', '/auth/login', {
          body: { portal, email: values.email, password: values.password },
        });
        savePendingLogin(portal, { email: values.email ?? '', session: body.session, challenge: body.challenge });
        location.assign(`${base}${body.challenge === 'MFA_SETUP' ? 'telefono/' : 'codice/'}`);
      } catch (error) {
        if (error instanceof ApiFailure && error.problem.code === 'EMAIL_NOT_CONFIRMED') {
          const link = el(
            'a',
            { href: `${base}conferma/?email=${encodeURIComponent(values.email ?? '')}` },
            'Verifica ora il tuo indirizzo',
          );
          const box = alertBox('warning', `${error.problem.message} `, link);
          box.tabIndex = -1;
          view.status.replaceChildren(box);
          box.focus();
          return;
        }
        throw error;
      }
    },
  });
  replaceApp(
    reason ? alertBox(reason.kind, reason.text) : null,
    el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
    el(
      'div',
      { class: 'mt-5 d-flex flex-wrap gap-3' },
      el('span', { class: 'align-self-center' }, 'Non hai ancora un account?'),
      linkButton(`${base}registrazione/`, 'Registrati ora'),
      el('a', { href: `${base}password/`, class: 'align-self-center' }, 'Password dimenticata'),
    ),
  );
}
