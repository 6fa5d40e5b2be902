/**
 * Progress of long work (import, export, build, publish) on stderr, only on a terminal: redirected output and
 * `--json` stay clean. Without a known total it counts what is done.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, increment: () => undefined, stop: () => undefined };

/** `unit` names what is counted (`righe`, `file`); below `minTotal` items a bar would only flash. */
export function progress(label: string, total: number | undefined, unit: string, minTotal = 0): Progress {
  if (!process.stderr.isTTY || (total !== undefined && total < minTotal)) return SILENT;
  const format =
    total === undefined
      ? `${label} | {value} ${unit}`
      : `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | restano {eta_formatted}`;
  const bar = new SingleBar({ format, hideCursor: true, stream: process.stderr, clearOnComplete: false });
  bar.start(total ?? 0, 0);
  let done = 0;
  return {
    update: (value) => {
      done = value;
      bar.update(value);
    },
    increment: (by = 1) => {
      done += by;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

interface Middlewares {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<{ output: { Count?: number } }>) => unknown,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Counts the items every Scan page of `client` returns into `bar` (reading the whole record page by page is the long
 * part of an export or a build; the repositories stay unaware of it).
 */
export function countScanned(client: unknown, bar: Progress): void {
  (client as Middlewares).middlewareStack.add(
    (next) => async (args: unknown) => {
      const result = await next(args);
      bar.increment(result.output.Count ?? 0);
      return result;
    },
    { step: 'initialize', name: 'sportelloScanProgress' },
  );
}
