/**
 * The receipt's place in the public log, checked in the browser with WebCrypto only (a small port of the verifier's
 * checks, docs/transparency-format.md): the checkpoint is signed (Ed25519, C2SP signed-note) by the log key published
 * in `/log/index.json`, and the RFC 6962 inclusion proof leads from this receipt's own entry — rebuilt here from its
 * token, arrival time and receipt id — to the checkpoint's root.
 */
import type { ReceiptLogProof } from '#domain/transparency/receipt-proof';
import type { LogIndex } from '#domain/transparency/verify/log-index';
import { count } from '#domain/kernel/plural';

/** What `GET /sportello/receipt` says of the log (the type only: the domain's code runs on Node, not here). */
export type ReceiptLog = Omit<ReceiptLogProof, 'entry'>;

export type LogListing = LogIndex;

type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const base64 = (text: string): Bytes => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The log entry of a send, exactly as the log hashes it (format v1). */
export function sendEntryText(receipt: { token: string; arrivalTime: string; receiptId: string }): string {
  return `sportello-log/v1 send\ntoken ${receipt.token}\narrival ${receipt.arrivalTime}\nreceipt ${receipt.receiptId}\n`;
}

/** `name+keyid+base64(0x01 ‖ key)`: the Ed25519 key and its 4-byte ID, checked against the name. */
async function parseVkey(vkey: string): Promise<{ name: string; keyId: Bytes; publicKey: Bytes }> {
  const [name, hex, key] = vkey.split('+');
  const raw = base64(key ?? '');
  if (!name || !hex || raw.length !== 33 || raw[0] !== 0x01) throw new Error('chiave del registro malformata');
  const id = (await sha256(encoder.encode(`${name}\n`), raw)).slice(0, 4);
  if (Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('') !== hex)
    throw new Error('ID della chiave errato');
  return { name, keyId: id, publicKey: raw.slice(1) };
}

/** Opens the signed checkpoint: the log's Ed25519 signature over its text; returns size and root. */
export async function openCheckpoint(
  note: string,
  vkey: string,
): Promise<{ origin: string; size: number; root: Bytes }> {
  const key = await parseVkey(vkey);
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const lines = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l !== '');
  const publicKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  let signed = false;
  for (const line of lines) {
    const [dash, name, sig] = line.split(' ');
    const bytes = base64(sig ?? '');
    if (dash !== '\u2014' || name !== key.name || !equal(bytes.slice(0, 4), key.keyId)) continue;
    signed = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, bytes.slice(4), encoder.encode(text));
    if (!signed) throw new Error('firma del checkpoint NON valida');
  }
  if (!signed) throw new Error('il checkpoint non porta la firma del registro');
  const [origin, size, root] = text.split('\n');
  if (origin !== key.name || !/^(0|[1-9][0-9]*)$/.test(size ?? '')) throw new Error('checkpoint malformato');
  return { origin, size: Number(size), root: base64(root ?? '') };
}

/** RFC 9162 §2.1.3.2: the root that the proof gives from the leaf hash; null if the proof has the wrong length. */
export async function rootFromProof(index: number, size: number, leaf: Bytes, proof: Bytes[]): Promise<Bytes | null> {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const node = new Uint8Array([0x01]);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(node, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(node, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/**
 * Verifies that the receipt's send is in the log. 1. the log key from the listing (by origin); 2. the checkpoint's
 * signature; 3. the entry rebuilt from the receipt, hashed as a leaf; 4. the proof up to the signed root.
 */
export async function verifyInclusion(
  receipt: { token: string; arrivalTime: string; receiptId: string; log: ReceiptLog },
  listing: LogListing,
): Promise<{ ok: boolean; message: string }> {
  const log = listing.logs.find((l) => l.origin === receipt.log.origin);
  if (!log) return { ok: false, message: 'Il registro della ricevuta non è tra quelli pubblicati in /log/index.json.' };
  try {
    const checkpoint = await openCheckpoint(receipt.log.checkpoint, log.vkey);
    if (checkpoint.size !== receipt.log.treeSize) throw new Error('dimensione del checkpoint diversa');
    const leaf = await sha256(new Uint8Array([0x00]), encoder.encode(sendEntryText(receipt)));
    const root = await rootFromProof(
      receipt.log.leafIndex,
      checkpoint.size,
      leaf,
      receipt.log.inclusionProof.map(base64),
    );
    if (!root || !equal(root, checkpoint.root)) {
      return {
        ok: false,
        message: 'Prova NON valida: i dati di questa ricevuta non sono la voce indicata del registro.',
      };
    }
    return {
      ok: true,
      message: `Inclusione verificata: l'invio è la voce ${receipt.log.leafIndex} del registro pubblico ${log.origin}, nel checkpoint firmato di ${count(checkpoint.size, 'voce', 'voci')}.`,
    };
  } catch (error) {
    return { ok: false, message: `Prova NON valida: ${error instanceof Error ? error.message : String(error)}.` };
  }
}
