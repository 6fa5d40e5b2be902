/**
 * `outcomes.csv` (R22b): the documents outcome of each application in useful position, `PERFEZIONATA` (documents
 * sent in time) or `DECADUTA` (not sent, or withdrawn). Header `token,outcome`, or `token,outcome,decided_at,note`
 * with an optional instant and an optional note. A token twice is a bad row; whether the file names exactly the
 * applications in useful position is checked against the lists (`definitive.ts`).
 */
import type { OutcomeRow, Parsed } from '#domain/lists/records';
import { parseToken } from '#domain/kernel/token';
import { type CsvInput, type FieldProblem, readCsv, tokenOncePerFile } from './csv.ts';
import { instantWithOffset } from './fields.ts';

export const OUTCOMES_HEADER = ['token', 'outcome'] as const;
export const OUTCOMES_HEADER_FULL = ['token', 'outcome', 'decided_at', 'note'] as const;
const OUTCOMES = ['PERFEZIONATA', 'DECADUTA'] as const;

export function parseOutcomes(text: CsvInput): Parsed<OutcomeRow> {
  const records: OutcomeRow[] = [];
  const once = tokenOncePerFile((first) => `esito ripetuto per lo stesso codice: compare già alla riga ${first}`);
  const head = typeof text === 'string' ? text.slice(0, 64) : Buffer.from(text.subarray(0, 64)).toString('utf8');
  const full = head.replace(/^\uFEFF/, '').startsWith(OUTCOMES_HEADER_FULL.join(','));
  const problems = readCsv(text, 'outcomes', full ? OUTCOMES_HEADER_FULL : OUTCOMES_HEADER, (f, line) => {
    const found: FieldProblem[] = [];
    const token = parseToken(f[0] as string);
    const repeated = token.ok ? once(token.token, line) : { column: 'token', message: token.message };
    if (repeated) found.push(repeated);
    const outcome = (f[1] as string).trim();
    if (!(OUTCOMES as readonly string[]).includes(outcome))
      found.push({
        column: 'outcome',
        message: `esito non valido ${JSON.stringify(f[1])}: valori ammessi PERFEZIONATA, DECADUTA`,
      });
    const decidedAt = full && f[2] !== '' ? (f[2] as string) : null;
    const instant = decidedAt === null ? undefined : instantWithOffset(decidedAt);
    if (instant && !instant.ok) found.push({ column: 'decided_at', message: instant.message });
    if (found.length > 0 || !token.ok) return found;
    const note = full && (f[3] as string).trim() !== '' ? (f[3] as string) : null;
    records.push({ token: token.token, outcome: outcome as OutcomeRow['outcome'], decidedAt, note, line });
    return undefined;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
