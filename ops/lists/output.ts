/**
 * Writes computed lists to a directory all at once: files go to a temporary sibling directory that is renamed into
 * place only when complete, so a failure never leaves half a set of lists. An existing output directory is
 * accepted when empty or holding only a previous set of lists (which is replaced); anything else is refused rather
 * than mixed with or deleted.
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DefinitiveLists } from '#domain/lists/definitive';
import { type FileOutput, LISTS_INDEX_FILE, REDISTRIBUTION_FILES, writeListFiles } from '#domain/lists/list-files';
import type { ComputedLists } from '#domain/lists/ranking';
import { BadInput } from '#ops/cli';

const PREVIOUS_LIST_FILE = /^[a-z0-9-]+_[0-9.]+\.csv$/;

export async function writeLists(computed: ComputedLists | DefinitiveLists, outDir: string): Promise<string[]> {
  const target = resolve(outDir);
  const previous = await previousLists(target);
  const staging = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  const written: string[] = [];
  const open = new Set<number>();
  try {
    // Synchronous writes into the page cache: the rendering hands over a megabyte at a time and waits for nothing.
    writeListFiles(computed, (name): FileOutput => {
      const fd = openSync(join(staging, name), 'wx');
      open.add(fd);
      written.push(name);
      return {
        write: (bytes) => writeAll(fd, bytes),
        close: () => {
          open.delete(fd);
          closeSync(fd);
        },
      };
    });
    if (previous === 'absent') await rename(staging, target);
    else {
      for (const name of previous) await rm(join(target, name));
      await rmdir(target);
      await rename(staging, target);
    }
  } catch (error) {
    for (const fd of open) closeSync(fd);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return written;
}

/** `'absent'`, or the names of a previous set of lists to replace (empty for an empty directory). */
async function previousLists(target: string): Promise<'absent' | string[]> {
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return 'absent';
  if (!info.isDirectory()) throw new BadInput([`--out ${target} esiste e non è una cartella.`]);
  const names = await readdir(target);
  const foreign = names.filter(
    (name) => name !== LISTS_INDEX_FILE && !PREVIOUS_LIST_FILE.test(name) && !Object.hasOwn(REDISTRIBUTION_FILES, name),
  );
  if (foreign.length > 0) {
    throw new BadInput([
      `La cartella ${target} contiene file che non sono elenchi (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}): indicare una cartella vuota o nuova.`,
    ]);
  }
  return names;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
