/** `allocations.csv`: funds per region × axis; the same region × axis twice is a bad row. */
import { parseAxis, parseRegion } from '#domain/kernel/geography';
import { parseEuros } from '#domain/kernel/money';
import type { Allocation, Parsed } from '#domain/lists/records';
import { type CsvInput, type FieldProblem, readCsv } from './csv.ts';

export const ALLOCATIONS_HEADER = ['region', 'axis', 'allocation_eur'] as const;

export function parseAllocations(text: CsvInput): Parsed<Allocation> {
  const records: Allocation[] = [];
  const lineOfList = new Map<string, number>();
  const problems = readCsv(text, 'allocations', ALLOCATIONS_HEADER, (f, line) => {
    const found: FieldProblem[] = [];
    const region = parseRegion(f[0] as string);
    if (!region)
      found.push({ column: 'region', message: `regione o provincia autonoma sconosciuta ${JSON.stringify(f[0])}` });
    const axis = parseAxis(f[1] as string);
    if (!axis)
      found.push({
        column: 'axis',
        message: `asse sconosciuto ${JSON.stringify(f[1])}: valori ammessi 1.1, 1.2, 2, 3, 4, 5.1, 5.2`,
      });
    const amount = parseEuros(f[2] as string);
    if (!amount.ok) found.push({ column: 'allocation_eur', message: amount.message });
    if (region && axis) {
      const key = `${region}\u0000${axis}`;
      const first = lineOfList.get(key);
      if (first !== undefined) {
        found.push({
          column: 'axis',
          message: `stanziamento ripetuto per ${region}, asse ${axis}: compare già alla riga ${first}`,
        });
      } else lineOfList.set(key, line);
    }
    if (found.length > 0 || !region || !axis || !amount.ok) return found;
    records.push({ region, axis, allocationCents: amount.cents, line });
    return undefined;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}
