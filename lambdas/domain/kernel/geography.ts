/**
 * Regions and autonomous provinces (*regioni e province autonome*) and funding axes (*Assi di finanziamento*),
 * as CONTRACT "File formats" names them. Input matches on the slug; output prints the canonical name.
 */
export const REGIONS = [
  'Abruzzo',
  'Basilicata',
  'Calabria',
  'Campania',
  'Emilia-Romagna',
  'Friuli-Venezia Giulia',
  'Lazio',
  'Liguria',
  'Lombardia',
  'Marche',
  'Molise',
  'Piemonte',
  'Puglia',
  'Sardegna',
  'Sicilia',
  'Toscana',
  'Umbria',
  "Valle d'Aosta",
  'Veneto',
  'Provincia autonoma di Bolzano',
  'Provincia autonoma di Trento',
] as const;
export type Region = (typeof REGIONS)[number];

export const AXES = ['1.1', '1.2', '2', '3', '4', '5.1', '5.2'] as const;
export type Axis = (typeof AXES)[number];

/** NFD, accents removed, lower case, runs outside [a-z0-9] become `-`, edges trimmed: `Valle d'Aosta` → `valle-d-aosta`. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const regionBySlug = new Map<string, Region>(REGIONS.map((r) => [slug(r), r]));

/** The canonical region for any spelling with the same slug, or undefined. */
export function parseRegion(input: string): Region | undefined {
  return regionBySlug.get(slug(input));
}

export function parseAxis(input: string): Axis | undefined {
  const value = input.trim();
  return (AXES as readonly string[]).includes(value) ? (value as Axis) : undefined;
}

/** Every list (region × axis): what the reconciler looks at (an empty list costs one empty query). */
export const EVERY_LIST: readonly { region: Region; axis: Axis }[] = REGIONS.flatMap((region) =>
  AXES.map((axis) => ({ region, axis })),
);
