/** `applications.csv`: one application per row; a token twice is a bad row. */
import { parseAxis } from '#domain/kernel/geography';
import { parseEuros } from '#domain/kernel/money';
import type { Application, Parsed, RankedApplication } from '#domain/lists/records';
import { parseToken } from '#domain/kernel/token';
import { type CsvInput, type FieldProblem, inFileOrder, readCsv, repeatedTokens } from './csv.ts';
import {
  booleanFlag,
  cachedRegions,
  calendarDate,
  companyName as companyNameField,
  count,
  instantWithOffset,
  pecAddress,
} from './fields.ts';

export const APPLICATIONS_HEADER = [
  'token',
  'company_name',
  'pec',
  'region',
  'axis',
  'requested_eur',
  'project_eur',
  'registered_at',
  'cciaa_date',
  'legality_rating',
  'workers',
] as const;

/** Every field of every row, as `import applications` stores them. */
export function parseApplications(text: CsvInput): Parsed<Application> {
  return parse(text, (fields, record) => ({
    ...record,
    pec: fields.pec,
    registeredAt: fields.registeredAt,
  }));
}

/**
 * What the lists read (`RankedApplication`): every field checked the same, but the PEC and the registration instant
 * as written are not kept — on a million rows that is a hundred megabytes the computation never reads.
 */
export function parseRankedApplications(text: CsvInput): Parsed<RankedApplication> {
  return parse(text, (_fields, record) => record);
}

function parse<T>(
  text: CsvInput,
  make: (kept: { pec: string; registeredAt: string }, record: RankedApplication) => T,
): Parsed<T> {
  const records: T[] = [];
  const seenTokens: string[] = [];
  const seenLines: number[] = [];
  const regionOf = cachedRegions();
  // A few thousand distinct dates over a million rows: one string each.
  const dates = new Map<string, string>();
  // One array of problems per row, and no closure made per row (a million rows).
  let found: FieldProblem[] = [];
  const bad = (column: string, message: string) => found.push({ column, message });
  const problems = readCsv(text, 'applications', APPLICATIONS_HEADER, (f, line) => {
    if (found.length > 0) found = [];
    const token = parseToken(f[0] as string);
    if (!token.ok) bad('token', token.message);
    if (token.ok) {
      seenTokens.push(token.token);
      seenLines.push(line);
    }
    const companyName = companyNameField(f[1] as string);
    if (!companyName.ok) bad('company_name', companyName.message);
    const pec = pecAddress(f[2] as string);
    if (!pec.ok) bad('pec', pec.message);
    const region = regionOf(f[3] as string);
    if (!region) bad('region', `regione o provincia autonoma sconosciuta ${JSON.stringify(f[3])}`);
    const axis = parseAxis(f[4] as string);
    if (!axis) bad('axis', `asse sconosciuto ${JSON.stringify(f[4])}: valori ammessi 1.1, 1.2, 2, 3, 4, 5.1, 5.2`);
    const requested = parseEuros(f[5] as string);
    if (!requested.ok) bad('requested_eur', requested.message);
    const project = parseEuros(f[6] as string);
    if (!project.ok) bad('project_eur', project.message);
    const registered = instantWithOffset(f[7] as string);
    if (!registered.ok) bad('registered_at', registered.message);
    const cciaa = calendarDate(f[8] as string);
    if (!cciaa.ok) bad('cciaa_date', cciaa.message);
    const legality = booleanFlag(f[9] as string);
    if (!legality.ok) bad('legality_rating', legality.message);
    const workers = count(f[10] as string);
    if (!workers.ok) bad('workers', workers.message);
    if (found.length > 0) return found;
    if (!(token.ok && companyName.ok && pec.ok && region && axis && requested.ok && project.ok)) return found;
    if (!(registered.ok && cciaa.ok && legality.ok && workers.ok)) return found;
    let cciaaDate = dates.get(cciaa.value);
    if (cciaaDate === undefined) dates.set(cciaa.value, (cciaaDate = cciaa.value));
    records.push(
      make(
        { pec: pec.value, registeredAt: f[7] as string },
        {
          token: token.token,
          companyName: companyName.value,
          region,
          axis,
          requestedCents: requested.cents,
          projectCents: project.cents,
          registeredAtMs: registered.value.ms,
          registeredAtNanos: registered.value.nanos,
          cciaaDate,
          legalityRating: legality.value,
          workers: workers.value,
          line,
        },
      ),
    );
    return undefined;
  });
  const repeated = repeatedTokens(
    'applications',
    seenTokens,
    seenLines,
    (first) => `codice identificativo ripetuto: compare già alla riga ${first}`,
  );
  if (repeated.length > 0) return { ok: false, problems: inFileOrder([...problems, ...repeated], APPLICATIONS_HEADER) };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
