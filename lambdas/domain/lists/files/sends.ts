/** `sends.csv`: the first valid send of each token with its arrival instant; a token twice is a bad row. */
import type { Parsed, Send } from '#domain/lists/records';
import { parseToken } from '#domain/kernel/token';
import { type CsvInput, type FieldProblem, inFileOrder, readCsv, repeatedTokens } from './csv.ts';
import { utcMillisInstant } from './fields.ts';

export const SENDS_HEADER = ['token', 'arrival_at'] as const;

export function parseSends(text: CsvInput): Parsed<Send> {
  const records: Send[] = [];
  const seenTokens: string[] = [];
  const seenLines: number[] = [];
  const problems = readCsv(text, 'sends', SENDS_HEADER, (f, line) => {
    const found: FieldProblem[] = [];
    const token = parseToken(f[0] as string);
    if (!token.ok) found.push({ column: 'token', message: token.message });
    else {
      seenTokens.push(token.token);
      seenLines.push(line);
    }
    const arrival = utcMillisInstant(f[1] as string);
    if (!arrival.ok) found.push({ column: 'arrival_at', message: arrival.message });
    if (found.length > 0 || !token.ok || !arrival.ok) return found;
    records.push({ token: token.token, arrivalMs: arrival.value, line });
    return undefined;
  });
  const repeated = repeatedTokens(
    'sends',
    seenTokens,
    seenLines,
    (first) => `invio ripetuto per lo stesso codice: compare già alla riga ${first}`,
  );
  if (repeated.length > 0) return { ok: false, problems: inFileOrder([...problems, ...repeated], SENDS_HEADER) };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
