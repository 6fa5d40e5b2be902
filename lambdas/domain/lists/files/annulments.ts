/** `annulments.csv`: the operator's annulments (R19) with reason and instant; a token twice is a bad row. */
import type { Annulment, Parsed } from '#domain/lists/records';
import { parseToken } from '#domain/kernel/token';
import { type CsvInput, type FieldProblem, readCsv, tokenOncePerFile } from './csv.ts';
import { instantWithOffset, requiredText } from './fields.ts';

export const ANNULMENTS_HEADER = ['token', 'reason', 'annulled_at'] as const;

export function parseAnnulments(text: CsvInput): Parsed<Annulment> {
  const records: Annulment[] = [];
  const once = tokenOncePerFile(
    (first) => `annullamento ripetuto per lo stesso codice: compare già alla riga ${first}`,
  );
  const problems = readCsv(text, 'annulments', ANNULMENTS_HEADER, (f, line) => {
    const found: FieldProblem[] = [];
    const token = parseToken(f[0] as string);
    const repeated = token.ok ? once(token.token, line) : { column: 'token', message: token.message };
    if (repeated) found.push(repeated);
    const reason = requiredText(f[1] as string, 'motivo dell\u2019annullamento');
    if (!reason.ok) found.push({ column: 'reason', message: reason.message });
    const annulledAt = instantWithOffset(f[2] as string);
    if (!annulledAt.ok) found.push({ column: 'annulled_at', message: annulledAt.message });
    if (found.length > 0 || !token.ok || !reason.ok || !annulledAt.ok) return found;
    records.push({
      token: token.token,
      reason: reason.value,
      annulledAt: f[2] as string,
      annulledAtMs: annulledAt.value.ms,
      line,
    });
    return undefined;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
