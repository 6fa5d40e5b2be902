/**
 * The portals in a real browser (Debian chromium through playwright-core) against a local cloud with a compressed
 * timetable set by the operator commands: the participant's whole click day, the administrator's token reset, the
 * public lists. Every page is scanned with axe-core (no serious or critical WCAG 2.1 A/AA violation) and saved as a
 * screenshot under test/e2e/screenshots/; no page may throw or log a JavaScript error.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LOCKOUT_MESSAGE } from '#domain/accounts/lockout';
import { SCRIPT_BUDGET_BYTES, scriptSizes } from '../../web/build.ts';
import { checkPage, launch, openPage, type WatchedPage } from './helpers/browser.ts';
import { fillCounterForm, shownCode } from './helpers/journeys.ts';
import {
  codeFor,
  importWithOps,
  outboxCount,
  postJson,
  publishFixtureLists,
  timetableFromNow,
  useE2eCloud,
} from './helpers/cloud.ts';

// Per-project `testTimeout` is not honoured by jest's multi-project runs: the journeys set their own.
jest.setTimeout(90_000);
const { url } = useE2eCloud();
const HOUR = 3_600_000;
const PASSWORD = 'Sportello#2026';
const hex = () => randomBytes(32).toString('hex');
const suffix = randomBytes(3).toString('hex');

const participant = {
  email: `mario.rossi.${suffix}@example.it`,
  token: `+${hex()}`,
  national: `333 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
};
const adminPec = `amministrazione.${suffix}@pec.example.it`;
const company = { token: `-${hex()}`, name: 'Officine Bianchi S.r.l.' };
const otherCompany = { token: `+${hex()}`, name: 'Bianchi Logistica S.p.A.' };

let browser: Browser;
const opened: WatchedPage[] = [];

async function open(): Promise<WatchedPage> {
  const watched = await openPage(browser);
  opened.push(watched);
  return watched;
}

async function expectAccessible(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  expect({ page: name, violations: await checkPage(page, name) }).toEqual({ page: name, violations: [] });
}

/** Waits for the page's h1; on a timeout the page as it was is saved (screenshots/failed-….png) for the report. */
async function heading(page: Page, text: string | RegExp, timeout = 15_000) {
  try {
    await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout });
  } catch (error) {
    await page.screenshot({
      path: join(__dirname, 'screenshots', `failed-${String(text).replace(/\W+/g, '-')}.png`),
      fullPage: true,
    });
    throw error;
  }
}

beforeAll(async () => {
  browser = await launch();
  await importWithOps([
    {
      token: participant.token,
      company: 'Rossi Costruzioni S.r.l.',
      pec: `rossi.${suffix}@pec.example.it`,
      region: 'Lazio',
      axis: '1.1',
    },
    { token: company.token, company: company.name, pec: adminPec, region: 'Lombardia', axis: '2' },
    { token: otherCompany.token, company: otherCompany.name, pec: adminPec, region: 'Lombardia', axis: '3' },
  ]);
  // Registration open, before M4: the information page and the test page.
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, HOUR, 2 * HOUR, 3 * HOUR]);
});

afterEach(() => {
  const errors = opened.flatMap((o) => o.errors);
  for (const o of opened) o.errors.length = 0;
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
});

test('given the built portals, then each page script is within 60 KB gzipped', () => {
  const sizes = scriptSizes(join(__dirname, '..', '..', 'web', 'dist'));
  expect(sizes.length).toBeGreaterThan(5);
  expect(sizes.filter((s) => s.gzipBytes > SCRIPT_BUDGET_BYTES)).toEqual([]);
});

test('given the home page, then it links the three areas in Italian, accessibly', async () => {
  const { page } = await open();
  await page.goto(`${url}/`);
  await heading(page, /Sportello informatico/);
  expect(await page.getAttribute('html', 'lang')).toBe('it');
  for (const href of ['/partecipante/', '/amministratore/', '/elenchi/']) {
    expect(await page.locator(`main a[href="${href}"]`).count()).toBe(1);
  }
  await expectAccessible(page, '01-home');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(__dirname, 'screenshots', '01-home-mobile.png'), fullPage: true });
});

