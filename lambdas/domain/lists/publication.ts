/**
 * Publication of the chronological lists (R18) and of the definitive ones (R22f) on the public site: what is
 * published and where.
 *
 * Layout in the lists bucket (CloudFront serves the bucket at `/lists/*`, so a key is its own public path):
 * - `lists/<edition>/<region-slug>/<axis>.json|.csv|.html` — the current version of each provisional list
 *   (CONTRACT; the CSV is the one `lists compute` wrote);
 * - `lists/<edition>/<region-slug>/<axis>-definitivo.json|.csv|.html` — the same for the definitive lists;
 * - `lists/<edition>/<region-slug>/elenco-<region-slug>-asse-<axis>-provvisorio.csv` (`-definitivo.csv`) — the
 *   public CSV, Italian headers and words (`public-csv.ts`), named as it is saved;
 * - `lists/<edition>/redistribuzione/stanziamenti.csv|.json` and `trasferimenti.csv|.json` — the definitive
 *   edition's allocation table (*nuovo stanziamento a seguito della redistribuzione*) and transfers;
 * - `lists/index.json` — the index served by `GET /api/lists`: the latest publication of each edition, its lists
 *   with their addresses, and the history of every publication;
 * - `lists/publications/<publicationId>/<edition>/<region-slug>/<axis>.json|.csv|.html` and
 *   `lists/publications/<publicationId>/manifest.json` — each publication kept whole and never overwritten
 *   (the bucket is also versioned on AWS, so every overwritten current file stays retrievable as a version).
 */
import { z } from 'zod';
import { EDITION_IDS, type EditionId } from './editions.ts';
import { AXES, type Axis, REGIONS, type Region, slug } from '#domain/kernel/geography';
import { stageWord } from './list-words.ts';

