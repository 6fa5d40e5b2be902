/**
 * Second factor setup (R4): "Prefisso internazionale" (Italy first) + "Numero di telefono", "Invia SMS". The number is
 * checked with the API's own rules (lambdas/domain/accounts/phone.ts: full numbering plans, SMS-capable types only) and sent
 * in E.164; the SMS code is then entered on the code page. No zod here: this page carries the numbering plans.
 */
import {
  allowedSmsCountry,
  type CountryCode,
  DEFAULT_PHONE_COUNTRY,
  normalisePhone,
  PHONE_PREFIXES,
} from '#domain/accounts/phone';

/** The deployment's SMS allow-list (`web/site.config.json` → `sms.countries`), set at build time by web/build.ts. */
declare const __SMS_COUNTRIES__: readonly string[];
const prefixes = PHONE_PREFIXES.filter((p) => __SMS_COUNTRIES__.includes(p.country));
const firstPrefix = prefixes.some((p) => p.country === DEFAULT_PHONE_COUNTRY)
  ? DEFAULT_PHONE_COUNTRY
  : (prefixes[0]?.country ?? DEFAULT_PHONE_COUNTRY);
import { call } from '../lib/api.ts';
import { el, replaceApp } from '../lib/dom.ts';
import { buildForm, inputField, selectField } from '../lib/forms.ts';
import { currentPortal, handOver, PORTAL_DIRS, pendingLogin, savePendingLogin } from '../lib/session.ts';

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
      value: firstPrefix,
      autocomplete: 'tel-country-code',
    },
    prefixes.map((p) => ({ value: p.country, text: p.label })),
  );
  const number = inputField({
    name: 'number',
    label: 'Numero di telefono',
    type: 'tel',
    autocomplete: 'tel-national',
    inputmode: 'tel',
    help: 'Un numero di cellulare che può ricevere SMS, usato solo per questa registrazione.',
  });
  const check = (values: Record<string, string>) => {
    const phone = normalisePhone(values.number ?? '', (values.prefix ?? firstPrefix) as CountryCode);
    if (!phone.ok) return phone;
    const allowed = allowedSmsCountry(phone, __SMS_COUNTRIES__);
    return allowed.ok ? phone : allowed;
  };
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
      handOver(portal, { email: pending.email, phone: phone.international });
      location.assign(`${base}codice/`);
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
