/**
 * The counter as a participant and an administrator live it, on timetables scoped to this file's own regions and
 * axes (R2b), so that it moves its applications through the phases without touching the global timetable of the
 * other files: the grouped practice and send forms (a wrong character named by position and group), the page that
 * moves from information to waiting room to form with no reload, the receipt on a new login, a superseded tab told
 * within 30 s, two tabs of one session, a pending signature, the administrator's view and token reset, and the
 * failures left before a lockout. Tests marked [shim] run against API additions the server does not have yet
 * (helpers/shims.ts adds them to the real answers; they change nothing once the server has them).
 */
import { randomBytes } from 'node:crypto';
import {
  type Account,
  freshPhone,
  importWithOps,
  postJson,
  registerByApi,
  timetableFromNow,
  useE2eCloud,
} from './helpers/cloud.ts';
import {
  expectAccessible,
  fillCounterForm,
  groupWords,
  heading,
  loginInBrowser,
  shownCode,
  useBrowser,
} from './helpers/journeys.ts';
import { scrollsSideways, type WatchedPage } from './helpers/browser.ts';
import { shimListing, shimPendingSignature } from './helpers/shims.ts';

jest.setTimeout(120_000);
const { url } = useE2eCloud();
const { open } = useBrowser();

const HOUR = 3_600_000;
const CLICK = { region: 'Umbria', axis: '4' };
const RESET = { region: 'Marche', axis: '5.1' };
const suffix = randomBytes(3).toString('hex');
const hex = () => randomBytes(32).toString('hex');
const account = (name: string): Account => ({
  email: `${name}.${suffix}@example.it`,
  password: 'Sportello#2026',
  phone: freshPhone(),
});

const first = { ...account('chiara.gallo'), token: `-${hex()}`, company: 'Gallo Impianti S.r.l.' };
const second = { ...account('paolo.riva'), token: `+${hex()}`, company: 'Riva Serramenti S.n.c.' };
const third = { ...account('sara.conti'), token: `+${hex()}`, company: 'Conti Meccanica S.r.l.' };
const admin = { ...account('amministrazione'), email: `amministrazione.${suffix}@pec.example.it` };

let firstReceipt = { receiptId: '', arrivalTime: '', signature: '' };
/** The first participant's tab, kept from the send to the superseded message. */
let firstTab: WatchedPage;

beforeAll(async () => {
  await importWithOps([
    { token: first.token, company: first.company, pec: admin.email, ...CLICK },
    { token: second.token, company: second.company, pec: `riva.${suffix}@pec.example.it`, ...CLICK },
    { token: third.token, company: third.company, pec: admin.email, ...RESET },
  ]);
  // Registration open, M4 in an hour: information and practice pages.
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, HOUR, 2 * HOUR, 3 * HOUR], CLICK);
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, HOUR, 2 * HOUR, 3 * HOUR], RESET);
  await registerByApi(url, 'participant', first, { token: first.token });
  await registerByApi(url, 'participant', second, { token: second.token });
  await registerByApi(url, 'participant', third, { token: third.token });
  await registerByApi(url, 'admin', admin);
});