test('given a company with a registered participant, when its administrator resets the token, then the participant is gone', async () => {
  // The participant of the company registers through the API (the administrator's view is under test here).
  const delegate = `delegato.${suffix}@example.it`;
  const registered = await postJson(url, '/participant/register', {
    email: delegate,
    password: PASSWORD,
    confirmPassword: PASSWORD,
    firstName: 'Luca',
    lastName: 'Neri',
    token: company.token,
  });
  expect(registered.status).toBe(201);
  expect(
    (await postJson(url, '/participant/register/confirm', { email: delegate, code: await codeFor(url, delegate) }))
      .status,
  ).toBe(200);

  const { page } = await open();
  await page.goto(`${url}/amministratore/`);
  await heading(page, 'Accedi');
  await expectAccessible(page, '20-admin-accesso');
  await page.getByRole('link', { name: 'Registrati ora' }).click();
  await heading(page, 'Registrazione');
  await page.getByLabel('Indirizzo PEC').fill(adminPec);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Conferma password').fill(PASSWORD);
  await page.getByLabel('Nome', { exact: true }).fill('Anna');
  await page.getByLabel('Cognome').fill('Bianchi');
  await page.locator('label[for="presa-visione"]').click();
  await expectAccessible(page, '21-admin-registrazione');
  await page.getByRole('button', { name: 'Registrati' }).click();
  await heading(page, 'Verifica il tuo indirizzo');
  await expectAccessible(page, '21b-admin-conferma');
  await page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, adminPec));
  await page.getByRole('button', { name: 'Verifica codice' }).click();
  await page.getByText('Indirizzo verificato').waitFor();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await heading(page, 'Numero di cellulare');
  const phone = `+39334${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await expectAccessible(page, '21c-admin-telefono');
  await page.getByLabel('Numero di telefono').fill(phone.slice(3));
  await page.getByRole('button', { name: 'Invia SMS' }).click();
  await heading(page, 'Codice di verifica');
  await expectAccessible(page, '21d-admin-codice-sms');
  await page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, phone));
  await page.getByRole('button', { name: 'Verifica codice' }).click();

  await heading(page, 'Le tue aziende');
  const card = page.locator('article', { hasText: company.name });
  await card.getByText(delegate).waitFor();
  await page.locator('article', { hasText: otherCompany.name }).getByText('nessuna').waitFor();
  expect(await page.locator('article', { hasText: otherCompany.name }).getByRole('button').count()).toBe(0);
  await expectAccessible(page, '22-admin-aziende');

  await card.getByRole('button', { name: 'Reset del token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset del token' });
  await dialog.waitFor();
  await expectAccessible(page, '23-admin-reset-dialogo');
  await dialog.getByRole('button', { name: 'Conferma il reset' }).click();
  await page.getByText(`Reset del token eseguito (${company.name})`).waitFor();
  await card.getByText('nessuna').waitFor();
  await expectAccessible(page, '24-admin-reset-esito');
  // The participant's account is gone: its login is refused.
  const login = await postJson(url, '/auth/login', { portal: 'participant', email: delegate, password: PASSWORD });
  expect(login.status).toBe(401);
});

test('given published lists, then the index and a list page show them with search, statuses in words and downloads', async () => {
  await publishFixtureLists();

  const { page } = await open();
  await page.goto(`${url}/elenchi/`);
  await heading(page, 'Elenchi cronologici');
  // The provisional lists' table: another e2e file may have published definitive lists of the same edition.
  const provisional = page.locator('section', {
    has: page.getByRole('heading', { name: 'Bando ISI 2024: elenchi provvisori' }),
  });
  const link = provisional.getByRole('link', { name: 'Lazio, asse 1.1' });
  await link.waitFor();
  await expectAccessible(page, '30-elenchi-indice');
  await link.click();
  await heading(page, 'Lazio, asse 1.1');
  await page.getByText("domande nell'elenco").waitFor();
  expect(await page.getByText('In posizione utile').count()).toBeGreaterThan(0);
  await page.getByLabel('Cerca per codice identificativo o ragione sociale').fill('alfa');
  await page.getByText('1 domanda trovata su').waitFor();
  expect(await page.locator('tbody tr').count()).toBe(1);
  await expectAccessible(page, '31-elenco-lazio-1.1');
  const csv = await page.locator('section.list-files').getByRole('link', { name: /^CSV/ }).getAttribute('href');
  expect(csv).toMatch(/^\/lists\/isi2024\/lazio\//);
  const download = await fetch(`${url}${csv}`);
  expect(download.status).toBe(200);
  expect(await download.text()).toMatch(
    /^(position,token,company_name|Posizione,Codice identificativo,Ragione sociale),/,
  );
});

describe('the participant', () => {
  let main: WatchedPage;
  const phone = () => `+39${participant.national.replace(/\s/g, '')}`;

  test('registers (inline errors first), confirms the e-mail, sets the phone, logs in and tries the test page', async () => {
    main = await open();
    const { page } = main;
    await page.goto(`${url}/partecipante/`);
    await heading(page, 'Accedi');
    await expectAccessible(page, '10-partecipante-accesso');
    await page.getByRole('link', { name: 'Registrati ora' }).click();
    await heading(page, 'Registrazione');
    await page.getByRole('heading', { name: /Informativa sul trattamento dei dati personali/ }).waitFor();
    await page.getByLabel('Codice identificativo domanda').fill(participant.token.toUpperCase());
    await page.getByLabel('Password', { exact: true }).fill('corta');
    await page.getByRole('button', { name: 'Registrati' }).click();
    await page.getByText('Correggere i campi indicati').waitFor();
    expect(await page.getByText('le lettere vanno scritte in minuscolo').count()).toBeGreaterThan(0);
    expect(await page.getByText('La password deve avere da 8 a 16 caratteri: ne ha 5.').count()).toBeGreaterThan(0);
    await expectAccessible(page, '11-partecipante-registrazione-errori');

    await page.getByLabel('Indirizzo di posta elettronica').fill(participant.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Conferma password').fill(PASSWORD);
    await page.getByLabel('Nome', { exact: true }).fill('Mario');
    await page.getByLabel('Cognome').fill('Rossi');
    await page.getByLabel('Codice identificativo domanda').fill(` ${participant.token} `);
    await page.locator('label[for="presa-visione"]').click();
    await page.getByRole('button', { name: 'Registrati' }).click();

    await heading(page, 'Verifica il tuo indirizzo');
    await page.getByRole('button', { name: 'Invia un nuovo codice' }).click();
    await page.getByText('Nuovo codice inviato').waitFor();
    await expectAccessible(page, '12-partecipante-conferma');
    await page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, participant.email, 2));
    await page.getByRole('button', { name: 'Verifica codice' }).click();

    await page.getByText('Indirizzo verificato').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await heading(page, 'Numero di cellulare');
    expect(await page.getByLabel('Prefisso internazionale').inputValue()).toBe('IT');
    expect(await page.locator('select option').first().textContent()).toBe('Italia (+39)');
    await page.getByLabel('Numero di telefono').fill('06 1234 5678');
    await page.getByRole('button', { name: 'Invia SMS' }).click();
    await page.getByText('non può ricevere SMS').first().waitFor();
    await expectAccessible(page, '13-partecipante-telefono');
    await page.getByLabel('Numero di telefono').fill(participant.national);
    await page.getByRole('button', { name: 'Invia SMS' }).click();
    await heading(page, 'Codice di verifica');
    await expectAccessible(page, '14-partecipante-codice-sms');
    await page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, phone()));
    await page.getByRole('button', { name: 'Verifica codice' }).click();

    await heading(page, 'Informazioni sullo sportello');
    await page.getByText(participant.token).waitFor();
    await expectAccessible(page, '15-partecipante-informazioni');
    await page.getByRole('link', { name: 'Vai alla pagina di prova' }).click();
    await heading(page, /Pagina di prova/);
    await page.locator('.token-group').first().waitFor();
    const sample = await shownCode(page);
    expect(sample).toMatch(/^[+-][0-9a-f]{64}$/);
    await fillCounterForm(page, sample);
    await page.getByRole('button', { name: 'Invia (prova)' }).click();
    await page.getByText('Prova riuscita').waitFor();
    await expectAccessible(page, '16-partecipante-prova');
  });

  test('waits in the waiting room until M5, sends, gets the signed receipt, and finds it again on reload instead of a form', async () => {
    const { page } = main;
    // M4 has passed (registration closed), M5 in a few seconds.
    await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, -1000, 12_000, 20 * 60_000]);
    // An access token that is due (and here unusable): the page refreshes it through /auth/refresh first.
    const stale = await page.evaluate(() => {
      const key = 'sportello.participant.tokens';
      const tokens = JSON.parse(sessionStorage.getItem(key) ?? '{}');
      sessionStorage.setItem(key, JSON.stringify({ ...tokens, accessToken: 'scaduto', refreshAfter: 0 }));
      return tokens.accessToken as string;
    });
    await page.goto(`${url}/partecipante/sportello/`);
    await heading(page, 'Sala di attesa');
    const refreshed = await page.evaluate(() =>
      JSON.parse(sessionStorage.getItem('sportello.participant.tokens') ?? '{}'),
    );
    expect(refreshed.accessToken).not.toBe('scaduto');
    expect(refreshed.accessToken).not.toBe(stale);
    expect(refreshed.refreshAfter).toBeGreaterThan(Date.now());
    expect(await page.locator('#conto-alla-rovescia').textContent()).toMatch(/^\d\d:\d\d$/);
    await expectAccessible(page, '17-partecipante-sala-di-attesa');

    // At M5 (plus a random delay of at most 3 s) the page shows the form by itself.
    await heading(page, 'Invio della domanda', 40_000);
    await page.locator('input.counter-char').first().waitFor();
    await expectAccessible(page, '18-partecipante-modulo-invio');
    await fillCounterForm(page, participant.token);
    await page.getByRole('button', { name: 'Invia', exact: true }).click();
    await heading(page, 'Domanda presa in carico');
    const receiptId = await page.locator('#numero-ricevuta').textContent();
    expect(receiptId).toBeTruthy();
    await page.getByText('Orario di arrivo (ora italiana)').waitFor();
    await page.getByRole('button', { name: 'Verifica la firma' }).click();
    await page.getByText('Firma valida').waitFor();
    await expectAccessible(page, '19-partecipante-ricevuta');

    // Opened again: the receipt from the counter, not a form (nothing is kept in the tab).
    await page.reload();
    await heading(page, 'Domanda presa in carico');
    await page.getByText('La domanda risulta già inviata').waitFor();
    expect(await page.locator('#numero-ricevuta').textContent()).toBe(receiptId);
    expect(await page.locator('input.counter-char').count()).toBe(0);
    await expectAccessible(page, '19b-partecipante-ricevuta-riaperta');
  });

  test('a login elsewhere supersedes the session; the password can be reset; ten wrong passwords lock the account', async () => {
    const other = await open();
    const smsBefore = await outboxCount(url, phone());
    await other.page.goto(`${url}/partecipante/`);
    await other.page.getByLabel('Indirizzo di posta elettronica').fill(participant.email);
    await other.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await other.page.getByRole('button', { name: 'Accedi' }).click();
    await heading(other.page, 'Codice di verifica');
    await other.page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, phone(), smsBefore + 1));
    await other.page.getByRole('button', { name: 'Verifica codice' }).click();
    await heading(other.page, 'Domanda presa in carico');

    const { page } = main;
    await page.reload();
    await page.getByText('La sessione è stata chiusa perché è stato effettuato un nuovo accesso').waitFor();
    await expectAccessible(page, '40-partecipante-sessione-chiusa');

    await page.getByRole('link', { name: 'Password dimenticata' }).click();
    await heading(page, 'Password dimenticata');
    const mailsBefore = await outboxCount(url, participant.email);
    await page.getByLabel('Indirizzo di posta elettronica').fill(participant.email);
    await page.getByRole('button', { name: 'Ottieni il codice' }).click();
    await page.getByLabel('Nuova password', { exact: true }).waitFor();
    await expectAccessible(page, '41-partecipante-password-dimenticata');
    const newPassword = 'Nuova#Pass2026';
    await page
      .getByLabel('Codice di verifica', { exact: true })
      .fill(await codeFor(url, participant.email, mailsBefore + 1));
    await page.getByLabel('Nuova password', { exact: true }).fill(newPassword);
    await page.getByLabel('Conferma nuova password').fill(newPassword);
    await page.getByRole('button', { name: 'Continua' }).click();
    await page.getByText('Password aggiornata').waitFor();

    for (let i = 0; i < 10; i++) {
      // Cognito's own lockout pauses the attempts after the fifth failure (1 s, 2 s…); an attempt made during a pause
      // cannot tell a wrong password and does not count: waited out as a person would.
      if (i >= 5) await new Promise((r) => setTimeout(r, 2 ** (i - 5) * 1000 + 300));
      await postJson(url, '/auth/login', { portal: 'participant', email: participant.email, password: 'Sbagliata#1' });
    }
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByText(LOCKOUT_MESSAGE).waitFor();
    await page.getByText('Il blocco dura fino alle').waitFor();
    expect(await page.locator('#blocco-rimanente').textContent()).toMatch(/^0[01]:\d\d$/);
    await expectAccessible(page, '42-partecipante-blocco');
  }, 150_000);
});
