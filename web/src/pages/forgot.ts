/** "Password dimenticata" (R8): "Ottieni il codice" by e-mail, then the code and the new password under R7. */
import { ConfirmPasswordBody, ForgotBody } from '#domain/accounts/schemas';
import { PASSWORD_RULES, passwordProblems } from '#domain/accounts/password';
import { ADDRESS_LABEL } from '../lib/accountText.ts';
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { buildForm, inputField, verificationCodeField } from '../lib/forms.ts';
import { currentPortal, handedOver, handOver, PORTAL_DIRS } from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];

function askCode() {
  const email = inputField({
    name: 'email',
    label: ADDRESS_LABEL[portal],
    type: 'email',
    autocomplete: 'username',
    value: handedOver(portal).email ?? '',
  });
  const view = buildForm({
    label: 'Richiesta del codice',
    submit: 'Ottieni il codice',
    fields: [email],
    validate: (values) => schemaProblems(ForgotBody, { portal, ...values }),
    async send(values) {
      await call('POST', '/auth/password/forgot', { body: { portal, email: values.email } });
      setNewPassword(values.email ?? '');
    },
  });
  replaceApp(
    el(
      'p',
      {},
      "Inserisci l'indirizzo usato in fase di registrazione: riceverai un codice di verifica per scegliere una nuova password.",
    ),
    el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
  );
}

function setNewPassword(address: string) {
  const email = inputField({
    name: 'email',
    label: ADDRESS_LABEL[portal],
    type: 'email',
    autocomplete: 'username',
    value: address,
  });
  const code = verificationCodeField();
  const rules = el('ul', { class: 'mb-0 ps-3' }, ...PASSWORD_RULES.map((r) => el('li', {}, r.text)));
  const password = inputField({
    name: 'password',
    label: 'Nuova password',
    type: 'password',
    autocomplete: 'new-password',
    help: rules,
  });
  const confirm = inputField({
    name: 'confirmPassword',
    label: 'Conferma nuova password',
    type: 'password',
    autocomplete: 'new-password',
  });
  const again = el('button', { type: 'button', class: 'btn btn-outline-primary' }, 'Invia un nuovo codice');
  const view = buildForm({
    label: 'Scelta della nuova password',
    submit: 'Continua',
    fields: [email, code, password, confirm],
    secondary: [again],
    fieldOfCode: { PASSWORD_POLICY: 'password', BAD_CREDENTIALS: 'code' },
    validate(values) {
      const problems = schemaProblems(ConfirmPasswordBody, { portal, ...values });
      for (const p of passwordProblems(values.password ?? '', values.confirmPassword ?? '')) {
        problems[p.rule === 'CONFIRMATION' ? 'confirmPassword' : 'password'] ??= p.message;
      }
      return problems;
    },
    async send(values) {
      await call('POST', '/auth/password/confirm', { body: { portal, ...values } });
      handOver(portal, { email: values.email ?? '' });
      location.assign(`${base}?motivo=password`);
    },
  });
  again.addEventListener('click', () => {
    again.disabled = true;
    call('POST', '/auth/password/forgot', { body: { portal, email: email.input.value } })
      .then(
        () => view.showStatus("Se l'indirizzo è registrato, è stato inviato un nuovo codice."),
        (error: unknown) => view.showProblem(messageOf(error)),
      )
      .finally(() => {
        again.disabled = false;
      });
  });
  replaceApp(
    alertBox('success', `Se l'indirizzo ${address} è registrato, riceverai a breve un codice di verifica.`),
    el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
  );
  const heading = document.getElementById('titolo');
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();
}

askCode();
