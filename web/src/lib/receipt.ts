/**
 * The receipt of a send (R15, *presa in carico*): printable, with the arrival time in UTC and Rome time, the receipt
 * id, the signature and how anyone can verify it with the published keys (`GET /sportello/keys`, JWKS). The page can
 * verify it too, with WebCrypto: the receipt key's certificate (ES256, by the root key) and the receipt's EdDSA signature.
 * While the signing service is unavailable the API answers `signature: null, signatureStatus: "PENDING"`: the receipt
 * says the signature will follow and asks `GET /sportello/receipt` again until it is there.
 */
import { call, messageOf } from './api.ts';
import { alertBox, el } from './dom.ts';
import { romeTimeWithMs } from './format.ts';
import { type LogListing, type ReceiptLog, verifyInclusion } from './log-proof.ts';

export interface Receipt {
  receiptId: string;
  token: string;
  arrivalTime: string;
  firstSend?: boolean;
  signature: string | null;
  signatureStatus?: 'SIGNED' | 'PENDING';
  /** Once a checkpoint of the public log covers the send: where it is, with the inclusion proof. */
  log?: ReceiptLog;
}

export const isSigned = (receipt: Receipt) => typeof receipt.signature === 'string' && receipt.signature !== '';

/** How often a pending signature is asked for again (random within, ms). */
const SIGNATURE_POLL_MS = { min: 5_000, max: 10_000 };

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

/** The public log's part of the receipt: where the send is, and a button that checks the proof in this browser. */
function logSection(receipt: Receipt & { log: ReceiptLog }): HTMLElement {
  const outcome = el('div', { class: 'mt-2', 'aria-live': 'polite' });
  const check = el(
    'button',
    { type: 'button', class: 'btn btn-outline-primary' },
    "Verifica l'inclusione nel registro",
  );
  check.addEventListener('click', () => {
    check.disabled = true;
    fetch('/log/index.json')
      .then((r) => {
        if (!r.ok) throw new Error("L'elenco dei registri pubblici non è raggiungibile: riprovare più tardi.");
        return r.json() as Promise<LogListing>;
      })
      .then((listing) => verifyInclusion(receipt, listing))
      .then(
        (result) => outcome.replaceChildren(alertBox(result.ok ? 'success' : 'danger', result.message)),
        (error: unknown) => outcome.replaceChildren(alertBox('danger', messageOf(error))),
      )
      .finally(() => {
        check.disabled = false;
      });
  });
  return el(
    'section',
    { class: 'mt-4', 'aria-labelledby': 'registro-titolo' },
    el('h3', { id: 'registro-titolo', class: 'h5' }, 'Registro pubblico degli invii'),
    el(
      'p',
      {},
      `L'invio è la voce ${receipt.log.leafIndex} del registro pubblico ${receipt.log.origin} (checkpoint firmato di ${receipt.log.treeSize} voci). `,
      'Chiunque può verificare che il registro contiene questo invio, con questo orario, e ricalcolare gli elenchi: vedere ',
      el('a', { href: receipt.log.url }, 'il registro'),
      ' e il comando npx sportello-verify.',
    ),
    el('div', { class: 'd-print-none' }, check),
    outcome,
  );
}

const row = (term: string, ...value: (Node | string)[]) => [
  el('dt', { class: 'col-sm-4' }, term),
  el('dd', { class: 'col-sm-8' }, ...value),
];

/** How the receipt came to be shown: just sent, a repeated send (`message` from the API), or found on opening. */
export type ReceiptOccasion = { kind: 'first' } | { kind: 'replay'; message: string } | { kind: 'kept' };

function occasionAlert(occasion: ReceiptOccasion): HTMLElement {
  if (occasion.kind === 'replay')
    return alertBox(
      'info',
      `${occasion.message.replace(/\.$/, '')}. Di seguito la ricevuta originale: non è stato registrato un nuovo invio e l'orario non cambia.`,
    );
  if (occasion.kind === 'kept')
    return alertBox(
      'success',
      "La domanda risulta già inviata: di seguito la ricevuta dell'invio. Non occorre inviarla di nuovo.",
    );
  return alertBox('success', "Domanda presa in carico. L'invio è stato registrato: non occorre ripeterlo.");
}

/**
 * The receipt; `refetch` (the counter's `GET /sportello/receipt`) is used while the signature is pending, every
 * 5–10 s, until a signed receipt comes back.
 */
