/**
 * `lists publish <dir>` (R18): the lists of a `lists build` / `lists compute` folder on the public site, each list as
 * HTML, CSV (the folder's bytes) and JSON, plus the index served by `GET /api/lists`. Layout: `publication.ts`.
 * 1. read and check the whole folder (nothing is uploaded if anything is wrong);
 * 2. upload the publication's own immutable copy under `lists/publications/<id>/`, then its manifest;
 * 3. overwrite the current files `lists/<edition>/<region-slug>/<axis>.*` (versioned bucket on AWS);
 * 4. write the index last, so it never names a file that is not there yet.
 * `--dry-run` does 1, reads the current index and says what it would upload.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { listFileName } from '#domain/lists/list-files';
import { renderListHtml } from '#domain/lists/list-html';
import {
  CONTENT_TYPES,
  currentListKey,
  EMPTY_INDEX,
  INDEX_KEY,
  LIST_FORMATS,
  type ListFormat,
  ListsFileSchema,
  type ListsIndex,
  ListsIndexSchema,
  manifestKey,
  nextIndex,
  type PublicationMeta,
  type PublishedList,
  publicationId,
  publicationListKey,
} from '#domain/lists/publication';
import { action, BadInput, commandGroup } from '#ops/cli';
import { type CloudTarget, withCloud } from '#ops/cloud';
import { type WriteOptions, writeCommand } from '#ops/options';
import { dryRunLine } from '#ops/output';
import { type Progress, progress } from '#ops/progress';
import { count } from '#domain/kernel/plural';

/** Current files and the index are revalidated on every request; a publication's own copy never changes. */
const CURRENT_CACHE = 'public, no-cache';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

interface PublishFile {
  key: string;
  body: string | Buffer;
  format: ListFormat;
}

export function registerListsPublish(program: Command): void {
  writeCommand(
    commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
      .command('publish <dir>')
      .description('Pubblica gli elenchi di una cartella (HTML, CSV, JSON e indice /lists); ogni pubblicazione resta'),
  ).action(action((dir: string, options: WriteOptions) => publishLists(dir, options)));
}

export async function publishLists(dir: string, options: WriteOptions): Promise<void> {
  const { file, csvs } = await readFolder(dir);
  const intent = {
    writes: `pubblicare ${count(file.lists.length, 'elenco', 'elenchi')} (${file.edition}) sul sito pubblico`,
  };
  await withCloud(options, (cloud) => publishTo(cloud, file, csvs, options), intent);
}

