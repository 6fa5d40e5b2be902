/**
 * The receipt of a send (R15, *presa in carico*): printable, with the arrival time in UTC and Rome time, the receipt
 * id, the signature and how anyone can verify it with the published keys (`GET /sportello/keys`, JWKS). The page can
 * verify it too, with WebCrypto: the receipt key's certificate (ES256, by the root key) and the receipt's EdDSA signature.
 */
import { call, messageOf } from './api.ts';
import { alertBox, el } from './dom.ts';
import { romeTimeWithMs } from './format.ts';

export interface Receipt {
  receiptId: string;
  token: string;
  arrivalTime: string;
  firstSend?: boolean;
  /** Null while the signature is still being made (`signatureStatus: "PENDING"`). */
  signature: string | null;
  signatureStatus?: 'SIGNED' | 'PENDING';
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

type PublishedKey = JsonWebKey & { kid?: string; certificate?: string };

const decodeJson = (part: string) =>
  JSON.parse(new TextDecoder().decode(base64UrlBytes(part))) as Record<string, unknown>;

/** The root key (ES256) signed this certificate, and it certifies exactly `key` (docs/counter.md). */
async function certified(key: PublishedKey, keys: PublishedKey[]): Promise<boolean> {
  const [h, p, s] = (key.certificate ?? '').split('.');
  if (!h || !p || !s) return false;
  const head = decodeJson(h);
  const root = keys.find((k) => k.kid === head.kid && k.kty === 'EC');
  if (head.alg !== 'ES256' || !root) return false;
  const rootKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'EC', crv: 'P-256', x: root.x, y: root.y },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    rootKey,
    base64UrlBytes(s),
    new TextEncoder().encode(`${h}.${p}`),
  );
  const body = decodeJson(p) as { sub?: string; jwk?: { x?: string } };
  return valid && body.sub === key.kid && body.jwk?.x === key.x;
}

/**
 * Checks the JWS as an applicant would, with only the published keys: the receipt key (Ed25519) named by the JWS must
 * carry a certificate signed by the root key; then the receipt's EdDSA signature; then that it signs exactly this
 * receipt's data.
 */
export async function verifyReceipt(receipt: Receipt): Promise<{ ok: boolean; message: string }> {
  const [header, payload, signature] = (receipt.signature ?? '').split('.');
  if (!header || !payload || !signature) return { ok: false, message: 'La firma non è un JWS compatto.' };
  const head = decodeJson(header) as { alg?: string; kid?: string };
  const claims = decodeJson(payload) as Partial<Receipt>;
  const { body } = await call<{ keys: PublishedKey[] }>('GET', '/sportello/keys');
  const jwk = body.keys.find((k) => k.kid === head.kid && k.kty === 'OKP');
  if (head.alg !== 'EdDSA' || !jwk) return { ok: false, message: 'Nessuna chiave pubblicata corrisponde alla firma.' };
  if (!(await certified(jwk, body.keys))) {
    return { ok: false, message: 'La chiave della firma non è certificata dalla chiave radice dello sportello.' };
  }
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    base64UrlBytes(signature),
    new TextEncoder().encode(`${header}.${payload}`),
  );
  if (!valid) return { ok: false, message: 'Firma NON valida: la ricevuta non corrisponde alla chiave pubblicata.' };
  const same =
    claims.receiptId === receipt.receiptId &&
    claims.token === receipt.token &&
    claims.arrivalTime === receipt.arrivalTime;
  if (!same) return { ok: false, message: 'La firma è valida ma non riguarda i dati mostrati in questa ricevuta.' };
  return {
    ok: true,
    message: `Firma valida: verificata con la chiave ${head.kid ?? ''} certificata dalla chiave radice di /api/sportello/keys.`,
  };
}

const row = (term: string, ...value: (Node | string)[]) => [
  el('dt', { class: 'col-sm-4' }, term),
  el('dd', { class: 'col-sm-8' }, ...value),
];

/** `message` is the API's text for a repeated send ("L'invio è già stato effettuato"). */
export function receiptView(receipt: Receipt, message?: string): HTMLElement {
  const verification = el('div', { class: 'mt-3', 'aria-live': 'polite' });
  const verify = el('button', { type: 'button', class: 'btn btn-outline-primary' }, 'Verifica la firma');
  verify.addEventListener('click', () => {
    verify.disabled = true;
    verifyReceipt(receipt)
      .then(
        (outcome) => verification.replaceChildren(alertBox(outcome.ok ? 'success' : 'danger', outcome.message)),
        (error: unknown) => verification.replaceChildren(alertBox('danger', messageOf(error))),
      )
      .finally(() => {
        verify.disabled = false;
      });
  });
  const print = el(
    'button',
    { type: 'button', class: 'btn btn-primary', onclick: () => window.print() },
    'Stampa la ricevuta',
  );
  return el(
    'article',
    { class: 'receipt', 'aria-labelledby': 'ricevuta-titolo' },
    message
      ? alertBox(
          'info',
          `${message}. Di seguito la ricevuta originale: non è stato registrato un nuovo invio e l'orario non cambia.`,
        )
      : alertBox('success', "Domanda presa in carico. L'invio è stato registrato: non occorre ripeterlo."),
    el('h2', { id: 'ricevuta-titolo', class: 'h3 mt-4' }, 'Ricevuta di invio'),
    el(
      'dl',
      { class: 'row receipt-data' },
      ...row('Numero di ricevuta', el('span', { class: 'font-monospace' }, receipt.receiptId)),
      ...row('Codice identificativo domanda', el('span', { class: 'font-monospace text-break' }, receipt.token)),
      ...row('Orario di arrivo (UTC)', el('span', { class: 'font-monospace' }, receipt.arrivalTime)),
      ...row('Orario di arrivo (ora italiana)', romeTimeWithMs(receipt.arrivalTime)),
      ...row('Firma (JWS, EdDSA)', el('code', { class: 'receipt-signature' }, receipt.signature)),
    ),
    el('div', { class: 'd-flex flex-wrap gap-3 d-print-none' }, print, verify),
    verification,
    el(
      'section',
      { class: 'mt-4', 'aria-labelledby': 'verifica-titolo' },
      el('h3', { id: 'verifica-titolo', class: 'h5' }, 'Come verificare la ricevuta'),
      el(
        'p',
        {},
        "La firma è un JWS compatto con algoritmo EdDSA (Ed25519) sui campi receiptId, token e arrivalTime, fatta con una chiave certificata dalla chiave radice dello sportello. Le chiavi pubbliche, con il certificato, sono pubblicate in formato JWKS all'indirizzo ",
        el('a', { href: '/api/sportello/keys' }, '/api/sportello/keys'),
        ": con qualsiasi libreria JOSE si verifica la firma con la chiave indicata dal campo kid dell'intestazione e si controlla che il contenuto firmato coincida con i dati di questa ricevuta. Conservare la ricevuta stampata o il testo della firma: vale come prova dell'orario di arrivo.",
      ),
    ),
  );
}
