/**
 * `lists publish <dir>` (R18, R22f): the lists of a `lists build` / `lists compute` folder on the public site, each list
 * as HTML, CSV (the folder's bytes), JSON and the public CSV (Italian), plus the index served by `GET /api/lists`; a
 * definitive folder is published as its own edition beside the provisional one, with its allocation table and
 * transfers. Layout: `publication.ts`.
 * 1. read and check the whole folder (nothing is uploaded if anything is wrong);
 * 2. upload the publication's own immutable copy under `lists/publications/<id>/`, then its manifest;
 * 3. overwrite the current files `lists/<edition>/<region-slug>/<axis>.*` (versioned bucket on AWS);
 * 4. write the index last, so it never names a file that is not there yet.
 * Steps 2–4 hold a lease on the stage (`PUBLISH_LEASE`): a publication reads the index and writes it back with its own
 * entry, so two at once would lose one; a second `lists publish` meanwhile is refused and says until when.
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
  publicCsvKey,
  type RedistributionTable,
  redistributionKey,
} from '#domain/lists/publication';
import { renderPublicCsv } from '#domain/lists/public-csv';
import { REDISTRIBUTION_FILES } from '#domain/lists/list-files';
import { action, BadInput, commandGroup, OperationFailed } from '#ops/cli';
import { type CloudTarget, withCloud } from '#ops/cloud';
import { type WriteOptions, writeCommand } from '#ops/options';
import { dryRunLine } from '#ops/output';
import { type Progress, progress } from '#ops/progress';
import { count } from '#domain/kernel/plural';
import { claimKeys } from '#domain/accounts/claims';
import { formatRome } from '#domain/kernel/instant';

/** Current files and the index are revalidated on every request; a publication's own copy never changes. */
const CURRENT_CACHE = 'public, no-cache';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

interface PublishFile {
  key: string;
  body: string | Buffer;
  format: ListFormat;
  /** The manifest's name for the file: the format, or `publicCsv`. */
  role: string;
}

export function registerListsPublish(program: Command): void {
  writeCommand(
    commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
      .command('publish <dir>')
      .description('Pubblica gli elenchi di una cartella (HTML, CSV, JSON e indice /lists); ogni pubblicazione resta'),
  ).action(action((dir: string, options: WriteOptions) => publishLists(dir, options)));
}

export async function publishLists(dir: string, options: WriteOptions): Promise<void> {
  const { file, csvs, tables } = await readFolder(dir);
  const kind = file.definitive ? 'definitivi' : 'provvisori';
  const intent = {
    writes: `pubblicare ${count(file.lists.length, 'elenco', 'elenchi')} ${kind} (${file.edition}) sul sito pubblico`,
  };
  await withCloud(options, (cloud) => publishTo(cloud, { file, csvs, tables }, options), intent);
}

async function publishTo(
  cloud: CloudTarget,
  { file, csvs, tables }: Awaited<ReturnType<typeof readFolder>>,
  options: WriteOptions,
): Promise<void> {
  const bucket = new ListsBucket(cloud.clients.s3, cloud.listsBucket);
  const now = new Date();
  const id = publicationId(now, randomBytes(3).toString('hex'));
  if (options.dryRun) return publishSteps(bucket, cloud, { file, csvs, tables }, options, now, id);
  const lease = claimKeys.operation('lists-publish');
  const claims = cloud.repositories.claims;
  const taken = await claims.claim(lease, id, now, new Date(now.getTime() + PUBLISH_LEASE_MS));
  if (!taken.won) {
    const holder = await claims.get(lease, new Date());
    const since = holder
      ? ` (pubblicazione ${holder.owner}, iniziata ${formatRome(Date.parse(holder.claimedAt))})`
      : '';
    const until = holder?.expiresAt
      ? `; se si è interrotta, il blocco scade ${formatRome(Date.parse(holder.expiresAt))}`
      : '';
    throw new OperationFailed(
      `Un'altra pubblicazione degli elenchi è in corso su ${cloud.description}${since}: attendere che termini e riprovare${until}. Nulla è stato pubblicato.`,
    );
  }
  try {
    await publishSteps(bucket, cloud, { file, csvs, tables }, options, now, id);
  } finally {
    await claims.release(lease, id);
  }
}

/** How long a publication holds the stage at most (a process that dies leaves the lease to lapse). */
const PUBLISH_LEASE_MS = 30 * 60_000;

