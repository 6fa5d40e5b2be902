/**
 * Publication of the chronological lists (R18) on the public site: what is published and where.
 *
 * Layout in the lists bucket (CloudFront serves the bucket at `/lists/*`, so a key is its own public path):
 * - `lists/<edition>/<region-slug>/<axis>.json|.csv|.html` — the current version of each list (CONTRACT);
 * - `lists/index.json` — the index served by `GET /api/lists`: the latest publication of each edition, its lists
 *   with their addresses, and the history of every publication;
 * - `lists/publications/<publicationId>/<edition>/<region-slug>/<axis>.json|.csv|.html` and
 *   `lists/publications/<publicationId>/manifest.json` — each publication kept whole and never overwritten
 *   (the bucket is also versioned on AWS, so every overwritten current file stays retrievable as a version).
 */
import { z } from 'zod';
import { EDITION_IDS, type EditionId } from './editions.ts';
import { AXES, type Axis, REGIONS, type Region, slug } from '#domain/kernel/geography';

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
  status: z.enum(['UTILE', 'CARENZA_FONDI', 'NCD', 'ANNULLATA']),
  decided_by: z.string().nullable(),
  reason: z.string().optional(),
});
export type PublishedRow = z.infer<typeof PublishedRowSchema>;

export const PublishedListSchema = z.object({
  region: z.enum(REGIONS),
  axis: z.enum(AXES),
  allocationEur: money,
  kind: z.enum(['CLICK_DAY', 'NCD']),
  rows: z.array(PublishedRowSchema),
});
export type PublishedList = z.infer<typeof PublishedListSchema>;

/** `lists.json` as `lists build` / `lists compute` write it. */
export const ListsFileSchema = z.object({
  edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
  resolution: z.enum(['ms', 's']),
  lists: z.array(PublishedListSchema),
});
export type ListsFile = z.infer<typeof ListsFileSchema>;

export interface PublicationMeta {
  publicationId: string;
  /** ISO instant of the publication. */
  publishedAt: string;
  edition: EditionId;
  resolution: 'ms' | 's';
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

/** `lists/isi2024/valle-d-aosta/1.1.json`: the current version of a list (its public path is `/` + key). */
export function currentListKey(list: ListAddress, format: ListFormat): string {
  return `${LISTS_PREFIX}/${list.edition}/${slug(list.region)}/${list.axis}.${format}`;
}

export function publicationListKey(id: string, list: ListAddress, format: ListFormat): string {
  return `${LISTS_PREFIX}/publications/${id}/${list.edition}/${slug(list.region)}/${list.axis}.${format}`;
}

export function manifestKey(id: string): string {
  return `${LISTS_PREFIX}/publications/${id}/manifest.json`;
}

/** What a key of the public `/lists/<edition>/<region-slug>/<file>` path may be; anything else is not found. */
export function parseListPath(edition: string, regionSlug: string, file: string): ListAddress & { format: ListFormat } {
  const region = REGIONS.find((r) => slug(r) === regionSlug);
  const m = /^(.+)\.(json|csv|html)$/.exec(file);
  const axis = AXES.find((a) => a === m?.[1]);
  if (!(EDITION_IDS as string[]).includes(edition) || !region || !axis || !m) {
    throw new RangeError('not a list address');
  }
  return { edition: edition as EditionId, region, axis, format: m[2] as ListFormat };
}

/** One list in the index, with the public paths of its three formats. */
export const IndexListSchema = z.object({
  edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
  region: z.enum(REGIONS),
  regionSlug: z.string(),
  axis: z.enum(AXES),
  kind: z.enum(['CLICK_DAY', 'NCD']),
  allocationEur: money,
  rows: z.number().int().nonnegative(),
  publicationId: z.string(),
  publishedAt: z.string(),
  urls: z.object({ json: z.string(), csv: z.string(), html: z.string() }),
});
export type IndexList = z.infer<typeof IndexListSchema>;

export const PublicationSummarySchema = z.object({
  publicationId: z.string(),
  publishedAt: z.string(),
  edition: z.enum(EDITION_IDS as [EditionId, ...EditionId[]]),
  resolution: z.enum(['ms', 's']),
  lists: z.number().int().nonnegative(),
  manifest: z.string(),
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

/** The index after a publication: its lists replace those of the same edition; the history gains it first. */
export function nextIndex(previous: ListsIndex, meta: PublicationMeta, lists: readonly PublishedList[]): ListsIndex {
  const published: IndexList[] = lists.map((list) => {
    const address = { edition: meta.edition, region: list.region, axis: list.axis };
    return {
      edition: meta.edition,
      region: list.region,
      regionSlug: slug(list.region),
      axis: list.axis,
      kind: list.kind,
      allocationEur: list.allocationEur,
      rows: list.rows.length,
      publicationId: meta.publicationId,
      publishedAt: meta.publishedAt,
      urls: {
        json: `/${currentListKey(address, 'json')}`,
        csv: `/${currentListKey(address, 'csv')}`,
        html: `/${currentListKey(address, 'html')}`,
      },
    };
  });
  return {
    updatedAt: meta.publishedAt,
    lists: [...previous.lists.filter((l) => l.edition !== meta.edition), ...published],
    publications: [
      {
        publicationId: meta.publicationId,
        publishedAt: meta.publishedAt,
        edition: meta.edition,
        resolution: meta.resolution,
        lists: lists.length,
        manifest: `/${manifestKey(meta.publicationId)}`,
      },
      ...previous.publications,
    ],
  };
}
