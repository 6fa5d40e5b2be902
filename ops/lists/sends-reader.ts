/**
 * `sends.csv` read and parsed on a second thread while the main one parses `applications.csv` (the two large files
 * of `lists compute`): the same reading and checks (`parseSends`, every problem and its line), the records handed
 * back as three transferred columns (tokens as 65 ASCII bytes each, arrivals, lines) rather than a million cloned
 * objects, and rebuilt on the main thread.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Token, TOKEN_LENGTH } from '#domain/kernel/token';
import { type Parsed, parseSends, type Send } from '#domain/lists/records';
import { readRecords } from './read-records.ts';

type Packed =
  { ok: true; tokens: Uint8Array; arrivalMs: Float64Array; lines: Int32Array } | Extract<Parsed<Send>, { ok: false }>;

/** `Buffer`'s own Latin-1 codec, called directly for a million tokens (present in every Node release, not in its types). */
type Latin1 = Buffer & {
  latin1Write(text: string, offset: number): number;
  latin1Slice(start: number, end: number): string;
};

/** Starts reading `path` on a worker thread; the promise gives what `readRecords(path, 'sends', parseSends)` gives. */
export function readSendsInParallel(path: string): Promise<Parsed<Send>> {
  // The worker runs this module through tsx's require hook, whichever way the operator CLI was started.
  const worker = new Worker(
    `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`,
    {
      eval: true,
      workerData: { sportelloSendsFile: path },
    },
  );
  return new Promise<Parsed<Send>>((resolve, reject) => {
    worker.once('message', (packed: Packed) => resolve(packed.ok ? unpack(packed) : packed));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`lettura degli invii interrotta (codice ${code})`)));
  }).finally(() => void worker.terminate());
}

function pack(records: readonly Send[]): { packed: Packed; transfer: ArrayBuffer[] } {
  // Its own memory (not Buffer's shared pool), so that it can be transferred.
  const tokens = Buffer.from(new ArrayBuffer(records.length * TOKEN_LENGTH)) as Latin1;
  const arrivalMs = new Float64Array(records.length);
  const lines = new Int32Array(records.length);
  records.forEach((send, i) => {
    tokens.latin1Write(send.token, i * TOKEN_LENGTH);
    arrivalMs[i] = send.arrivalMs;
    lines[i] = send.line;
  });
  const transfer = [tokens.buffer, arrivalMs.buffer, lines.buffer] as ArrayBuffer[];
  return { packed: { ok: true, tokens, arrivalMs, lines }, transfer };
}

function unpack(packed: Extract<Packed, { ok: true }>): Parsed<Send> {
  const tokens = Buffer.from(packed.tokens.buffer, packed.tokens.byteOffset, packed.tokens.byteLength) as Latin1;
  const records: Send[] = new Array(packed.lines.length);
  for (let i = 0; i < records.length; i++) {
    records[i] = {
      token: tokens.latin1Slice(i * TOKEN_LENGTH, (i + 1) * TOKEN_LENGTH) as Token,
      arrivalMs: packed.arrivalMs[i] as number,
      line: packed.lines[i] as number,
    };
  }
  return { ok: true, records };
}

const file = (workerData as { sportelloSendsFile?: string } | null)?.sportelloSendsFile;
if (!isMainThread && parentPort && file !== undefined) {
  const port = parentPort;
  void readRecords(file, 'sends', parseSends).then((parsed) => {
    if (!parsed.ok) return port.postMessage(parsed);
    const { packed, transfer } = pack(parsed.records);
    port.postMessage(packed, transfer);
  });
}