test('the practice form shows the code in numbered groups, names the position and group of a wrong character, and fits a 390 px phone', async () => {
  firstTab = await open();
  const { page } = firstTab;
  await loginInBrowser(page, url, first);
  await heading(page, 'Informazioni sullo sportello');
  expect(await page.locator('#conto-alla-rovescia').textContent()).toMatch(/\d\d:\d\d/);
  await page.getByText("Tempo all'apertura della sala di attesa (Momento 4)").waitFor();
  await expectAccessible(page, 'c10-informazioni-conto-alla-rovescia');

  await page.getByRole('link', { name: 'Vai alla pagina di prova' }).click();
  await heading(page, /Pagina di prova/);
  await page.locator('.token-group').first().waitFor();
  const sample = await shownCode(page);
  expect(sample).toMatch(/^[+-][0-9a-f]{64}$/);
  expect(await page.locator('.token-group').count()).toBe(13);
  expect(await page.locator('.token-ruler').first().textContent()).toBe('1–5');
  expect(await page.locator('.token-ruler').last().textContent()).toBe('61–65');
  await page.getByText(`Il segno ${sample[0]} iniziale fa parte del codice ed è la posizione 1.`).waitFor();

  const positions = await fillCounterForm(page, sample, 2);
  const wrong = positions[2] as number;
  const box = page.getByLabel(`Posizione ${wrong}`, { exact: true });
  expect(await box.getAttribute('aria-describedby')).toMatch(/gruppo/);
  await page.getByRole('button', { name: 'Invia (prova)' }).click();
  const alert = page.locator('.form-status .alert-danger');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(`posizione ${wrong} (${groupWords(wrong)})`);
  expect(await box.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
  await page.getByText(`Non corrisponde al codice: posizione ${wrong} (${groupWords(wrong)}`).waitFor();
  await expectAccessible(page, 'c11-prova-errore');

  await box.fill(sample[wrong - 1] as string);
  expect(await box.getAttribute('aria-invalid')).toBeNull();
  await page.getByRole('button', { name: 'Invia (prova)' }).click();
  await page.getByText('Prova riuscita').waitFor();

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await scrollsSideways(page)).toBe(false);
  await expectAccessible(page, 'c12-prova-390px');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the counter page moves from information to waiting room at M4 and to the form at M5 with no reload; a wrong answer names its group, the right one gets the signed receipt', async () => {
  const { page } = firstTab;
  // M4 in 8 s, M5 in 30 s (registration closes at M4: everyone here is registered).
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, 8000, 30_000, 30 * 60_000], CLICK);
  await page.goto(`${url}/partecipante/sportello/`);
  await heading(page, 'Informazioni sullo sportello');
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
  const sameDocument = () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument);

  await heading(page, 'Sala di attesa', 20_000);
  expect(await sameDocument()).toBe(true);
  expect(await page.locator('#conto-alla-rovescia').textContent()).toMatch(/^\d\d:\d\d$/);
  await page.getByText('Non serve aggiornare la pagina').first().waitFor();
  await expectAccessible(page, 'c20-sala-di-attesa');

  await heading(page, 'Invio della domanda', 40_000);
  expect(await sameDocument()).toBe(true);
  await page.locator('input.counter-char').first().waitFor();
  expect(await shownCode(page)).toBe(first.token);
  await page.getByText('Lo sportello chiude al Momento 6').waitFor();
  await expectAccessible(page, 'c21-modulo-invio');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: `${__dirname}/screenshots/c21b-modulo-invio-390px.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // One wrong character: the real API refuses; the page names the position and group (from the code it shows).
  const positions = await fillCounterForm(page, first.token, 5);
  const wrong = positions[5] as number;
  await page.getByRole('button', { name: 'Invia', exact: true }).click();
  const alert = page.locator('.form-status .alert-danger');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(`posizione ${wrong} (${groupWords(wrong)})`);
  expect(await page.getByLabel(`Posizione ${wrong}`, { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await expectAccessible(page, 'c22-modulo-errore');

  await page.getByLabel(`Posizione ${wrong}`, { exact: true }).fill(first.token[wrong - 1] as string);
  await page.getByRole('button', { name: 'Invia', exact: true }).click();
  await heading(page, 'Domanda presa in carico');
  expect(await sameDocument()).toBe(true);
  firstReceipt = {
    receiptId: (await page.locator('#numero-ricevuta').textContent()) ?? '',
    arrivalTime: (await page.locator('.receipt-data dd').nth(2).textContent()) ?? '',
    signature: (await page.locator('.receipt-signature').textContent()) ?? '',
  };
  expect(firstReceipt.receiptId).toBeTruthy();
  await page.getByText('Firmata dallo sportello').waitFor();
  await page.getByRole('button', { name: 'Verifica la firma' }).click();
  await page.getByText('Firma valida').waitFor();
  await expectAccessible(page, 'c23-ricevuta');
});

test('a new login after sending shows the receipt, not the form; the first tab is told within 30 s that its session was closed, with its e-mail filled in', async () => {
  const other = await open();
  await loginInBrowser(other.page, url, first);
  await heading(other.page, 'Domanda presa in carico');
  const loggedInAt = Date.now();
  await other.page.getByText('La domanda risulta già inviata').waitFor();
  expect(await other.page.locator('#numero-ricevuta').textContent()).toBe(firstReceipt.receiptId);
  expect(await other.page.locator('input.counter-char').count()).toBe(0);
  await expectAccessible(other.page, 'c30-ricevuta-nuovo-accesso');

  const { page } = firstTab;
  await page
    .getByText('La sessione è stata chiusa perché è stato effettuato un nuovo accesso')
    .waitFor({ timeout: 30_000 });
  expect(Date.now() - loggedInAt).toBeLessThan(30_000);
  await page.getByText('Se non sei stato tu').waitFor();
  expect(await page.getByLabel('Indirizzo di posta elettronica').inputValue()).toBe(first.email);
  await expectAccessible(page, 'c31-sessione-chiusa');

  // Anyone can check the receipt's signature on the verification page.
  await page.goto(`${url}/verifica-ricevuta/`);
  await heading(page, 'Verifica di una ricevuta');
  await page.getByLabel('Firma della ricevuta (JWS)').fill(firstReceipt.signature);
  await page.getByRole('button', { name: 'Verifica la firma' }).click();
  await page.getByText('Firma valida: la ricevuta è autentica').waitFor();
  await page.getByText(firstReceipt.receiptId).waitFor();
  await expectAccessible(page, 'c32-verifica-ricevuta');
});

test('[shim] two tabs of one session: the API names the wrong field, a pending signature arrives by itself, the other tab gets the original receipt', async () => {
  const a = await open();
  await loginInBrowser(a.page, url, second);
  await heading(a.page, 'Invio della domanda');
  // A second tab of the same browser session (its tokens copied, as a person opening the page twice would have).
  const tokens = await a.page.evaluate(() => sessionStorage.getItem('sportello.participant.tokens'));
  const b = a.page.context();
  const tab = await b.newPage();
  tab.on('pageerror', (error) => a.errors.push(`pageerror: ${error.message}`));
  tab.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) a.errors.push(`console: ${m.text()}`);
  });
  await shimPendingSignature(tab, 1);
  await tab.goto(`${url}/`);
  await tab.evaluate((t) => sessionStorage.setItem('sportello.participant.tokens', t ?? ''), tokens);
  await tab.goto(`${url}/partecipante/sportello/`);
  await heading(tab, 'Invio della domanda');
  // Logged in from M5 on, the page has never been given the whole code (GET /me withholds it from M4): it is typed
  // once, checked against its first and last characters, and then shown in groups.
  expect(await tab.locator('.token-group').count()).toBe(0);
  await tab.getByLabel('Codice identificativo della domanda').fill(`${second.token.slice(0, -1)}x`);
  await tab.getByRole('button', { name: 'Mostra il codice' }).click();
  await tab.getByText('Il codice ha 65 caratteri').waitFor();
  await tab.getByLabel('Codice identificativo della domanda').fill(second.token);
  await tab.getByRole('button', { name: 'Mostra il codice' }).click();
  expect(await shownCode(tab)).toBe(second.token);

  const positions = await fillCounterForm(tab, second.token, 6);
  await tab.getByRole('button', { name: 'Invia', exact: true }).click();
  await tab.locator('.form-status .alert-danger').waitFor();
  const wrong = positions[6] as number;
  expect(await tab.locator('#campo-2-errore').textContent()).toContain(`posizione ${wrong} (${groupWords(wrong)}`);
  expect(await tab.locator('#campo-1-errore').textContent()).toBe('');
  await tab.getByLabel(`Posizione ${wrong}`, { exact: true }).fill(second.token[wrong - 1] as string);
  await tab.getByRole('button', { name: 'Invia', exact: true }).click();
  await heading(tab, 'Domanda presa in carico');
  await tab.getByText('La firma arriverà a breve').waitFor();
  expect(await tab.getByRole('button', { name: 'Verifica la firma' }).isDisabled()).toBe(true);
  await expectAccessible(tab, 'c40-ricevuta-firma-in-arrivo');
  await tab.getByText('La firma della ricevuta è arrivata').waitFor({ timeout: 25_000 });
  await tab.getByText('Firmata dallo sportello').waitFor();
  const receiptId = await tab.locator('#numero-ricevuta').textContent();

  await fillCounterForm(a.page, second.token);
  await a.page.getByRole('button', { name: 'Invia', exact: true }).click();
  await heading(a.page, 'Invio già effettuato');
  await a.page.getByText("L'invio è già stato effettuato").waitFor();
  expect(await a.page.locator('#numero-ricevuta').textContent()).toBe(receiptId);
  await expectAccessible(a.page, 'c41-invio-gia-effettuato');
});

test('[shim] the administrator sees arrival time, receipt and list position; a token reset tells the participant it was the company administrator', async () => {
  const participant = await open();
  await loginInBrowser(participant.page, url, third);
  await heading(participant.page, 'Informazioni sullo sportello');

  const adminTab = await open();
  // Arrival time and receipt come from the server; the list position is still added by a shim.
  await shimListing(adminTab.page, {
    [first.token]: { edition: 'isi2024', definitive: false, position: 1, status: 'UTILE' },
  });
  await loginInBrowser(adminTab.page, url, admin, 'admin');
  await heading(adminTab.page, 'Le tue aziende');
  const sent = adminTab.page.locator('article', { hasText: first.company });
  await sent.getByText('Ricevuta n.').waitFor();
  await sent.getByText(firstReceipt.receiptId).waitFor();
  await sent.getByText('Elenco provvisorio (Bando ISI 2024)').waitFor();
  await sent.getByText('posizione 1').waitFor();
  expect(await sent.textContent()).toContain('Codice identificativo');
  expect(await sent.textContent()).not.toMatch(/\bToken\b/);
  await expectAccessible(adminTab.page, 'c50-amministratore-invii');

  const card = adminTab.page.locator('article', { hasText: third.company });
  await card.getByRole('button', { name: 'Reset del token' }).click();
  const dialog = adminTab.page.getByRole('dialog', { name: 'Reset del token' });
  await dialog.waitFor();
  expect(await dialog.textContent()).not.toContain('S.r.l..');
  await dialog.getByRole('button', { name: 'Conferma il reset' }).click();
  await adminTab.page.getByText(`Reset del token eseguito (${third.company})`).waitFor();
  const resetAt = Date.now();

  await participant.page
    .getByText("il codice è stato annullato dall'amministratore dell'impresa")
    .waitFor({ timeout: 30_000 });
  expect(Date.now() - resetAt).toBeLessThan(30_000);
  expect(await participant.page.getByLabel('Indirizzo di posta elettronica').inputValue()).toBe(third.email);
  await expectAccessible(participant.page, 'c51-reset-partecipante');
});

test('the login page says how many wrong passwords are left from the 7th, then how long the lockout lasts, counting down', async () => {
  const wrong = { portal: 'participant', email: second.email, password: 'Sbagliata#1' };
  // Cognito's own lockout pauses every attempt after the fifth failure (1 s, then 2, 4, 8, 16 s): a person typing
  // waits that long anyway; the test waits it out before each attempt (`pace`).
  let failures = 0;
  const pace = async () => {
    if (failures >= 5) await new Promise((r) => setTimeout(r, 2 ** (failures - 5) * 1000 + 300));
    failures += 1;
  };
  for (let i = 0; i < 6; i++) {
    await pace();
    expect((await postJson(url, '/auth/login', wrong)).status).toBe(401);
  }
  const { page } = await open();
  await page.goto(`${url}/partecipante/`);
  await heading(page, 'Accedi');
  await page.getByText('Dopo 10 password errate di seguito').waitFor();
  await page.getByLabel('Indirizzo di posta elettronica').fill(second.email);
  await page.getByLabel('Password', { exact: true }).fill(wrong.password);
  await pace();
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByText("ancora 3 tentativi prima del blocco temporaneo dell'account").waitFor();
  await expectAccessible(page, 'c60-tentativi-rimasti');
  await pace();
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByText('ancora 2 tentativi').waitFor();
  await pace();
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByText('ancora 1 tentativo prima').waitFor();
  await pace();
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByText('Il blocco dura fino alle').waitFor();
  const left = page.locator('#blocco-rimanente');
  const firstReading = (await left.textContent()) ?? '';
  expect(firstReading).toMatch(/^0[01]:\d\d$/);
  await page.waitForTimeout(2100);
  expect(await left.textContent()).not.toBe(firstReading);
  await expectAccessible(page, 'c61-blocco-conto-alla-rovescia');
});
