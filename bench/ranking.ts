/**
 * `npm run bench -- ranking [sends]`: lists for 1,000,000 sends over 21 regions × 7 axes (1.1 M applications),
 * parse excluded and included, against a bare `Float64Array` sort of as many keys measured in the same process.
 * Targets: computation ≤ 3 × the bare sort, peak heap ≤ 1 GiB.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface ChildResult {
  phase: string;
  count: number;
  sortMs: number;
  ms: number;
  peakBytes: number;
  baseBytes: number;
}

const PHASES: { phase: string; label: string; repeats: number }[] = [
  { phase: 'compute', label: 'ranking, parse excluded (resolution ms)', repeats: 3 },
  { phase: 'compute-s', label: 'ranking, parse excluded (resolution s)', repeats: 3 },
  { phase: 'parse', label: 'parse 4 CSV files + ranking (resolution ms)', repeats: 1 },
];

function runChild(phase: string, count: number, repeats: number): ChildResult {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'rankingChild.ts'), phase, String(count), String(repeats)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`benchmark phase ${phase} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as ChildResult;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function main(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 1_000_000);
  process.stdout.write(
    `Ranking benchmark: ${count.toLocaleString('en')} sends, ${Math.round(count * 1.1).toLocaleString('en')} applications, Node ${process.version}\n\n`,
  );
  process.stdout.write(
    '| measurement | wall time | bare Float64Array sort (same process) | ratio | peak heap (JS + array buffers) | of which input data |\n',
  );
  process.stdout.write('|---|---:|---:|---:|---:|---:|\n');
  for (const { phase, label, repeats } of PHASES) {
    const r = runChild(phase, count, repeats);
    process.stdout.write(
      `| ${label} | ${r.ms.toFixed(0)} ms | ${r.sortMs.toFixed(0)} ms | ${(r.ms / r.sortMs).toFixed(2)} | ${mib(r.peakBytes)} | ${mib(r.baseBytes)} |\n`,
    );
  }
}
