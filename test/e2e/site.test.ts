/**
 * The public site around the counter: the PA header and footer (administration, help contacts, Dichiarazione di
 * accessibilità, Note legali, Privacy, what the browser keeps) and their pages, the favicon, the public calendar of
 * the Momenti, the 404 page, the lists with provisional/definitive shown and downloads that work by mouse, keyboard
 * and touch (390×844), and the registration page's errors and closed registrations. Every page is scanned with axe;
 * no page may log an error or fail to load one of the site's files.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { formatRome } from '#domain/kernel/instant';
import { loadSiteConfig } from '../../web/site.ts';
import { scrollsSideways } from './helpers/browser.ts';
import { publishFixtureLists, timetableFromNow, useE2eCloud } from './helpers/cloud.ts';
import { expectAccessible, heading, useBrowser } from './helpers/journeys.ts';

jest.setTimeout(120_000);
const { url } = useE2eCloud();
const { open } = useBrowser();
const site = loadSiteConfig();
const HOUR = 3_600_000;

/** Provisional lists of `fixtures/lists`, then the definitive ones of `fixtures/lists-definitive` (Lazio, Umbria). */
beforeAll(async () => {
  await publishFixtureLists('lists');
  await publishFixtureLists('lists-definitive', true);
});

/** The rows of one stage's table on the lists index. */
const stageTable = (page: Page, stage: 'provvisori' | 'definitivi') =>
  page.locator('section', { has: page.getByRole('heading', { name: `Bando ISI 2024: elenchi ${stage}` }) });

async function downloadBy(page: Page, act: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), act()]);
  return download;
}

test('every page has the administration in the header and a footer whose links open pages of their own; the favicon is there', async () => {
  const { page } = await open();
  await page.goto(`${url}/`);
  await heading(page, /Sportello informatico/);
  const header = page.locator('header');
  expect(await header.getByRole('link', { name: site.administration.name }).getAttribute('href')).toBe(
    site.administration.url,
  );
  const footer = page.locator('footer');
  for (const contact of site.help.contacts) await footer.getByText(contact.value).waitFor();
  const favicon = await fetch(`${url}/favicon.ico`);
  expect(favicon.status).toBe(200);
  expect(favicon.headers.get('content-type')).toBe('image/x-icon');
  expect((await fetch(`${url}/favicon.svg`)).status).toBe(200);

  const links: [string, RegExp | string][] = [
    ['Dichiarazione di accessibilità', 'Dichiarazione di accessibilità'],
    ['Note legali', 'Note legali'],
    ['Privacy', 'Privacy'],
    ['Dati conservati nel browser', 'Privacy'],
    ['Calendario dei Momenti', 'Calendario dei Momenti'],
    ['Elenchi cronologici pubblicati', 'Elenchi cronologici'],
    ['Verifica di una ricevuta', 'Verifica di una ricevuta'],
    ['Domande frequenti', 'Assistenza'],
  ];
  for (const [name, title] of links) {
    await page.goto(`${url}/`);
    await page.locator('footer').getByRole('link', { name, exact: true }).click();
    await heading(page, title);
    await expectAccessible(page, `s10-${name.replace(/\W+/g, '-').toLowerCase()}`);
  }
  // The page the footer's "Dati conservati nel browser" opens at, and the FAQ from the configuration.
  await page.goto(`${url}/privacy/#dati-nel-browser`);
  await page.getByRole('heading', { name: 'Dati conservati nel browser' }).waitFor();
  await page.getByText('Il sito non usa cookie').waitFor();
  await page.goto(`${url}/assistenza/`);
  const faq = site.help.faq[0];
  if (faq) {
    await page.getByText(faq.question).click();
    await page.getByText(faq.answer).waitFor();
  }
});

