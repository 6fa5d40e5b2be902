/**
 * Second factor setup (R4): "Prefisso internazionale" (Italy first) + "Numero di telefono", "Invia SMS". The number is
 * checked with the API's own rules (lambdas/domain/accounts/phone.ts: full numbering plans, SMS-capable types only) and sent
 * in E.164; the SMS code is then entered on the code page. No zod here: this page carries the numbering plans.
 */
import { type CountryCode, DEFAULT_PHONE_COUNTRY, normalisePhone, PHONE_PREFIXES } from '#domain/accounts/phone';
import { call } from '../lib/api.ts';
import { el, replaceApp } from '../lib/dom.ts';
import { buildForm, inputField, selectField } from '../lib/forms.ts';
import { currentPortal, PORTAL_DIRS, pendingLogin, savePendingLogin } from '../lib/session.ts';

const portal = currentPortal();
const base = PORTAL_DIRS[portal];
const login = pendingLogin(portal);

if (login?.challenge !== 'MFA_SETUP') location.replace(base);
else render(login);

function render(pending: NonNullable<typeof login>) {
  const prefix = selectField(
    {
      name: 'prefix',
      label: 'Prefisso internazionale',
      value: DEFAULT_PHONE_COUNTRY,
      autocomplete: 'tel-country-code',
    },
    PHONE_PREFIXES.map((p) => ({ value: p.country, text: p.label })),
  );
  const number = inputField({
    name: 'number',
    label: 'Numero di telefono',
    type: 'tel',
    autocomplete: 'tel-national',
    inputmode: 'tel',
    help: 'Un numero di cellulare che può ricevere SMS, usato solo per questa registrazione.',
  });
  const check = (values: Record<string, string>) =>
    normalisePhone(values.number ?? '', (values.prefix ?? 'IT') as CountryCode);
  const view = buildForm({
    label: 'Numero di cellulare',
    submit: 'Invia SMS',
    fields: [prefix, number],
    fieldOfCode: { PHONE_TAKEN: 'number' },
    validate(values): Record<string, string> {
      const phone = check(values);
      return phone.ok ? {} : { number: phone.message };
    },
    async send(values) {
      const phone = check(values);
      if (!phone.ok) return;
      const { body } = await call<{ challenge: 'SMS_MFA'; session: string }>('POST', '/auth/mfa/setup', {
        body: { portal, session: pending.session, phone: phone.e164 },
      });
      savePendingLogin(portal, { email: pending.email, session: body.session, challenge: 'SMS_MFA' });
      location.assign(`${base}codice/?numero=${encodeURIComponent(phone.international)}`);
    },
  });
  replaceApp(
    el(
      'p',
      {},
      `Accesso in corso per ${pending.email}. Il numero sarà verificato con un codice inviato per SMS; un numero può essere usato per una sola registrazione su questo portale.`,
    ),
    el('div', { class: 'row' }, el('div', { class: 'col-lg-7' }, view.form)),
  );
}
