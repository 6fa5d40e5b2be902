/**
 * The log's checkpoint key (Ed25519, C2SP signed-note): its 32-byte seed is derived with HKDF-SHA256 from the log-key
 * secret (Secrets Manager on AWS, a file under `.local-cloud/` locally) under a label of its own, and its name is the
 * log's origin. One secret serves every edition's log: each origin gets its own key (the name is in the key ID).
 */
import { hkdfSync } from 'node:crypto';
import { generateKeyPair, type NoteSigner, noteSigner, SIGNATURE_TYPE_ED25519 } from '#domain/transparency/note';

const LABEL = 'sportello/log-key/v1';

export interface LogKey {
  signer: NoteSigner;
  /** The verifier key published in `log/index.json`. */
  vkey: string;
}

export function logKey(secret: string, origin: string): LogKey {
  if (secret.length < 16) throw new Error('the log-key secret is too short');
  const seed = new Uint8Array(hkdfSync('sha256', secret, 'sportello', `${LABEL}\n${origin}`, 32));
  const { skey, vkey } = generateKeyPair(origin, SIGNATURE_TYPE_ED25519, seed);
  return { signer: noteSigner(skey), vkey };
}

/** For functions that only read proofs: a signer that refuses to sign (they hold no key). */
export function readOnlySigner(origin: string): NoteSigner {
  return {
    name: origin,
    keyId: 0,
    sign: () => {
      throw new Error('this function reads the log and cannot sign');
    },
  };
}
