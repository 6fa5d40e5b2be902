/**
 * `npm run bench -- ranking [sends]`: chronological lists for 1,000,000 sends over 21 regions × 7 axes
 * (1.1 M applications), parse excluded and included, against a bare `Float64Array` sort of as many keys measured
 * in the same process, repetition by repetition. Targets: computation ≤ 3 × the bare sort, peak heap ≤ 1 GiB.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Timing {
  wallMs: number;
  cpuMs: number;
}
interface ChildResult {
  phase: string;
  count: number;
  repeats: number;
  sort: Timing;
  work: Timing;
  ratio: { wall: number; cpu: number };
  index: { cpuMs: number; ratio: number } | null;
  rank: { cpuMs: number; ratio: number } | null;
  peakBytes: number;
  baseBytes: number;
}

const PHASES: { phase: string; label: string; repeats: number }[] = [
  { phase: 'compute', label: 'computeLists, parse excluded, resolution ms', repeats: 5 },
  { phase: 'compute-s', label: 'computeLists, parse excluded, resolution s', repeats: 5 },
  { phase: 'parse', label: 'read and parse the 4 CSV files + computeLists, resolution ms', repeats: 1 },
];

function runChild(phase: string, count: number, repeats: number): ChildResult {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'ranking-child.ts'), phase, String(count), String(repeats)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`benchmark phase ${phase} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as ChildResult;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function main(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 1_000_000);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `Ranking benchmark: ${count.toLocaleString('en')} sends, ${Math.round(count * 1.1).toLocaleString('en')} applications, ` +
      `Node ${process.version}, load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
  out('');
  out(
    '| measurement | wall (median) | CPU (median) | bare sort wall / CPU | ratio wall | ratio CPU | peak heap | of which input |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { phase, label, repeats } of PHASES) {
    const r = runChild(phase, count, repeats);
    out(
      `| ${label} (${r.repeats} runs) | ${ms(r.work.wallMs)} | ${ms(r.work.cpuMs)} | ${ms(r.sort.wallMs)} / ${ms(r.sort.cpuMs)} | ` +
        `${r.ratio.wall.toFixed(2)} | ${r.ratio.cpu.toFixed(2)} | ${mib(r.peakBytes)} | ${mib(r.baseBytes)} |`,
    );
    if (r.index)
      out(`| ↳ token join and checks (indexInput) | | ${ms(r.index.cpuMs)} | | | ${r.index.ratio.toFixed(2)} | | |`);
    if (r.rank)
      out(`| ↳ ordering, cut, columns (rankIndexed) | | ${ms(r.rank.cpuMs)} | | | ${r.rank.ratio.toFixed(2)} | | |`);
  }
}
