/**
 * `GET /log/index.json`: `{logs:[{name, origin, vkey, url}]}`, one log per edition; `vkey` is the C2SP verifier key
 * of the log's checkpoint signer and `url` the log's prefix under `/log/`.
 */
import { z } from 'zod';

export const LOG_INDEX_PATH = 'log/index.json';

export const LogIndexEntrySchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  origin: z.string().min(1),
  vkey: z.string().min(1),
  url: z.string().min(1),
});
export type LogIndexEntry = z.infer<typeof LogIndexEntrySchema>;

export const LogIndexSchema = z.object({ logs: z.array(LogIndexEntrySchema) });
export type LogIndex = z.infer<typeof LogIndexSchema>;

/** The index with `entry` added, or replacing the log of the same name; sorted by name. */
export function withLog(index: LogIndex, entry: LogIndexEntry): LogIndex {
  const logs = [...index.logs.filter((l) => l.name !== entry.name), entry];
  return { logs: logs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}
