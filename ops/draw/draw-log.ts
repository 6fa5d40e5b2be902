/**
 * What `draw reveal` and `lists build` read of the edition's log for a window draw: the rules entry (its exact
 * bytes and parsed), the sealed root when the log is sealed, and the published seed file.
 */
import { LogFiles } from '#adapters/s3/log-files';
import { parseEntry, type RulesEntry } from '#domain/transparency/entries';
import type { Hash } from '#domain/transparency/merkle';
import { DRAW_SEED_FILE } from '#domain/transparency/window-draw-order';
import { OperationFailed } from '#ops/cli';
import type { CloudTarget } from '#ops/cloud';
import { cloudLog } from '#ops/log/cloud-log';

export interface DrawLog {
  origin: string;
  files: LogFiles;
  rulesEntry: Uint8Array;
  rules: RulesEntry;
  /** The root of the sealed checkpoint; null while the log is open. */
  sealedRoot: Hash | null;
}

/** The open log's draw inputs, or null when no log is open. */
export async function drawLog(cloud: CloudTarget): Promise<DrawLog | null> {
  const open = await (await cloudLog(cloud, 'read')).current();
  if (!open) return null;
  const [rulesEntry, state] = await Promise.all([open.log.entry(0), open.log.current()]);
  const rules = parseEntry(rulesEntry);
  if (rules.kind !== 'rules') throw new OperationFailed('La voce 0 del registro non è la voce delle regole.');
  return {
    origin: open.pointer.origin,
    files: new LogFiles(cloud.clients.s3, cloud.listsBucket, open.pointer.name),
    rulesEntry,
    rules,
    sealedRoot: state?.sealed ? state.root : null,
  };
}

/** The seed published beside the log (`draw-seed`), as hex, or null. */
export async function publishedSeed(log: DrawLog): Promise<string | null> {
  const bytes = await log.files.get(DRAW_SEED_FILE);
  return bytes ? new TextDecoder().decode(bytes).trim() : null;
}