export function receiptView(
  receipt: Receipt,
  occasion: ReceiptOccasion,
  refetch?: () => Promise<Receipt>,
): HTMLElement {
  const verification = el('div', { class: 'mt-3', 'aria-live': 'polite' });
  const verify = el('button', { type: 'button', class: 'btn btn-outline-primary' }, 'Verifica la firma');
  let current = receipt;
  verify.addEventListener('click', () => {
    verify.disabled = true;
    verifyReceipt(current)
      .then(
        (outcome) => verification.replaceChildren(alertBox(outcome.ok ? 'success' : 'danger', outcome.message)),
        (error: unknown) => verification.replaceChildren(alertBox('danger', messageOf(error))),
      )
      .finally(() => {
        verify.disabled = !isSigned(current);
      });
  });
  const print = el(
    'button',
    { type: 'button', class: 'btn btn-primary', onclick: () => window.print() },
    'Stampa la ricevuta',
  );
  const signatureState = el('span', {});
  const signature = el('dd', { class: 'col-sm-8' });
  const signatureNews = el('div', { 'aria-live': 'polite' });
  const showSignature = () => {
    if (isSigned(current)) {
      signatureState.textContent = 'Firmata dallo sportello (EdDSA, chiave certificata)';
      signature.replaceChildren(el('code', { class: 'receipt-signature' }, current.signature ?? ''));
      verify.disabled = false;
    } else {
      signatureState.textContent = 'In preparazione';
      signature.replaceChildren(
        el(
          'span',
          { class: 'receipt-pending' },
          "La firma arriverà a breve: la pagina la mostra appena è pronta, senza bisogno di aggiornarla. L'invio è già registrato e l'orario di arrivo non cambia.",
        ),
      );
      verify.disabled = true;
    }
  };
  showSignature();
  if (!isSigned(current) && refetch) {
    const poll = () =>
      setTimeout(
        () => {
          refetch().then(
            (fresh) => {
              if (fresh.receiptId !== current.receiptId) return poll();
              current = fresh;
              if (!isSigned(current)) return poll();
              showSignature();
              signatureNews.replaceChildren(alertBox('success', 'La firma della ricevuta è arrivata.'));
            },
            () => poll(),
          );
        },
        SIGNATURE_POLL_MS.min + Math.random() * (SIGNATURE_POLL_MS.max - SIGNATURE_POLL_MS.min),
      );
    poll();
  }
  return el(
    'article',
    { class: 'receipt', 'aria-labelledby': 'ricevuta-titolo' },
    occasionAlert(occasion),
    el('h2', { id: 'ricevuta-titolo', class: 'h3 mt-4' }, 'Ricevuta di invio'),
    el(
      'dl',
      { class: 'row receipt-data' },
      ...row('Numero di ricevuta', el('span', { class: 'font-monospace', id: 'numero-ricevuta' }, receipt.receiptId)),
      ...row('Codice identificativo domanda', el('span', { class: 'font-monospace text-break' }, receipt.token)),
      ...row('Orario di arrivo (UTC)', el('span', { class: 'font-monospace' }, receipt.arrivalTime)),
      ...row('Orario di arrivo (ora italiana)', romeTimeWithMs(receipt.arrivalTime)),
      ...row('Stato della firma', signatureState),
      el('dt', { class: 'col-sm-4' }, 'Firma (JWS, EdDSA)'),
      signature,
    ),
    signatureNews,
    el('div', { class: 'd-flex flex-wrap gap-3 d-print-none' }, print, verify),
    verification,
    ...(receipt.log ? [logSection(receipt as Receipt & { log: ReceiptLog })] : []),
    el(
      'section',
      { class: 'mt-4', 'aria-labelledby': 'verifica-titolo' },
      el('h3', { id: 'verifica-titolo', class: 'h5' }, 'Come verificare la ricevuta'),
      el(
        'p',
        {},
        'La firma è un JWS compatto con algoritmo EdDSA (Ed25519) sui campi receiptId, token e arrivalTime, fatta con una chiave certificata dalla chiave radice dello sportello e verificabile con le chiavi pubbliche pubblicate. La pagina ',
        el('a', { href: '/verifica-ricevuta/' }, 'Verifica di una ricevuta'),
        " spiega come farlo e permette di controllare una firma incollandola. Conservare la ricevuta stampata o il testo della firma: vale come prova dell'orario di arrivo. La ricevuta resta disponibile anche su questa pagina a ogni nuovo accesso.",
      ),
    ),
  );
}
