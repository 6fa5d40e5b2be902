/**
 * Preloaded by the lists benchmark in each process it times: at exit, writes the process's peak resident set size
 * (bytes, from `getrusage`, the kernel's own figure) to the file named by BENCH_RSS_FILE.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node -r), loaded before any ESM
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