test('the public calendar shows the Momenti of a region and axis in Rome time, with a countdown to the next one', async () => {
  const scope = { region: 'Toscana', axis: '3' };
  const offsets: [number, number, number, number, number, number] = [
    -3 * HOUR,
    -2 * HOUR,
    -HOUR,
    2 * HOUR,
    3 * HOUR,
    4 * HOUR,
  ];
  const now = Date.now();
  await timetableFromNow(offsets, scope);
  const { page } = await open();
  await page.goto(`${url}/calendario/`);
  await heading(page, 'Calendario dei Momenti');
  await page.getByLabel('Regione o provincia autonoma').selectOption('Toscana');
  await page.getByLabel('Asse di finanziamento').selectOption('3');
  const m4 = formatRome(now + offsets[3]).replace(/:\d\d$/, '');
  // Momento 4 and the close of registrations (by default at M4): the same instant on two rows.
  const m4Cells = page.locator('table.moments-table').getByText(m4, { exact: false });
  await m4Cells.first().waitFor();
  expect(await m4Cells.count()).toBe(2);
  await page.getByText("Tempo al Momento 4, sull'orologio dello sportello").waitFor();
  // Whole seconds rounded up: "2:00:00" while less than a second has passed since the timetable was written.
  expect(await page.locator('#prossimo-momento').textContent()).toMatch(/^(1:5\d:\d\d|2:00:00)$/);
  expect(await page.locator('table.moments-table tbody tr').count()).toBe(7);
  await expectAccessible(page, 's20-calendario');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await scrollsSideways(page)).toBe(false);
  await expectAccessible(page, 's21-calendario-390px');
});

test('the calendar shows the table of the region and axis last chosen, even when an earlier answer arrives later', async () => {
  const scope = { region: 'Molise', axis: '5.2' };
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, 5 * HOUR, 6 * HOUR, 7 * HOUR]);
  const now = Date.now();
  await timetableFromNow([-3 * HOUR, -2 * HOUR, -HOUR, 9 * HOUR, 10 * HOUR, 11 * HOUR], scope);
  const { page } = await open();
  await page.goto(`${url}/calendario/`);
  await heading(page, 'Calendario dei Momenti');
  // The answer for the region alone (the general table) is held back until the one for region and axis has arrived.
  let scoped: () => void = () => undefined;
  const scopedArrived = new Promise<void>((resolve) => (scoped = resolve));
  await page.route(/\/sportello\/status\?/, async (route) => {
    const query = new URL(route.request().url()).searchParams;
    if (query.has('region') && !query.has('axis')) {
      await scopedArrived;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const response = await route.fetch();
    if (query.has('axis')) scoped();
    await route.fulfill({ response });
  });
  await page.getByLabel('Regione o provincia autonoma').selectOption('Molise');
  await page.getByLabel('Asse di finanziamento').selectOption('5.2');
  const m4 = formatRome(now + 9 * HOUR).replace(/:\d\d$/, '');
  await page.locator('table.moments-table').getByText(m4, { exact: false }).first().waitFor();
  // Well after the late answer for the region alone: still the region and axis' table.
  await page.waitForTimeout(1000);
  expect(await page.locator('table.moments-table').getByText(m4, { exact: false }).count()).toBe(2);
});

test('a missing address answers 404 with the site’s own styled page', async () => {
  const watched = await open();
  const { page } = watched;
  const missing = '/pagina-che-non-esiste/';
  watched.expectedMissing.add(missing);
  const response = await page.goto(`${url}${missing}`);
  expect(response?.status()).toBe(404);
  await heading(page, 'Pagina non trovata');
  await page.locator('header').getByText(site.administration.name).waitFor();
  await page.locator('footer').getByRole('link', { name: 'Note legali' }).waitFor();
  await expectAccessible(page, 's30-pagina-non-trovata');
  // The page itself, as the gateway and CloudFront's site function serve it.
  expect((await fetch(`${url}/404.html`)).status).toBe(200);
});

