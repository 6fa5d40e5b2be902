/**
 * Debian's chromium driven by playwright-core, with what every page check needs: JavaScript errors and failed loads of
 * the site's own files collected, an axe-core scan (WCAG 2.1 A/AA rules) and a screenshot under
 * test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /**
   * Uncaught exceptions, console errors of our scripts, and any answer of 400 or more for a file of the site (a page,
   * a script, the favicon): only the API's expected refusals (`/api/…`) are not errors of the page. The browser's own
   * "Failed to load resource" console lines are covered by the last check.
   */
  errors: string[];
  /** Paths whose 404 a test expects (the 404 page's own address). */
  expectedMissing: Set<string>;
}

export interface OpenOptions {
  /** A phone-sized touch screen (390×844, touch events) instead of a 1280×900 desktop. */
  mobile?: boolean;
}

export async function openPage(browser: Browser, options: OpenOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.mobile ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const expectedMissing = new Set<string>();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && !path.startsWith('/api/') && !expectedMissing.has(path))
      errors.push(`${response.status()} ${path}`);
  });
  return { page, context, errors, expectedMissing };
}

export interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Serious and critical axe violations of the page as it is now; and a full-page screenshot named `name`. */
export async function checkPage(page: Page, name: string): Promise<Violation[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** True when the page is wider than its viewport (sideways scrolling on a phone). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
