/**
 * Where the verifier reads the published files: a site over HTTP(S), a folder holding the same paths, or the
 * product's own bucket (`ops log verify`). Paths are the site's, without the leading `/` (`log/index.json`,
 * `log/isi2024/tile/0/000.p/3`, `lists/isi2024/lazio/2.csv`).
 */
export interface PublishedFiles {
  /** Bytes of the file at `path`, null when it is not published. */
  read(path: string): Promise<Uint8Array | null>;
  /** What is being verified, for the report (`https://…`, a folder). */
  readonly description: string;
}

/** A verification failed: `message` says, in Italian, which file and what does not match. */
export class VerificationError extends Error {
  override name = 'VerificationError';
}

/** The path under the site of a log URL from `log/index.json` (absolute or site-relative), ending in `/`. */
export function logPrefix(url: string): string {
  const path = new URL(url, 'https://sito.invalid/').pathname.replace(/^\/+/, '');
  if (!path.startsWith('log/')) throw new VerificationError(`log/index.json: l'indirizzo ${url} non è sotto /log/`);
  return path.endsWith('/') ? path : `${path}/`;
}

export async function readRequired(files: PublishedFiles, path: string): Promise<Uint8Array> {
  const data = await files.read(path);
  if (!data) throw new VerificationError(`${path}: file non pubblicato`);
  return data;
}

export async function readText(files: PublishedFiles, path: string): Promise<string> {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await readRequired(files, path));
  return text;
}
