/** E-mail (or PEC) confirmation: "Verifica codice" with the code received, "Invia un nuovo codice" when lost. */
import { ConfirmBody, ResendBody } from '#domain/accounts/schemas';
import { ADDRESS_LABEL } from '../lib/accountText.ts';
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, param, replaceApp } from '../lib/dom.ts';
import { buildForm, inputField, verificationCodeField } from '../lib/forms.ts';
import { currentPortal, handedOver, handOver, PORTAL_DIRS } from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];

const email = inputField({
  name: 'email',
  label: ADDRESS_LABEL[portal],
  type: 'email',
  autocomplete: 'email',
  value: handedOver(portal).email ?? '',
});
const code = verificationCodeField("Il codice ricevuto per e-mail all'indirizzo indicato.");

const resend = el('button', { type: 'button', class: 'btn btn-outline-primary' }, 'Invia un nuovo codice');

const view = buildForm({
  label: 'Verifica del codice',
  submit: 'Verifica codice',
  fields: [email, code],
  secondary: [resend],
  validate: (values) => schemaProblems(ConfirmBody, values),
  async send(values) {
    await call('POST', `/${portal}/register/confirm`, { body: values });
    handOver(portal, { email: values.email ?? '' });
    location.assign(`${base}?motivo=confermato`);
  },
});

resend.addEventListener('click', () => {
  const problem = schemaProblems(ResendBody, { email: email.input.value }).email;
  email.setError(problem);
  if (problem) return email.input.focus();
  resend.disabled = true;
  call('POST', `/${portal}/register/resend`, { body: { email: email.input.value } })
    .then(
      () =>
        view.showStatus(
          `Nuovo codice inviato a ${email.input.value.trim()}: controlla la posta, anche nella cartella dello spam.`,
        ),
      (error: unknown) => view.showProblem(messageOf(error)),
    )
    .finally(() => {
      resend.disabled = false;
    });
});

replaceApp(
  param('nuovo')
    ? alertBox(
        'success',
        `Registrazione ricevuta. Abbiamo inviato un codice di verifica a ${handedOver(portal).email ?? ''}.`,
      )
    : null,
  el(
    'p',
    {},
    'Inserisci il codice di verifica ricevuto per e-mail. Se il codice è scaduto o non è arrivato, richiedine uno nuovo. Le registrazioni non verificate entro 24 ore vengono cancellate.',
  ),
  el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
);
