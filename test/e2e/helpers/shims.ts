/**
 * Shims for the API additions the portals are coded against but the server does not answer yet (docs/portals.md
 * "API additions"). Each one lets the real request through and adds the missing field to the real answer, as the
 * server will, only when the answer does not carry it already: once the server has the addition, the shim changes
 * nothing and the test exercises the server's own answer. Delete a shim (and its call) once the server has it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';

type Json = Record<string, unknown>;

async function passJson(route: Route, edit: (status: number, body: Json) => Json | undefined): Promise<void> {
  const response = await route.fetch();
  const text = await response.text();
  let body: Json | undefined;
  try {
    body = text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    body = undefined;
  }
  const edited = body ? edit(response.status(), body) : undefined;
  const headers = Object.fromEntries(
    Object.entries(response.headers()).filter(([name]) => !['content-length', 'content-encoding'].includes(name)),
  );
  return route.fulfill({ status: response.status(), headers, body: edited ? JSON.stringify(edited) : text });
}

type Editor = (status: number, body: Json, request: { postData: string | null }) => Json | undefined;
const editors = new WeakMap<Page, Map<string, Editor[]>>();

/**
 * Adds `editor` to the answers of `pattern` on `page`; several shims may edit one route (only one route handler
 * per pattern runs), in the order they were added, each seeing the previous one's result.
 */
async function edit(page: Page, pattern: string, editor: Editor): Promise<void> {
  let byPattern = editors.get(page);
  if (!byPattern) editors.set(page, (byPattern = new Map()));
  const list = byPattern.get(pattern);
  if (list) {
    list.push(editor);
    return;
  }
  const chain: Editor[] = [editor];
  byPattern.set(pattern, chain);
  await page.route(pattern, (route) => {
    const request = { postData: route.request().postData() };
    return passJson(route, (status, body) => {
      let current: Json | undefined;
      for (const e of chain) current = e(status, current ?? body, request) ?? current;
      return current;
    });
  });
}

const errorOf = (body: Json) => body.error as (Json & { code?: string }) | undefined;

/**
 * `422 WRONG_ANSWER` with `error.fields: [{path: "answers.<name>", message}]`, one per wrong field: the shim reads the
 * positions of the form the page received and compares the answers sent with `token`.
 */
export async function shimWrongAnswerFields(page: Page, token: string): Promise<void> {
  const positions = new Map<string, number[]>();
  await edit(page, '**/api/sportello/form', (_status, body) => {
    for (const f of (body.fields as { name: string; positions: number[] }[] | undefined) ?? [])
      positions.set(f.name, f.positions);
    return undefined;
  });
  await edit(page, '**/api/sportello/send', (status, body, request) => {
    const error = errorOf(body);
    if (status !== 422 || error?.code !== 'WRONG_ANSWER' || error.fields) return undefined;
    const sent = JSON.parse(request.postData ?? '{}') as { answers?: Record<string, string> };
    const fields = [...positions.entries()]
      .filter(([name, at]) => (sent.answers?.[name] ?? '') !== at.map((p) => token[p - 1]).join(''))
      .map(([name]) => ({ path: `answers.${name}`, message: 'I caratteri inseriti non corrispondono.' }));
    return { ...body, error: { ...error, fields } };
  });
}

/**
 * A receipt whose signature is still being made (KMS outage): `signature: null, signatureStatus: "PENDING"` on the
 * send and on the first `pendingReads` receipts read from `GET /sportello/receipt`, then the real (signed) one.
 */
export async function shimPendingSignature(page: Page, pendingReads: number): Promise<void> {
  const pending = (status: number, body: Json) => {
    const receipt = body.receipt as Json | undefined;
    // The API answers `signatureStatus: "SIGNED"` on a signed receipt: only an already pending one is left alone.
    if (status >= 300 || !receipt || receipt.signatureStatus === 'PENDING') return undefined;
    return { ...body, receipt: { ...receipt, signature: null, signatureStatus: 'PENDING' } };
  };
  await edit(page, '**/api/sportello/send', pending);
  let reads = 0;
  await edit(page, '**/api/sportello/receipt', (status, body) =>
    status === 200 && ++reads <= pendingReads ? pending(status, body) : undefined,
  );
}

/** `401 UNAUTHENTICATED` with `error.reason: "TOKEN_RESET"` for a session ended by the administrator's reset. */
export async function shimTokenReset(page: Page): Promise<void> {
  const reset = (status: number, body: Json) => {
    const error = errorOf(body);
    if (status !== 401 || error?.code !== 'UNAUTHENTICATED' || error.reason) return undefined;
    return { ...body, error: { ...error, reason: 'TOKEN_RESET' } };
  };
  for (const path of ['**/api/me', '**/api/auth/refresh', '**/api/sportello/**']) await edit(page, path, reset);
}

/** `401 BAD_CREDENTIALS` with `error.attemptsLeft` once 3 or fewer remain: `failuresBefore` wrong passwords so far. */
export async function shimAttemptsLeft(page: Page, failuresBefore: number): Promise<void> {
  let failures = failuresBefore;
  await edit(page, '**/api/auth/login', (status, body) => {
    const error = errorOf(body);
    if (status !== 401 || error?.code !== 'BAD_CREDENTIALS') return undefined;
    failures += 1;
    const left = 10 - failures;
    if ('attemptsLeft' in error || left > 3) return undefined;
    return { ...body, error: { ...error, attemptsLeft: left } };
  });
}

/**
 * The lists index with `definitive` and `files` per list: `definitive` true for the lists `isDefinitive` picks (to
 * show both kinds), `files` today's paths.
 */
export async function shimListsIndex(page: Page, isDefinitive: (l: Json) => boolean = () => false): Promise<void> {
  await edit(page, '**/api/lists', (status, body) => {
    const lists = body.lists as Json[] | undefined;
    if (status !== 200 || !lists || lists.every((l) => 'definitive' in l)) return undefined;
    return {
      ...body,
      lists: lists.map((l) => ({ ...l, definitive: isDefinitive(l), files: l.files ?? l.urls })),
    };
  });
}

/** `GET /admin/companies` items with `arrivalTime`, `receiptId` and `listing`, from `extra` by token. */
export async function shimCompanies(page: Page, extra: Record<string, Json>): Promise<void> {
  await edit(page, '**/api/admin/companies', (status, body) => {
    if (status !== 200 || !Array.isArray(body)) return undefined;
    const items = body as unknown as Json[];
    if (items.every((c) => 'arrivalTime' in c)) return undefined;
    return items.map((c) => ({
      arrivalTime: null,
      receiptId: null,
      listing: null,
      ...c,
      ...(extra[c.token as string] ?? {}),
    })) as unknown as Json;
  });
}

/**
 * The styled 404 page (`web/dist/404.html`) for a missing address, with status 404, as the gateway and CloudFront
 * are to serve it; the gateway today answers its own unstyled page.
 */
export async function shimNotFoundPage(page: Page, path: string): Promise<void> {
  const styled = readFileSync(join(__dirname, '..', '..', '..', 'web', 'dist', '404.html'), 'utf8');
  await page.route(`**${path}`, async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    if (response.status() !== 404 || text.includes('it-header-wrapper')) return route.fulfill({ response, body: text });
    return route.fulfill({ status: 404, contentType: 'text/html; charset=utf-8', body: styled });
  });
}
