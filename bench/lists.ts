/**
 * `npm run bench -- lists [--sends N] [--runs R]`: `ops lists compute` end to end — process start to files written —
 * against DuckDB computing the same lists from the same CSV files (`bench/lists-duckdb.ts`, SQL in `bench/lists.sql`),
 * run alternately in one run so that both sides see the same machine load; then a realistic national click day
 * (55,000 applications) the same way. Each side's files are checked equal (the CSV lists; DuckDB writes no
 * `lists.json`). Reports wall time (median) and peak RSS (the child's `maxRSS`, measured by the kernel) per side.
 * Targets: Sportello's wall ≤ DuckDB's, peak RSS ≤ 1 GiB. A benchmark, never a timed test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateListsData, type ListsData } from './lists-data.ts';

const ROOT = resolve(__dirname, '..');

interface Run {
  wallMs: number;
  peakRssBytes: number;
}

/** One process, timed from spawn to exit; its peak RSS as the kernel counts it (the preload `bench/report-rss.cjs`). */
function timedProcess(args: string[], rssFile: string): Run {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', join(__dirname, 'report-rss.cjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NODE_NO_WARNINGS: '1' },
    maxBuffer: 1 << 24,
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  return { wallMs, peakRssBytes: Number(readFileSync(rssFile, 'utf8')) };
}

function sportello(data: ListsData, out: string, rssFile: string): Run {
  return timedProcess(
    [
      '--import',
      'tsx',
      'bin/ops.ts',
      'lists',
      'compute',
      '--applications',
      data.applications,
      '--sends',
      data.sends,
      '--allocations',
      data.allocations,
      '--annulments',
      data.annulments,
      '--out',
      out,
    ],
    rssFile,
  );
}

function duckdb(data: ListsData, out: string, rssFile: string): Run {
  return timedProcess(
    [
      '--import',
      'tsx',
      join('bench', 'lists-duckdb.ts'),
      data.applications,
      data.sends,
      data.allocations,
      data.annulments,
      out,
    ],
    rssFile,
  );
}

/** The CSV lists of both sides, byte for byte (DuckDB writes no `lists.json`). */
function sameLists(sportelloOut: string, duckdbOut: string): boolean {
  const ours = readdirSync(sportelloOut)
    .filter((n) => n.endsWith('.csv'))
    .sort();
  const theirs = readdirSync(duckdbOut).sort();
  if (ours.join() !== theirs.join()) return false;
  return ours.every((name) => readFileSync(join(sportelloOut, name)).equals(readFileSync(join(duckdbOut, name))));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
}

export async function main(args: string[]): Promise<void> {
  const sends = option(args, '--sends', 1_000_000);
  const runs = option(args, '--runs', 3);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const work = mkdtempSync(join(tmpdir(), 'sportello-bench-lists-'));
  try {
    out(
      `Lists benchmark: Node ${process.version}, ${runs} runs per side alternating, load average ${loadavg()[0]?.toFixed(1)} at the start`,
    );
    out('');
    out(
      '| data set | files | Sportello wall (median) | DuckDB wall (median) | Sportello / DuckDB | Sportello peak RSS | DuckDB peak RSS | same lists |',
    );
    out('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const [label, count] of [
      [`${(sends * 1.1).toLocaleString('en')} applications, ${sends.toLocaleString('en')} sends`, sends],
      ['national click day: 55,000 applications, 50,000 sends', 50_000],
    ] as const) {
      const dir = mkdtempSync(join(work, 'data-'));
      const data = generateListsData(dir, count);
      const megabytes = ['applications', 'sends', 'allocations', 'annulments']
        .map((name) => readFileSync(data[name as 'sends']).length)
        .reduce((a, b) => a + b, 0);
      const ours: Run[] = [];
      const theirs: Run[] = [];
      let same = true;
      for (let r = 0; r < runs; r++) {
        const [a, b] = [join(dir, `sportello-${r}`), join(dir, `duckdb-${r}`)];
        // Alternate which side goes first, so neither always runs on a warmer page cache.
        if (r % 2 === 0) {
          ours.push(sportello(data, a, join(dir, 'rss')));
          theirs.push(duckdb(data, b, join(dir, 'rss')));
        } else {
          theirs.push(duckdb(data, b, join(dir, 'rss')));
          ours.push(sportello(data, a, join(dir, 'rss')));
        }
        same &&= sameLists(a, b);
        rmSync(a, { recursive: true, force: true });
        rmSync(b, { recursive: true, force: true });
      }
      const wallOurs = median(ours.map((r) => r.wallMs));
      const wallTheirs = median(theirs.map((r) => r.wallMs));
      out(
        `| ${label} | ${mib(megabytes)} | ${seconds(wallOurs)} | ${seconds(wallTheirs)} | ${(wallOurs / wallTheirs).toFixed(2)} | ` +
          `${mib(Math.max(...ours.map((r) => r.peakRssBytes)))} | ${mib(Math.max(...theirs.map((r) => r.peakRssBytes)))} | ${same ? 'yes' : 'NO'} |`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
    out('');
    out(`Load average at the end: ${loadavg()[0]?.toFixed(1)}.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