async function publishTo(
  cloud: CloudTarget,
  file: Awaited<ReturnType<typeof readFolder>>['file'],
  csvs: (Buffer | undefined)[],
  options: WriteOptions,
): Promise<void> {
  const bucket = new ListsBucket(cloud.clients.s3, cloud.listsBucket);
  const previous = await readIndex(bucket);
  const now = new Date();
  const meta: PublicationMeta = {
    publicationId: publicationId(now, randomBytes(3).toString('hex')),
    publishedAt: now.toISOString(),
    edition: file.edition,
    resolution: file.resolution,
  };
  const perList = file.lists.map((list, i) => filesOf(list, meta, csvs[i] as Buffer));
  const ownCopy = perList
    .flat()
    .map((f) => ({ ...f, key: f.key.replace(/^lists\//, `lists/publications/${meta.publicationId}/`) }));
  const uploads = ownCopy.length * 2 + 2;
  if (options.dryRun) {
    const what = `pubblicherebbe ${count(file.lists.length, 'elenco', 'elenchi')} (${meta.edition}, ${uploads} file) su ${cloud.description}, dopo ${count(previous.publications.length, 'pubblicazione', 'pubblicazioni')}`;
    process.stdout.write(`${dryRunLine(what)}\n`);
    return;
  }
  const bar = progress('Pubblicazione', uploads, 'file');
  await putAll(bucket, ownCopy, IMMUTABLE_CACHE, bar);
  const manifest = {
    ...meta,
    lists: file.lists.map((list, i) => ({
      region: list.region,
      axis: list.axis,
      kind: list.kind,
      rows: list.rows.length,
      files: Object.fromEntries(
        (perList[i] as PublishFile[]).map((f) => [
          f.format,
          {
            key: publicationListKey(meta.publicationId, { ...meta, ...list }, f.format),
            bytes: Buffer.byteLength(f.body),
            sha256: sha256(f.body),
          },
        ]),
      ),
    })),
  };
  await bucket.put(
    manifestKey(meta.publicationId),
    `${JSON.stringify(manifest, null, 2)}\n`,
    CONTENT_TYPES.json,
    IMMUTABLE_CACHE,
  );
  bar.increment();
  await putAll(bucket, perList.flat(), CURRENT_CACHE, bar);
  const index = nextIndex(previous, meta, file.lists);
  await bucket.put(INDEX_KEY, `${JSON.stringify(index)}\n`, CONTENT_TYPES.json, CURRENT_CACHE);
  bar.increment();
  bar.stop();
  // CloudFront keeps even a no-cache object for its minimum TTL (1 s): wait it out before saying "published".
  if (cloud.kind === 'aws') await new Promise((resolve) => setTimeout(resolve, 1200));
  const where = cloud.siteUrl ? `${cloud.siteUrl}/api/lists` : '/api/lists';
  process.stdout.write(
    `Pubblicazione ${meta.publicationId}: ${count(file.lists.length, 'elenco', 'elenchi')} (${meta.edition}) su ${cloud.description}. Indice: ${where}\n`,
  );
}

async function readFolder(dir: string) {
  let text: string;
  try {
    text = await readFile(join(dir, 'lists.json'), 'utf8');
  } catch {
    throw new BadInput([`Nella cartella ${dir} manca lists.json: indicare la cartella scritta da "lists build".`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadInput([`${join(dir, 'lists.json')} non è un JSON valido. Nulla è stato pubblicato.`]);
  }
  const parsed = ListsFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => `lists.json, ${i.path.join('.')}: ${i.message}`);
    throw new BadInput([...problems, 'Nulla è stato pubblicato.']);
  }
  const missing: string[] = [];
  const csvs = await Promise.all(
    parsed.data.lists.map((list) =>
      readFile(join(dir, listFileName(list))).catch(() => {
        missing.push(listFileName(list));
        return undefined;
      }),
    ),
  );
  if (missing.length > 0) {
    throw new BadInput([`Nella cartella ${dir} mancano i file: ${missing.join(', ')}. Nulla è stato pubblicato.`]);
  }
  return { file: parsed.data, csvs };
}

function filesOf(list: PublishedList, meta: PublicationMeta, csv: Buffer): PublishFile[] {
  const address = { edition: meta.edition, region: list.region, axis: list.axis };
  const json = `${JSON.stringify({ ...meta, region: list.region, axis: list.axis, allocationEur: list.allocationEur, kind: list.kind, rows: list.rows })}\n`;
  const html = renderListHtml(list, meta, {
    csv: `/${currentListKey(address, 'csv')}`,
    json: `/${currentListKey(address, 'json')}`,
    index: '/api/lists',
  });
  const bodies: Record<ListFormat, string | Buffer> = { json, csv, html };
  return LIST_FORMATS.map((format) => ({ key: currentListKey(address, format), body: bodies[format], format }));
}

async function putAll(
  bucket: ListsBucket,
  files: readonly PublishFile[],
  cacheControl: string,
  bar: Progress,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as PublishFile;
      await bucket.put(file.key, file.body, CONTENT_TYPES[file.format], cacheControl);
      bar.increment();
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));
}

async function readIndex(bucket: ListsBucket): Promise<ListsIndex> {
  const stored = await bucket.get(INDEX_KEY);
  if (!stored) return EMPTY_INDEX;
  const parsed = ListsIndexSchema.safeParse(JSON.parse(stored.body.toString('utf8')));
  if (!parsed.success)
    throw new Error(`${INDEX_KEY} nel bucket non è un indice valido: correggerlo prima di pubblicare`);
  return parsed.data;
}

function sha256(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
