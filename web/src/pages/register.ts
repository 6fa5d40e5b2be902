/**
 * Registration (R4 participant, R5 administrator) with the privacy notice (R21). Fields are checked in the page with
 * the API's own rules: the zod body schema, the R7 password rules and the R1 token format; the "letto" checkbox is a
 * field like the others (its error on submit, gone when ticked, in the summary). On arrival the page asks the
 * timetable (`GET /sportello/status`): outside [M2, registration closes) it says so instead of showing the form.
 */
import { PRIVACY_NOTICE } from '#domain/accounts/privacy';
import { AdminRegistrationBody, ParticipantRegistrationBody } from '#domain/accounts/schemas';
import { PASSWORD_RULES, passwordProblems } from '#domain/accounts/password';
import { parseToken } from '#domain/kernel/token';
import { ADDRESS_LABEL, REGISTER_ADDRESS_HELP } from '../lib/accountText.ts';
import { call } from '../lib/api.ts';
import { syncedStatus } from '../lib/clock.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { romeDateTime } from '../lib/format.ts';
import { buildForm, checkboxField, type Field, inputField } from '../lib/forms.ts';
import { currentPortal, handOver, PORTAL_DIRS } from '../lib/session.ts';
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

const read = checkboxField({
  name: 'privacy',
  label: "Dichiaro di aver letto l'informativa sul trattamento dei dati personali",
  summary: 'Informativa privacy',
  id: 'presa-visione',
});

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
  if (!values.privacy) problems.privacy = "Per registrarsi occorre dichiarare di aver letto l'informativa.";
  return problems;
}

const view = buildForm({
  label: 'Registrazione',
  submit: 'Registrati',
  fields,
  extra: [privacyNotice()],
  trailing: [read],
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
  validate,
  async send({ privacy: _read, ...values }) {
    await call('POST', `/${portal}/register`, { body: values });
    handOver(portal, { email: values[addressName] ?? '' });
    location.assign(`${base}conferma/?nuovo=1`);
  },
});

const intro = el(
  'p',
  {},
  "Dopo la registrazione riceverai un codice di verifica all'indirizzo indicato; al primo accesso ti sarà chiesto il numero di cellulare per il secondo fattore di autenticazione. ",
  el('a', { href: base }, 'Hai già un account? Accedi'),
);

/**
 * Registration is open on [M2, registration closes) of the timetable (the global one: the page does not know the
 * application's region and axis yet). Closed: what the dates are, and no form to fill in for nothing.
 */
async function main() {
  let closedBecause: string | undefined;
  let closes: number | undefined;
  try {
    const { status, offsetMs } = await syncedStatus();
    const now = Date.now() + offsetMs;
    const opens = status.moments ? Date.parse(status.moments.m2) : undefined;
    closes = status.registrationCloses
      ? Date.parse(status.registrationCloses)
      : status.moments
        ? Date.parse(status.moments.m4)
        : undefined;
    if (opens === undefined || closes === undefined)
      closedBecause = 'Le registrazioni non sono ancora aperte: la tabella temporale non è stata pubblicata.';
    else if (now < opens)
      closedBecause = `Le registrazioni non sono ancora aperte: apriranno ${romeDateTime(opens)} (ora italiana, Momento 2).`;
    else if (now >= closes)
      closedBecause = `Le registrazioni sono chiuse dal ${romeDateTime(closes)} (ora italiana): non è più possibile registrarsi né eseguire il reset del token.`;
  } catch {
    // The status is not reachable: the form is shown, and the API says whether registration is open.
  }
  if (closedBecause) {
    const lead = document.querySelector('main .lead');
    const anyway = el(
      'button',
      {
        type: 'button',
        class: 'btn btn-outline-primary',
        onclick: () => {
          lead?.classList.remove('d-none');
          showForm(undefined);
        },
      },
      'Mostra comunque il modulo',
    );
    lead?.classList.add('d-none');
    replaceApp(
      alertBox('warning', closedBecause),
      el(
        'p',
        {},
        'Le date sono nel ',
        el('a', { href: '/calendario/' }, 'calendario dei Momenti'),
        '. Chi è già registrato può ',
        el('a', { href: base }, 'accedere'),
        '.',
      ),
      el(
        'p',
        {},
        "Le date indicate sono quelle generali: se per la regione o l'asse della domanda è stata fissata una tabella diversa, il modulo può essere ancora utilizzabile.",
      ),
      anyway,
    );
    return;
  }
  showForm(closes);
}

function showForm(closes: number | undefined) {
  replaceApp(
    intro,
    closes !== undefined ? el('p', {}, `Le registrazioni chiudono ${romeDateTime(closes)} (ora italiana).`) : null,
    el('div', { class: 'row' }, el('div', { class: 'col-lg-8' }, view.form)),
  );
}

void main();
