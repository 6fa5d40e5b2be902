/**
 * Registration (R4 participant, R5 administrator) with the privacy notice (R21). Fields are checked in the page with
 * the API's own rules: the zod body schema, the R7 password rules and the R1 token format.
 */
import { PRIVACY_NOTICE } from '#domain/accounts/privacy';
import { AdminRegistrationBody, ParticipantRegistrationBody } from '#domain/accounts/schemas';
import { PASSWORD_RULES, passwordProblems } from '#domain/accounts/password';
import { parseToken } from '#domain/kernel/token';
import { ADDRESS_LABEL, REGISTER_ADDRESS_HELP } from '../lib/accountText.ts';
import { call } from '../lib/api.ts';
import { el, replaceApp } from '../lib/dom.ts';
import { buildForm, type Field, inputField } from '../lib/forms.ts';
import { currentPortal, PORTAL_DIRS } from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];
const addressName = portal === 'admin' ? 'pec' : 'email';

const rules = el('ul', { class: 'mb-0 ps-3' }, ...PASSWORD_RULES.map((r) => el('li', {}, r.text)));

const fields: Field[] = [
  inputField({
    name: addressName,
    label: ADDRESS_LABEL[portal],
    type: 'email',
    autocomplete: 'email',
    help: REGISTER_ADDRESS_HELP[portal],
  }),
  inputField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', help: rules }),
  inputField({ name: 'confirmPassword', label: 'Conferma password', type: 'password', autocomplete: 'new-password' }),
  inputField({ name: 'firstName', label: 'Nome', autocomplete: 'given-name' }),
  inputField({ name: 'lastName', label: 'Cognome', autocomplete: 'family-name' }),
];
if (portal === 'participant') {
  fields.push(
    inputField({
      name: 'token',
      label: 'Codice identificativo domanda',
      code: true,
      maxlength: 80,
      help: 'I 65 caratteri del codice ricevuto alla registrazione della domanda: il segno + o - seguito da 64 cifre 0-9 o lettere a-f minuscole.',
    }),
  );
}

function privacyNotice(): HTMLElement {
  return el(
    'section',
    { id: 'informativa', class: 'sportello-box mt-4 mb-4', 'aria-labelledby': 'informativa-titolo' },
    el('h2', { id: 'informativa-titolo', class: 'h5' }, PRIVACY_NOTICE.title),
    ...PRIVACY_NOTICE.sections.flatMap((s) => [
      el('h3', { class: 'h6 mt-3 mb-1' }, s.heading),
      el('p', { class: 'mb-2' }, s.text),
    ]),
    el('p', { class: 'small mb-0' }, `Versione del ${PRIVACY_NOTICE.version}.`),
  );
}

const readId = 'presa-visione';
const read = el('input', {
  type: 'checkbox',
  id: readId,
  class: 'form-check-input',
  'aria-describedby': `${readId}-errore`,
});
const readError = el('div', { class: 'invalid-feedback', id: `${readId}-errore` });
const readBox = el(
  'div',
  { class: 'form-check mb-4' },
  read,
  el(
    'label',
    { for: readId, class: 'form-check-label' },
    "Dichiaro di aver letto l'informativa sul trattamento dei dati personali",
  ),
  readError,
);

function validate(values: Record<string, string>): Record<string, string> {
  const schema = portal === 'admin' ? AdminRegistrationBody : ParticipantRegistrationBody;
  const problems = schemaProblems(schema, values);
  for (const p of passwordProblems(values.password ?? '', values.confirmPassword ?? '')) {
    const name = p.rule === 'CONFIRMATION' ? 'confirmPassword' : 'password';
    problems[name] ??= p.message;
  }
  if (portal === 'participant') {
    const token = parseToken(values.token ?? '');
    if (!token.ok) problems.token ??= token.message;
  }
  return problems;
}

const view = buildForm({
  label: 'Registrazione',
  submit: 'Registrati',
  fields,
  extra: [privacyNotice(), readBox],
  fieldOfCode: {
    PASSWORD_POLICY: 'password',
    TOKEN_FORMAT: 'token',
    TOKEN_UNKNOWN: 'token',
    TOKEN_TAKEN: 'token',
    NCD: 'token',
    EMAIL_TAKEN: 'email',
    PEC_TAKEN: 'pec',
    PEC_UNKNOWN: 'pec',
  },
  validate(values) {
    const problems = validate(values);
    const unread = !read.checked;
    readError.textContent = unread ? "Per registrarsi occorre dichiarare di aver letto l'informativa." : '';
    readError.classList.toggle('d-block', unread);
    read.classList.toggle('is-invalid', unread);
    return problems;
  },
  async send(values) {
    if (!read.checked) {
      read.focus();
      return;
    }
    await call('POST', `/${portal}/register`, { body: values });
    location.assign(`${base}conferma/?email=${encodeURIComponent(values[addressName] ?? '')}&nuovo=1`);
  },
});

replaceApp(
  el(
    'p',
    {},
    "Dopo la registrazione riceverai un codice di verifica all'indirizzo indicato; al primo accesso ti sarà chiesto il numero di cellulare per il secondo fattore di autenticazione. ",
    el('a', { href: base }, 'Hai già un account? Accedi'),
  ),
  el('div', { class: 'row' }, el('div', { class: 'col-lg-8' }, view.form)),
);