export const LISTS_PREFIX = 'lists';
export const INDEX_KEY = `${LISTS_PREFIX}/index.json`;
export const LIST_FORMATS = ['json', 'csv', 'html'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export const CONTENT_TYPES: Record<ListFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const money = z.string().regex(/^\d+\.\d{2}$/);

/** A row of `lists.json` (CONTRACT "File formats": the CSV fields, empty ones null, `reason` on annulled rows). */
export const PublishedRowSchema = z.object({
  position: z.number().int().positive().nullable(),
  token: z.string(),
  company_name: z.string(),
  arrival_at: z.string().nullable(),
  requested_eur: money,
  cumulative_eur: money.nullable(),
  status: z.enum([
    'UTILE',
    'CARENZA_FONDI',
    'NCD',
    'ANNULLATA',
    'AMMISSIBILE_DEFINITIVA',
    'DECADUTA',
    'SUBENTRATA',
    'NON_AMMISSIBILE_CARENZA_FONDI',
  ]),
  decided_by: z.string().nullable(),
  /** Definitive lists: the row's status in the provisional list. */
  provisional_status: z.enum(['UTILE', 'CARENZA_FONDI', 'NCD', 'ANNULLATA']).optional(),
  reason: z.string().optional(),
});
export type PublishedRow = z.infer<typeof PublishedRowSchema>;

export const PublishedListSchema = z.object({
  region: z.enum(REGIONS),
  axis: z.enum(AXES),
  allocationEur: money,
  /** Definitive lists: *nuovo stanziamento a seguito della redistribuzione*. */
  newAllocationEur: money.optional(),
  kind: z.enum(['CLICK_DAY', 'NCD']),
  rows: z.array(PublishedRowSchema),
});
export type PublishedList = z.infer<typeof PublishedListSchema>;

/** `lists.json` as `lists build` / `lists compute` write it. */
export const ListsFileSchema = z.object({
  edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
  resolution: z.enum(['ms', 's']),
  /** `lists compute --definitive`: the definitive lists (R22c). */
  definitive: z.literal(true).optional(),
  lists: z.array(PublishedListSchema),
});
export type ListsFile = z.infer<typeof ListsFileSchema>;

export interface PublicationMeta {
  publicationId: string;
  /** ISO instant of the publication. */
  publishedAt: string;
  edition: EditionId;
  resolution: 'ms' | 's';
  /** The definitive lists (R22c) rather than the provisional ones; absent in provisional publications. */
  definitive?: true;
}

/** Time-ordered and unique enough for an operator action: `20261124T073000123Z-1a2b3c`. */
export function publicationId(at: Date, random: string): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${random}`;
}

export interface ListAddress {
  edition: EditionId;
  region: Region;
  axis: Axis;
}

/**
 * `lists/isi2024/valle-d-aosta/1.1.json` (`1.1-definitivo.json` for a definitive list): the current version of a
 * list (its public path is `/` + key).
 */
export function currentListKey(list: ListAddress, format: ListFormat, definitive = false): string {
  return `${LISTS_PREFIX}/${list.edition}/${slug(list.region)}/${listFile(list, format, definitive)}`;
}

/** `lists/isi2024/lazio/elenco-lazio-asse-1.1-provvisorio.csv`: the public CSV, named as a download is saved. */
export function publicCsvKey(list: ListAddress, definitive = false): string {
  return `${LISTS_PREFIX}/${list.edition}/${slug(list.region)}/${publicCsvName(list, definitive)}`;
}

export function publicCsvName(list: Pick<ListAddress, 'region' | 'axis'>, definitive: boolean): string {
  return `elenco-${slug(list.region)}-asse-${list.axis}-${stageWord(definitive)}.csv`;
}

function listFile(list: ListAddress, format: ListFormat, definitive: boolean): string {
  return `${list.axis}${definitive ? '-definitivo' : ''}.${format}`;
}

export function publicationListKey(id: string, list: ListAddress, format: ListFormat, definitive = false): string {
  return `${LISTS_PREFIX}/publications/${id}/${list.edition}/${slug(list.region)}/${listFile(list, format, definitive)}`;
}

/** The definitive edition's redistribution tables: `lists/isi2024/redistribuzione/stanziamenti.csv`, … */
export const REDISTRIBUTION_TABLES = {
  allocationTable: 'stanziamenti',
  transfers: 'trasferimenti',
} as const;
export type RedistributionTable = keyof typeof REDISTRIBUTION_TABLES;

export function redistributionKey(edition: EditionId, table: RedistributionTable, format: 'csv' | 'json'): string {
  return `${LISTS_PREFIX}/${edition}/redistribuzione/${REDISTRIBUTION_TABLES[table]}.${format}`;
}

export function manifestKey(id: string): string {
  return `${LISTS_PREFIX}/publications/${id}/manifest.json`;
}

export interface ListPath extends ListAddress {
  format: ListFormat;
  definitive: boolean;
  /** The public CSV (`elenco-…-provvisorio.csv`) rather than the CSV `lists compute` wrote. */
  publicCsv: boolean;
}

/**
 * What a key of the public `/lists/<edition>/<region-slug>/<file>` path may be (`2.json`, `2-definitivo.html`,
 * `elenco-lazio-asse-2-provvisorio.csv`); anything else is not found.
 */
export function parseListPath(edition: string, regionSlug: string, file: string): ListPath {
  const region = REGIONS.find((r) => slug(r) === regionSlug);
  const own = /^(.+?)(-definitivo)?\.(json|csv|html)$/.exec(file);
  const stage = /^elenco-([a-z0-9-]+)-asse-(.+)-(provvisorio|definitivo)\.csv$/.exec(file);
  const axis = AXES.find((a) => a === (stage ? stage[2] : own?.[1]));
  if (!(EDITION_IDS as string[]).includes(edition) || !region || !axis || !(own || stage)) {
    throw new RangeError('not a list address');
  }
  if (stage && stage[1] !== regionSlug) throw new RangeError('not a list address');
  const address = { edition: edition as EditionId, region, axis };
  if (stage) return { ...address, format: 'csv', definitive: stage[3] === 'definitivo', publicCsv: true };
  return { ...address, format: own?.[3] as ListFormat, definitive: own?.[2] !== undefined, publicCsv: false };
}

/** The key a parsed public path reads. */
export function listPathKey(path: ListPath): string {
  return path.publicCsv ? publicCsvKey(path, path.definitive) : currentListKey(path, path.format, path.definitive);
}

const Files = z.object({ json: z.string(), csv: z.string(), html: z.string() });

/**
 * One list in the index: `urls` the paths of the files as computed (CSV of `lists compute`), `files` those for the
 * public (the Italian CSV); `definitive` for the definitive edition. An index written before `files` and
 * `definitive` existed reads as provisional with `files` = `urls`.
 */
export const IndexListSchema = z
  .object({
    edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
    region: z.enum(REGIONS),
    regionSlug: z.string(),
    axis: z.enum(AXES),
    kind: z.enum(['CLICK_DAY', 'NCD']),
    allocationEur: money,
    newAllocationEur: money.optional(),
    rows: z.number().int().nonnegative(),
    publicationId: z.string(),
    publishedAt: z.string(),
    definitive: z.boolean().default(false),
    urls: Files,
    files: Files.optional(),
  })
  .transform((list) => ({ ...list, files: list.files ?? list.urls }));
export type IndexList = z.infer<typeof IndexListSchema>;

export const PublicationSummarySchema = z.object({
  publicationId: z.string(),
  publishedAt: z.string(),
  edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
  resolution: z.enum(['ms', 's']),
  lists: z.number().int().nonnegative(),
  manifest: z.string(),
  definitive: z.boolean().default(false),
  /** Definitive publications: the allocation table and the transfers (R22f). */
  redistribution: z
    .object({
      allocationTable: z.object({ csv: z.string(), json: z.string() }),
      transfers: z.object({ csv: z.string(), json: z.string() }),
    })
    .optional(),
});
export type PublicationSummary = z.infer<typeof PublicationSummarySchema>;

/** `GET /lists`: the current lists (latest publication of each edition) and every publication, newest first. */
export const ListsIndexSchema = z.object({
  updatedAt: z.string().nullable(),
  lists: z.array(IndexListSchema),
  publications: z.array(PublicationSummarySchema),
});
export type ListsIndex = z.infer<typeof ListsIndexSchema>;

export const EMPTY_INDEX: ListsIndex = { updatedAt: null, lists: [], publications: [] };

/**
 * The index after a publication: its lists replace those of the same edition and stage (a definitive publication
 * leaves the provisional lists in place, and the other way round); the history gains it first.
 */
export function nextIndex(previous: ListsIndex, meta: PublicationMeta, lists: readonly PublishedList[]): ListsIndex {
  const definitive = meta.definitive === true;
  const published: IndexList[] = lists.map((list) => {
    const address = { edition: meta.edition, region: list.region, axis: list.axis };
    const path = (format: ListFormat) => `/${currentListKey(address, format, definitive)}`;
    return {
      edition: meta.edition,
      region: list.region,
      regionSlug: slug(list.region),
      axis: list.axis,
      kind: list.kind,
      allocationEur: list.allocationEur,
      ...(list.newAllocationEur === undefined ? {} : { newAllocationEur: list.newAllocationEur }),
      rows: list.rows.length,
      publicationId: meta.publicationId,
      publishedAt: meta.publishedAt,
      definitive,
      urls: { json: path('json'), csv: path('csv'), html: path('html') },
      files: { json: path('json'), csv: `/${publicCsvKey(address, definitive)}`, html: path('html') },
    };
  });
  const table = (name: RedistributionTable) => ({
    csv: `/${redistributionKey(meta.edition, name, 'csv')}`,
    json: `/${redistributionKey(meta.edition, name, 'json')}`,
  });
  return {
    updatedAt: meta.publishedAt,
    lists: [...previous.lists.filter((l) => l.edition !== meta.edition || l.definitive !== definitive), ...published],
    publications: [
      {
        publicationId: meta.publicationId,
        publishedAt: meta.publishedAt,
        edition: meta.edition,
        resolution: meta.resolution,
        lists: lists.length,
        manifest: `/${manifestKey(meta.publicationId)}`,
        definitive,
        ...(definitive
          ? { redistribution: { allocationTable: table('allocationTable'), transfers: table('transfers') } }
          : {}),
      },
      ...previous.publications,
    ],
  };
}
