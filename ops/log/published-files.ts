/**
 * The verifier's readers of published files (no AWS SDK: `sportello-verify` needs only Node): a site over HTTP(S)
 * (`https://sportello.example/` → `https://sportello.example/log/index.json`, …) or a folder laid out like the site
 * (`<folder>/log/index.json`, `<folder>/lists/…`), e.g. a mirror made with `wget --mirror`.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { PublishedFiles } from '#domain/transparency/verify/source';

export function siteFiles(siteUrl: string, fetchFn: typeof fetch = fetch): PublishedFiles {
  const base = new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`);
  return {
    description: base.href,
    async read(path) {
      const response = await fetchFn(new URL(path, base), { headers: { 'cache-control': 'no-cache' } });
      if (response.status === 404 || response.status === 403) return null;
      if (!response.ok) throw new Error(`${path}: il sito risponde ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export function folderFiles(dir: string): PublishedFiles {
  const root = resolve(dir);
  return {
    description: root,
    async read(path) {
      const file = resolve(join(root, path));
      if (!file.startsWith(root + sep)) return null;
      try {
        return new Uint8Array(await readFile(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

/** A URL (`http://`, `https://`) or a folder. */
export function publishedFilesAt(target: string): PublishedFiles {
  return /^https?:\/\//.test(target) ? siteFiles(target) : folderFiles(target);
}
