/**
 * Shims for the API additions the portals are coded against but the server does not answer yet (docs/portals.md
 * "API additions"). Each one lets the real request through and adds the missing field to the real answer, as the
 * server will, only when the answer does not carry it already: once the server has the addition, the shim changes
 * nothing and the test exercises the server's own answer. Delete a shim (and its call) once the server has it.
 */
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

/**
 * A receipt whose signature is still being made (KMS outage): `signature: null, signatureStatus: "PENDING"` on the
 * send and on the first `pendingReads` receipts read from `GET /sportello/receipt`, then the real (signed) one.
 *
 * Not a missing server field (the server answers PENDING during a real outage: test/integration/faults-rush.test.ts
 * takes KMS down on its own cloud and watches those receipts get signed) but a stand-in for the outage itself: the
 * e2e cloud is shared by test files running in parallel, and taking its KMS down would make their receipts pending
 * too. So this one stays, and turns the real SIGNED answer into the PENDING one the page must handle.
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

/**
 * `GET /admin/companies` items with `listing` (the application's row in the published lists), from `listings` by
 * token, where the server still answers `listing: null` (it reads no published list yet); `arrivalTime` and
 * `receiptId` are the server's own.
 */
export async function shimListing(page: Page, listings: Record<string, Json>): Promise<void> {
  await edit(page, '**/api/admin/companies', (status, body) => {
    if (status !== 200 || !Array.isArray(body)) return undefined;
    const items = body as unknown as Json[];
    if (items.some((c) => c.listing)) return undefined;
    return items.map((c) => ({ ...c, listing: listings[c.token as string] ?? null })) as unknown as Json;
  });
}
