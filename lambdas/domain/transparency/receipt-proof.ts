/**
 * The log part of a receipt (`GET /sportello/receipt` → `receipt.log`): where the send sits in the edition's log and
 * the proof that it is there, so that the applicant can check — in the browser, or with `sportello-verify` — that
 * the public log holds its send with the arrival time of its receipt.
 */
import { toBase64 } from './encoding.ts';
import { encodeEntry } from './entries.ts';
import { sendKey, type TransparencyLog } from './log.ts';
import { sendEntry, type LoggedSend } from './sequencer.ts';

export interface ReceiptLogProof {
  /** The log's public prefix (`/log/<edition>/`) and its checkpoint origin. */
  url: string;
  origin: string;
  leafIndex: number;
  treeSize: number;
  /** The signed checkpoint (C2SP signed note) of `treeSize`. */
  checkpoint: string;
  /** RFC 6962 inclusion proof, base64 hashes from the leaf's sibling up. */
  inclusionProof: string[];
  /** The exact entry text whose leaf hash the proof starts from. */
  entry: string;
}

/** The proof of the receipt's send in the current tree, or null while no checkpoint covers it yet. */
export async function receiptLogProof(
  log: TransparencyLog,
  where: { url: string; origin: string },
  send: LoggedSend,
): Promise<ReceiptLogProof | null> {
  const proof = await log.proveEntry(sendKey(send.token));
  if (!proof) return null;
  return {
    url: where.url,
    origin: where.origin,
    leafIndex: proof.index,
    treeSize: proof.size,
    checkpoint: proof.checkpoint,
    inclusionProof: proof.proof.map(toBase64),
    entry: new TextDecoder().decode(encodeEntry(sendEntry(send))),
  };
}
