/**
 * `npm run bench -- <name>`: runs one benchmark. Each lives in its own module and prints a Markdown table ready for
 * docs/benchmarks.md. Speed targets are checked here, never by timed assertions in tests.
 */
const benchmarks: Record<string, () => Promise<void>> = {
  ranking: async () => (await import('./ranking.ts')).main(process.argv.slice(3)),
  clickday: async () => (await import('./clickday.ts')).main(process.argv.slice(3)),
  lists: async () => (await import('./lists.ts')).main(process.argv.slice(3)),
};

const requested = process.argv[2];
const run = requested === undefined ? undefined : benchmarks[requested];
if (!run) {
  process.stderr.write(`Uso: npm run bench -- <${Object.keys(benchmarks).join('|')}>\n`);
  process.exit(1);
}
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
