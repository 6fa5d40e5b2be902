/** The SMS code of a login or of the phone setup (R9): "Verifica codice", then the portal's signed-in home. */
import { MfaBody } from '#domain/accounts/schemas';
import { ApiFailure, call } from '../lib/api.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { buildForm, linkButton, verificationCodeField } from '../lib/forms.ts';
import { currentPortal, handedOver, HOME_AFTER_LOGIN, PORTAL_DIRS, pendingLogin, saveTokens } from '../lib/session.ts';
import { schemaProblems } from '../lib/validate.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];
const login = pendingLogin(portal);

if (login?.challenge !== 'SMS_MFA') location.replace(base);
else render(login);

function render(pending: NonNullable<typeof login>) {
  const code = verificationCodeField();
  const view = buildForm({
    label: 'Codice di verifica SMS',
    submit: 'Verifica codice',
    fields: [code],
    validate: (values) => schemaProblems(MfaBody, { portal, session: pending.session, code: values.code }),
    async send(values) {
      try {
        const { body } = await call<{ accessToken: string; refreshToken: string; expiresIn: number }>(
          'POST',
          '/auth/mfa',
          {
            body: { portal, session: pending.session, code: values.code },
          },
        );
        saveTokens(portal, body, { email: pending.email });
        location.assign(HOME_AFTER_LOGIN[portal]);
      } catch (error) {
        if (error instanceof ApiFailure && error.problem.code === 'UNAUTHENTICATED') {
          view.showProblem(
            "La sessione di accesso è scaduta o è stata chiusa dopo troppi codici errati: effettuare di nuovo l'accesso.",
          );
          return;
        }
        throw error;
      }
    },
  });
  const number = handedOver(portal).phone;
  replaceApp(
    alertBox(
      'info',
      number
        ? `Codice inviato per SMS al numero ${number}.`
        : `Codice inviato per SMS al numero di cellulare verificato per ${pending.email} (quello indicato al primo accesso). Il codice vale pochi minuti.`,
    ),
    el('div', { class: 'row' }, el('div', { class: 'col-lg-6' }, view.form)),
    el('p', { class: 'mt-4' }, 'Il codice non è arrivato o è scaduto? Per ricevere un nuovo codice accedi di nuovo: '),
    linkButton(base, 'Invia un nuovo codice'),
  );
}
