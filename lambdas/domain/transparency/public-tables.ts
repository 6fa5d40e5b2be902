/**
 * The public tables the lists are computed from, published beside the log so that anyone can recompute every list:
 * the applications without personal data (no PEC, no e-mail, no phone, no address: the PEC column is dropped) and the
 * allocations as `export allocations` writes them. The log's rules entry commits to the SHA-256 of their exact bytes.
 *
 * Public applications table: `token,company_name,region,axis,requested_eur,project_eur,registered_at,cciaa_date,
 * legality_rating,workers`, by token, UTF-8, LF — the applications format of the lists less its `pec` column, so
 * the same field rules apply. It is read back through the lists' own applications parser (one place for the field
 * rules): each row gets a placeholder PEC, which no list prints.
 */
import type { Application as StoredApplication } from '#domain/kernel/application';
import { APPLICATIONS_HEADER } from '#domain/lists/files/applications';
import { readCsv } from '#domain/lists/files/csv';
import { applicationFields, byCodeUnits, csv } from '#domain/lists/export-files';
import { type Application, type Parsed, parseApplications } from '#domain/lists/records';

export const PUBLIC_APPLICATIONS_FILE = 'applications.csv';
export const PUBLIC_ALLOCATIONS_FILE = 'allocations.csv';

const PEC_COLUMN = APPLICATIONS_HEADER.indexOf('pec');
export const PUBLIC_APPLICATIONS_HEADER = APPLICATIONS_HEADER.filter((c) => c !== 'pec');
/** Stands in for the PEC the public table leaves out (`.invalid` is reserved: it can never be a real address). */
export const WITHHELD_PEC = 'riservata@pec.invalid';

/** The public applications table of the stored applications, by token (deterministic bytes). */
export function publicApplicationsCsv(applications: readonly StoredApplication[]): string {
  const rows = [...applications]
    .sort((a, b) => byCodeUnits(a.token, b.token))
    .map((a) => applicationFields(a).filter((_, column) => column !== PEC_COLUMN));
  return csv(PUBLIC_APPLICATIONS_HEADER, rows);
}

/**
 * Reads a public applications table into the lists' application records (PEC withheld). Problems name the physical
 * lines of the public file (the rows are re-read in the same layout with the PEC column put back).
 */
export function parsePublicApplications(text: string): Parsed<Application> {
  const rows: string[][] = [];
  const problems = readCsv(text, 'applications', PUBLIC_APPLICATIONS_HEADER, (fields) => {
    rows.push([...fields.slice(0, PEC_COLUMN), WITHHELD_PEC, ...fields.slice(PEC_COLUMN)]);
    return undefined;
  });
  if (problems.length > 0) return { ok: false, problems };
  const parsed = parseApplications(csv(APPLICATIONS_HEADER, rows));
  if (parsed.ok) return parsed;
  return { ok: false, problems: parsed.problems.filter((p) => p.column !== 'pec') };
}
