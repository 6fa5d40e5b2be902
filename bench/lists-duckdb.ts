/**
 * The DuckDB side of the lists benchmark, as its own process (so that its wall time runs from process start to files
 * written, as `ops lists compute`'s does): reads the same four CSV files with `bench/lists.sql`, then writes one CSV
 * per list (`{region-slug}_{axis}.csv`, the CONTRACT columns) with DuckDB's own CSV writer.
 *
 * Usage: tsx bench/lists-duckdb.ts <applications> <sends> <allocations> <annulments> <out-dir>
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { slug } from '#domain/kernel/geography';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function main(): Promise<void> {
  const [applications, sends, allocations, annulments, out] = process.argv.slice(2);
  if (!applications || !sends || !allocations || !annulments || !out) throw new Error('five arguments expected');
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  for (const [name, path] of Object.entries({ applications, sends, allocations, annulments })) {
    await db.run(`SET VARIABLE ${name} = ${quote(path)}`);
  }
  await db.run(readFileSync(join(__dirname, 'lists.sql'), 'utf8'));
  mkdirSync(out, { recursive: true });
  const lists = await db.runAndReadAll('SELECT DISTINCT region, axis FROM list_rows ORDER BY region, axis');
  for (const [region, axis] of lists.getRows() as [string, string][]) {
    const file = join(out, `${slug(region)}_${axis}.csv`);
    await db.run(
      `COPY (SELECT position, token, company_name, arrival_at, requested_eur, cumulative_eur, status, decided_by
             FROM list_rows WHERE region = ${quote(region)} AND axis = ${quote(axis)} ORDER BY ord)
       TO ${quote(file)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NEW_LINE '\n')`,
    );
  }
  db.closeSync();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