test('lists say provisional or definitive; downloads have Italian names and work by mouse and keyboard on a desktop', async () => {
  const { page } = await open();
  await page.goto(`${url}/elenchi/`);
  await heading(page, 'Elenchi cronologici');
  const lazio = stageTable(page, 'provvisori').locator('tr', {
    has: page.getByRole('link', { name: 'Lazio, asse 1.1' }),
  });
  await lazio.locator('.badge', { hasText: 'Elenco provvisorio' }).waitFor();
  const umbria = stageTable(page, 'definitivi').locator('tr', {
    has: page.getByRole('link', { name: 'Umbria, asse 5.1' }),
  });
  await umbria.locator('.badge', { hasText: 'Elenco definitivo' }).waitFor();
  await page.getByRole('heading', { name: 'Formato dei file' }).waitFor();
  const fromIndex = await downloadBy(page, () => lazio.getByRole('link', { name: /^CSV/ }).click());
  expect(fromIndex.suggestedFilename()).toBe('elenco-lazio-asse-1.1-provvisorio.csv');
  expect(readFileSync(await fromIndex.path(), 'utf8')).toMatch(/^Posizione,Codice identificativo,/);
  const definitiveCsv = await downloadBy(page, () => umbria.getByRole('link', { name: /^CSV/ }).click());
  expect(definitiveCsv.suggestedFilename()).toBe('elenco-umbria-asse-5.1-definitivo.csv');
  expect(readFileSync(await definitiveCsv.path(), 'utf8')).toContain(',Subentrata,');
  await expectAccessible(page, 's40-elenchi-indice');

  await umbria.getByRole('link', { name: 'Umbria, asse 5.1' }).click();
  await heading(page, 'Umbria, asse 5.1');
  await page.locator('.lead').getByText('Elenco definitivo').waitFor();
  await page.getByRole('cell', { name: 'Non ammissibile per carenza di fondi' }).waitFor();
  await page.getByRole('cell', { name: 'Subentrata' }).waitFor();
  await expectAccessible(page, 's42-elenco-definitivo-umbria');
  await page.goto(`${url}/elenchi/`);
  await heading(page, 'Elenchi cronologici');

  await lazio.getByRole('link', { name: 'Lazio, asse 1.1' }).click();
  await heading(page, 'Lazio, asse 1.1');
  await page.getByText("domande nell'elenco").waitFor();
  await page.locator('.lead').getByText('Elenco provvisorio').waitFor();
  const files = page.locator('section.list-files');
  const csv = files.getByRole('link', { name: /^CSV/ });
  const json = files.getByRole('link', { name: /^JSON/ });
  // Nothing lies over the links (the search field's label covered them).
  for (const link of [csv, json]) {
    const box = await link.boundingBox();
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x as number, y as number)?.closest('a')?.textContent ?? '',
      [(box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2],
    );
    expect(hit).toBe(await link.textContent());
  }
  expect((await downloadBy(page, () => csv.click())).suggestedFilename()).toBe('elenco-lazio-asse-1.1-provvisorio.csv');
  const byMouse = await downloadBy(page, () => json.click());
  expect(byMouse.suggestedFilename()).toBe('elenco-lazio-asse-1.1-provvisorio.json');
  expect(JSON.parse(readFileSync(await byMouse.path(), 'utf8')).rows.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('ricerca');
  await json.focus();
  const byKeyboard = await downloadBy(page, () => page.keyboard.press('Enter'));
  expect(byKeyboard.suggestedFilename()).toBe('elenco-lazio-asse-1.1-provvisorio.json');
  await page.getByLabel('Cerca per codice identificativo o ragione sociale').fill('alfa');
  await page.getByText('1 domanda trovata su').waitFor();
  await expectAccessible(page, 's41-elenco-lazio');
});

test('on a 390×844 touch screen the lists do not scroll sideways and the downloads work by a tap', async () => {
  const { page } = await open({ mobile: true });
  await page.goto(`${url}/elenchi/`);
  await heading(page, 'Elenchi cronologici');
  const lazio = stageTable(page, 'provvisori').locator('tr', {
    has: page.getByRole('link', { name: 'Lazio, asse 1.1' }),
  });
  const csv = lazio.getByRole('link', { name: /^CSV/ });
  await csv.waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  const box = await csv.boundingBox();
  expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  expect(box?.height).toBeGreaterThanOrEqual(44);
  expect((await downloadBy(page, () => csv.tap())).suggestedFilename()).toBe('elenco-lazio-asse-1.1-provvisorio.csv');
  await expectAccessible(page, 's50-elenchi-indice-390px');

  await lazio.getByRole('link', { name: 'Lazio, asse 1.1' }).tap();
  await heading(page, 'Lazio, asse 1.1');
  await page.getByText("domande nell'elenco").waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  const files = page.locator('section.list-files');
  expect((await downloadBy(page, () => files.getByRole('link', { name: /^CSV/ }).tap())).suggestedFilename()).toBe(
    'elenco-lazio-asse-1.1-provvisorio.csv',
  );
  expect((await downloadBy(page, () => files.getByRole('link', { name: /^JSON/ }).tap())).suggestedFilename()).toBe(
    'elenco-lazio-asse-1.1-provvisorio.json',
  );
  await expectAccessible(page, 's51-elenco-lazio-390px');
});

