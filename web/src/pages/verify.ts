/**
 * "Verifica di una ricevuta": how a receipt's signature is checked (an EdDSA JWS over receiptId, token and arrivalTime, by a key certified by the ES256 root key,
 * key from `GET /api/sportello/keys`), and a form that checks a pasted signature in the page with WebCrypto and
 * shows what it signs, readable. The raw JWKS is linked here, for programs, instead of from the footer.
 */
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { romeTimeWithMs } from '../lib/format.ts';
import { type Receipt, verifyReceipt } from '../lib/receipt.ts';
import { buildForm, inputField } from '../lib/forms.ts';

function claimsOf(jws: string): Partial<Receipt> | undefined {
  const payload = jws.split('.')[1];
  if (!payload) return undefined;
  try {
    const b64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const text = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(text) as Partial<Receipt>;
    return typeof claims === 'object' && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}

const outcome = el('div', { class: 'mt-4', 'aria-live': 'polite' });
const signature = inputField({
  name: 'signature',
  label: 'Firma della ricevuta (JWS)',
  code: true,
  help: 'Il testo della riga "Firma (JWS, EdDSA)" della ricevuta: tre parti separate da un punto.',
});

const view = buildForm({
  label: 'Verifica di una firma',
  submit: 'Verifica la firma',
  fields: [signature],
  validate(values): Record<string, string> {
    const jws = (values.signature ?? '').trim();
    if (!jws) return { signature: 'Incollare la firma della ricevuta.' };
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws) || !claimsOf(jws))
      return { signature: 'Non è una firma JWS compatta: controllare di averla copiata per intero.' };
    return {};
  },
  async send(values) {
    const jws = (values.signature ?? '').trim();
    const claims = claimsOf(jws) ?? {};
    const receipt: Receipt = {
      receiptId: String(claims.receiptId ?? ''),
      token: String(claims.token ?? ''),
      arrivalTime: String(claims.arrivalTime ?? ''),
      signature: jws,
    };
    const result = await verifyReceipt(receipt);
    const arrival = Date.parse(receipt.arrivalTime);
    outcome.replaceChildren(
      alertBox(
        result.ok ? 'success' : 'danger',
        result.ok
          ? 'Firma valida: la ricevuta è autentica e i dati qui sotto sono quelli firmati dallo sportello.'
          : result.message,
      ),
      el(
        'dl',
        { class: 'row receipt-data' },
        el('dt', { class: 'col-sm-4' }, 'Numero di ricevuta'),
        el('dd', { class: 'col-sm-8 font-monospace' }, receipt.receiptId),
        el('dt', { class: 'col-sm-4' }, 'Codice identificativo domanda'),
        el('dd', { class: 'col-sm-8 font-monospace text-break' }, receipt.token),
        el('dt', { class: 'col-sm-4' }, 'Orario di arrivo (UTC)'),
        el('dd', { class: 'col-sm-8 font-monospace' }, receipt.arrivalTime),
        el('dt', { class: 'col-sm-4' }, 'Orario di arrivo (ora italiana)'),
        el('dd', { class: 'col-sm-8' }, Number.isFinite(arrival) ? romeTimeWithMs(receipt.arrivalTime) : '—'),
      ),
    );
  },
});

replaceApp(
  el('h2', { class: 'h4' }, 'Verifica in questa pagina'),
  el(
    'p',
    {},
    'Incolla la firma della ricevuta: la pagina la controlla con la chiave pubblica dello sportello e mostra i dati firmati. Nulla viene inviato allo sportello oltre alla richiesta delle chiavi pubbliche.',
  ),
  el('div', { class: 'row' }, el('div', { class: 'col-lg-8' }, view.form)),
  outcome,
  el('h2', { class: 'h4 mt-5' }, 'Verifica con un programma'),
  el(
    'ol',
    {},
    el(
      'li',
      {},
      'La firma è un JWS compatto (RFC 7515) con algoritmo EdDSA (Ed25519); la chiave che firma è certificata dalla chiave radice dello sportello (ES256, ECDSA P-256) con il certificato pubblicato insieme alla chiave.',
    ),
    el(
      'li',
      {},
      "L'intestazione indica nel campo kid quale chiave ha firmato; le chiavi pubbliche dello sportello sono pubblicate in formato JWKS (RFC 7517): ",
      el(
        'a',
        { href: '/api/sportello/keys', download: 'chiavi-pubbliche-sportello.json' },
        'scarica le chiavi pubbliche (JWKS, file JSON)',
      ),
      '.',
    ),
    el(
      'li',
      {},
      'Con qualsiasi libreria JOSE (ad esempio jose per JavaScript, PyJWT o python-jose per Python, Nimbus per Java) si verifica la firma con quella chiave.',
    ),
    el(
      'li',
      {},
      'Si controlla che il contenuto firmato (receiptId, token, arrivalTime) coincida con il numero di ricevuta, il codice identificativo e l\u2019orario di arrivo in UTC stampati sulla ricevuta.',
    ),
  ),
  el(
    'p',
    {},
    "Una firma valida prova che lo sportello ha registrato quella domanda a quell'orario: conservare la ricevuta stampata o il testo della firma.",
  ),
);
