/**
 * What the e2e files share: one browser per file with its pages watched for errors (checked after each test), the
 * page checks (heading, axe), a login through the pages, and filling the send or practice form from a code.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launch, type OpenOptions, openPage, type WatchedPage } from './browser.ts';
import { type Account, codeFor, outboxCount } from './cloud.ts';

/** Registers the file's hooks: a browser for the file; after each test, no page may have logged an error. */
export function useBrowser(): { open(options?: OpenOptions): Promise<WatchedPage> } {
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterEach(() => {
    const errors = opened.flatMap((o) => o.errors);
    for (const o of opened) o.errors.length = 0;
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(options = {}) {
      if (!browser) throw new Error('browser not launched');
      const watched = await openPage(browser, options);
      opened.push(watched);
      return watched;
    },
  };
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  expect({ page: name, violations: await checkPage(page, name) }).toEqual({ page: name, violations: [] });
}

/** Waits for the page's h1; on a timeout the page as it was is saved (screenshots/failed-….png) for the report. */
export async function heading(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout });
  } catch (error) {
    await page.screenshot({
      path: join(__dirname, '..', 'screenshots', `failed-${String(text).replace(/\W+/g, '-')}.png`),
      fullPage: true,
    });
    throw error;
  }
}

/** E-mail and password on the login page, then the SMS code from the outbox; resolves on the SMS page's submit. */
export async function loginInBrowser(
  page: Page,
  url: string,
  account: Account,
  portal: 'participant' | 'admin' = 'participant',
): Promise<void> {
  const before = await outboxCount(url, account.phone);
  await page.goto(`${url}/${portal === 'admin' ? 'amministratore' : 'partecipante'}/`);
  await heading(page, 'Accedi');
  await page.getByLabel(portal === 'admin' ? 'Indirizzo PEC' : 'Indirizzo di posta elettronica').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await heading(page, 'Codice di verifica');
  await page.getByLabel('Codice di verifica', { exact: true }).fill(await codeFor(url, account.phone, before + 1));
  await page.getByRole('button', { name: 'Verifica codice' }).click();
}

/** The characters of the code shown on the form (its 13 groups). */
export async function shownCode(page: Page): Promise<string> {
  return (await page.locator('.token-chars').allTextContents()).join('');
}

/**
 * Types into each box of the send (or practice) form the character of `code` at the box's position; the box at
 * `wrongIndex` (0-based, in page order) gets another character. Returns the positions of the boxes in order.
 */
export async function fillCounterForm(page: Page, code: string, wrongIndex?: number): Promise<number[]> {
  const boxes = page.locator('input.counter-char');
  const n = await boxes.count();
  expect(n).toBeGreaterThan(0);
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    const position = Number(await box.getAttribute('data-position'));
    positions.push(position);
    const right = code[position - 1] as string;
    await box.fill(i === wrongIndex ? (right === 'a' ? 'b' : 'a') : right);
  }
  return positions;
}

/** "gruppo 31–35" for a position, as the page writes it (groups of 5, en dash). */
export function groupWords(position: number): string {
  const g = Math.ceil(position / 5);
  return `gruppo ${(g - 1) * 5 + 1}–${g * 5}`;
}