/** A timetable for the registration page (a fixture: the page's behaviour, not the server's, is under test). */
async function registrationTimetable(page: Page, open: boolean) {
  const now = Date.now();
  const at = (h: number) => new Date(now + h * HOUR).toISOString();
  const moments = open
    ? { m1: at(-3), m2: at(-2), m3: at(-1), m4: at(1), m5: at(2), m6: at(3) }
    : { m1: at(-6), m2: at(-5), m3: at(-4), m4: at(-3), m5: at(-2), m6: at(1) };
  await page.route('**/api/sportello/status', (route) =>
    route.fulfill({
      json: {
        phase: open ? 'REGISTRATION' : 'OPEN',
        serverTime: new Date().toISOString(),
        registrationCloses: moments.m4,
        moments,
      },
    }),
  );
}

test('registration: closed registrations say so on arrival; errors appear on submit or once a field was left, go when fixed, and the summary follows and names the privacy checkbox', async () => {
  const { page } = await open();
  await registrationTimetable(page, false);
  await page.goto(`${url}/partecipante/registrazione/`);
  await heading(page, 'Registrazione');
  await page.getByText('Le registrazioni sono chiuse dal').waitFor();
  expect(await page.getByRole('button', { name: 'Registrati' }).count()).toBe(0);
  await expectAccessible(page, 's60-registrazione-chiusa');

  const fresh = await open();
  await registrationTimetable(fresh.page, true);
  const form = fresh.page;
  await form.goto(`${url}/partecipante/registrazione/`);
  await heading(form, 'Registrazione');
  await form.getByText('Le registrazioni chiudono').waitFor();
  const privacyError = form.locator('#presa-visione-errore');
  await form.getByLabel('Indirizzo di posta elettronica').fill('non-un-indirizzo');
  await form.getByLabel('Password', { exact: true }).focus();
  // Left wrong: its error shows; the checkbox, not reached, says nothing.
  await form.locator('.invalid-feedback.d-block').first().waitFor();
  expect(await privacyError.isVisible()).toBe(false);
  await form.getByLabel('Indirizzo di posta elettronica').fill('giulia.verdi@example.it');
  expect(await form.locator('.invalid-feedback.d-block').count()).toBe(0);

  await form.getByLabel('Password', { exact: true }).fill('Sportello#2026');
  await form.getByLabel('Conferma password').fill('Sportello#2026');
  await form.getByLabel('Nome', { exact: true }).fill('Giulia');
  await form.getByLabel('Cognome').fill('Verdi');
  await form.getByLabel('Codice identificativo domanda').fill('+abc');
  await form.getByRole('button', { name: 'Registrati' }).click();
  const summary = form.locator('.form-status .alert-danger');
  await summary.waitFor();
  expect(await summary.locator('li').allTextContents()).toEqual([
    expect.stringMatching(/^Codice identificativo domanda: /),
    expect.stringMatching(/^Informativa privacy: /),
  ]);
  expect(await privacyError.isVisible()).toBe(true);
  await expectAccessible(form, 's61-registrazione-errori');

  await form.getByLabel('Codice identificativo domanda').fill(`+${'a'.repeat(64)}`);
  expect(await summary.locator('li').allTextContents()).toEqual([expect.stringMatching(/^Informativa privacy: /)]);
  await form.locator('label[for="presa-visione"]').click();
  expect(await privacyError.isVisible()).toBe(false);
  expect(await form.locator('.form-status .alert-danger').count()).toBe(0);
  expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
});