async function publishSteps(
  bucket: ListsBucket,
  cloud: CloudTarget,
  { file, csvs, tables }: Awaited<ReturnType<typeof readFolder>>,
  options: WriteOptions,
  now: Date,
  id: string,
): Promise<void> {
  const previous = await readIndex(bucket);
  const meta: PublicationMeta = {
    publicationId: id,
    publishedAt: now.toISOString(),
    edition: file.edition,
    resolution: file.resolution,
    ...(file.definitive ? { definitive: true as const } : {}),
  };
  const perList = file.lists.map((list, i) => filesOf(list, meta, csvs[i] as Buffer));
  const current = [
    ...perList.flat(),
    ...tables.map((t) => ({ ...t, key: redistributionKey(meta.edition, t.table, t.format) })),
  ];
  const ownCopy = current.map((f) => ({
    ...f,
    key: f.key.replace(/^lists\//, `lists/publications/${meta.publicationId}/`),
  }));
  const kind = meta.definitive ? 'definitivi' : 'provvisori';
  const lists = count(file.lists.length, 'elenco', 'elenchi');
  const uploads = ownCopy.length + current.length + 2;
  if (options.dryRun) {
    const what = `pubblicherebbe ${lists} ${kind} (${meta.edition}, ${uploads} file) su ${cloud.description}, dopo ${count(previous.publications.length, 'pubblicazione', 'pubblicazioni')}`;
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
          f.role,
          {
            key: f.key.replace(/^lists\//, `lists/publications/${meta.publicationId}/`),
            bytes: Buffer.byteLength(f.body),
            sha256: sha256(f.body),
          },
        ]),
      ),
    })),
    ...(meta.definitive
      ? {
          redistribution: tables.map((t) => ({
            table: t.table,
            format: t.format,
            key: redistributionKey(meta.edition, t.table, t.format).replace(
              /^lists\//,
              `lists/publications/${meta.publicationId}/`,
            ),
            bytes: Buffer.byteLength(t.body),
            sha256: sha256(t.body),
          })),
        }
      : {}),
  };
  await bucket.put(
    manifestKey(meta.publicationId),
    `${JSON.stringify(manifest, null, 2)}\n`,
    CONTENT_TYPES.json,
    IMMUTABLE_CACHE,
  );
  bar.increment();
  await putAll(bucket, current, CURRENT_CACHE, bar);
  const index = nextIndex(previous, meta, file.lists);
  await bucket.put(INDEX_KEY, `${JSON.stringify(index)}\n`, CONTENT_TYPES.json, CURRENT_CACHE);
  bar.increment();
  bar.stop();
  // CloudFront keeps even a no-cache object for its minimum TTL (1 s): wait it out before saying "published".
  if (cloud.kind === 'aws') await new Promise((resolve) => setTimeout(resolve, 1200));
  const where = cloud.siteUrl ? `${cloud.siteUrl}/api/lists` : '/api/lists';
  process.stdout.write(
    `Pubblicazione ${meta.publicationId}: ${lists} ${kind} (${meta.edition}) su ${cloud.description}. Indice: ${where}\n`,
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
  // The definitive edition is published with its allocation table and transfers (R22f).
  const tables: RedistributionFile[] = [];
  if (parsed.data.definitive) {
    for (const [name, table, format] of TABLE_FILES) {
      const body = await readFile(join(dir, name)).catch(() => undefined);
      if (body === undefined) missing.push(name);
      else tables.push({ table, format, body, role: `${table}.${format}` });
    }
  }
  if (missing.length > 0) {
    throw new BadInput([`Nella cartella ${dir} mancano i file: ${missing.join(', ')}. Nulla è stato pubblicato.`]);
  }
  return { file: parsed.data, csvs, tables };
}

interface RedistributionFile {
  table: RedistributionTable;
  format: 'csv' | 'json';
  body: Buffer;
  role: string;
}

/** The folder's redistribution files (`lists compute --definitive`) and where each is published. */
const TABLE_FILES: [name: keyof typeof REDISTRIBUTION_FILES, table: RedistributionTable, format: 'csv' | 'json'][] = [
  ['allocation-table.csv', 'allocationTable', 'csv'],
  ['allocation-table.json', 'allocationTable', 'json'],
  ['transfers.csv', 'transfers', 'csv'],
  ['transfers.json', 'transfers', 'json'],
];

/** Per list: the JSON, the folder's CSV, the HTML page and the public CSV (`public-csv.ts`). */
function filesOf(list: PublishedList, meta: PublicationMeta, csv: Buffer): PublishFile[] {
  const address = { edition: meta.edition, region: list.region, axis: list.axis };
  const definitive = meta.definitive === true;
  const { rows, ...head } = list;
  const json = `${JSON.stringify({ ...meta, ...head, rows })}\n`;
  const html = renderListHtml(list, meta, {
    csv: `/${publicCsvKey(address, definitive)}`,
    json: `/${currentListKey(address, 'json', definitive)}`,
    index: '/elenchi/',
  });
  const bodies: Record<ListFormat, string | Buffer> = { json, csv, html };
  const own = LIST_FORMATS.map((format) => ({
    key: currentListKey(address, format, definitive),
    body: bodies[format],
    format,
    role: format,
  }));
  const publicCsv = { key: publicCsvKey(address, definitive), body: renderPublicCsv(list), format: 'csv' as const };
  return [...own, { ...publicCsv, role: 'publicCsv' }];
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

/** The index as stored (empty before the first publication); a malformed one stops the caller. */
export async function readIndex(bucket: ListsBucket): Promise<ListsIndex> {
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
