/**
 * One measurement of the ranking benchmark, in its own process so that phases do not share garbage or JIT state.
 * Prints one JSON line.
 *
 * Time: each repetition runs the bare `Float64Array` sort and then the measured work back to back, and the ratio is
 * taken per repetition (then the median), so that both sides see the same load on a shared machine. Wall time and
 * CPU time (`process.cpuUsage`, all threads of the process, so parallel GC work counts) are both reported.
 *
 * Peak heap: the V8 heap only shrinks at garbage collections, so its maximum over a run is the larger of the heap
 * just before each collection (recorded by `v8.GCProfiler`) and the heap at the end. V8's external memory is added
 * (typed-array backing stores live there): the figure is "JS heap + array buffers" at its highest point, input
 * data included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { computeLists, firstCriterionKey, type Resolution, rankIndexed } from '#domain/lists/ranking';
import { indexInput } from '#domain/lists/ranking/inputs';
import { decodeUtf8 } from '#domain/lists/files/csv';
import { type Parsed, parseAllocations, parseAnnulments, parseApplications, parseSends } from '#domain/lists/records';
import { generateRankingData, type RankingData, renderCsv } from './ranking-data.ts';

interface GcEvent {
  beforeGC: { heapStatistics: { usedHeapSize: number; externalMemory: number } };
}
interface Timing {
  wallMs: number;
  cpuMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function heapNow(): number {
  const stats = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
  return stats.used_heap_size + (stats.external_memory ?? 0);
}

function timed(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function peakHeap(run: () => void): { peakBytes: number; baseBytes: number } {
  gc();
  const baseBytes = heapNow();
  const profiler = new (
    v8 as unknown as { GCProfiler: new () => { start(): void; stop(): { statistics: GcEvent[] } } }
  ).GCProfiler();
  profiler.start();
  run();
  let peakBytes = heapNow();
  for (const event of profiler.stop().statistics) {
    const h = event.beforeGC.heapStatistics;
    peakBytes = Math.max(peakBytes, h.usedHeapSize + h.externalMemory);
  }
  return { peakBytes, baseBytes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function bareSort(count: number): Timing {
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = 1.7e12 + Math.floor(Math.random() * 3.6e6);
  return timed(() => keys.sort());
}

function compute(data: RankingData, resolution: Resolution): void {
  const outcome = computeLists(data, { edition: 'isi2024', resolution });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems.slice(0, 3)));
}

type CsvFiles = Record<keyof ReturnType<typeof renderCsv>, string>;

/** The four CSV texts written to files, as the operator gives them to `lists compute`. */
function writeCsvFiles(csv: ReturnType<typeof renderCsv>): { files: CsvFiles; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-ranking-bench-'));
  const files = {} as CsvFiles;
  for (const name of ['applications', 'sends', 'allocations', 'annulments'] as const) {
    files[name] = join(dir, `${name}.csv`);
    writeFileSync(files[name], csv[name]);
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Reads, decodes and parses one file as `lists compute` does (bytes, UTF-8 check, parse); the bytes and the text
 * are dropped once parsed, so only the records stay.
 */
function readAndParse<T>(
  path: string,
  file: 'applications' | 'sends' | 'allocations' | 'annulments',
  parse: (text: string) => Parsed<T>,
): Parsed<T> {
  const text = decodeUtf8(readFileSync(path), file);
  if (!text.ok) throw new Error(`bad benchmark CSV ${path}`);
  return parse(text.text);
}

function parseAndCompute(files: CsvFiles): void {
  const applications = readAndParse(files.applications, 'applications', parseApplications);
  const sends = readAndParse(files.sends, 'sends', parseSends);
  const allocations = readAndParse(files.allocations, 'allocations', parseAllocations);
  const annulments = readAndParse(files.annulments, 'annulments', parseAnnulments);
  if (!applications.ok || !sends.ok || !allocations.ok || !annulments.ok) throw new Error('bad benchmark CSV');
  const outcome = computeLists(
    {
      applications: applications.records,
      sends: sends.records,
      allocations: allocations.records,
      annulments: annulments.records,
    },
    { edition: 'isi2024', resolution: 'ms' },
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems.slice(0, 3)));
}

function main(): void {
  const [phase = 'compute', countText = '1000000', repeatText = '5'] = process.argv.slice(2);
  const count = Number(countText);
  const repeats = Number(repeatText);
  const data = generateRankingData(count);
  let cleanUp = () => undefined as void;
  const work: () => void =
    phase === 'parse'
      ? (() => {
          const { files, remove } = writeCsvFiles(renderCsv(data));
          cleanUp = remove;
          data.applications.length = 0;
          data.sends.length = 0;
          return () => parseAndCompute(files);
        })()
      : () => compute(data, phase === 'compute-s' ? 's' : 'ms');
  bareSort(count); // warm the sort too
  const sorts: Timing[] = [];
  const runs: Timing[] = [];
  const split: { index: Timing; rank: Timing }[] = [];
  for (let r = 0; r < repeats; r++) {
    gc();
    sorts.push(bareSort(count));
    gc();
    runs.push(timed(work));
    if (phase !== 'parse') {
      gc();
      let indexed: ReturnType<typeof indexInput> | undefined;
      const index = timed(() => {
        indexed = indexInput(
          data.applications,
          data.sends,
          data.allocations,
          data.annulments,
          firstCriterionKey('isi2024'), // as computeLists does
        );
      });
      const ready = indexed;
      if (!ready?.ok) throw new Error('bad benchmark data');
      const resolution: Resolution = phase === 'compute-s' ? 's' : 'ms';
      const rank = timed(() => rankIndexed(data.applications, ready.value, { edition: 'isi2024', resolution }));
      split.push({ index, rank });
    }
  }
  const memory = peakHeap(work);
  cleanUp();
  const pick = (timings: Timing[], key: keyof Timing) => median(timings.map((t) => t[key]));
  const ratio = (timings: Timing[], key: keyof Timing) =>
    median(timings.map((t, r) => t[key] / (sorts[r] as Timing)[key]));
  /** CPU time and ratio of one half of the computation (`indexInput` or `rankIndexed`), when timed apart. */
  const half = (which: 'index' | 'rank') => {
    if (!split.length) return null;
    const timings = split.map((s) => s[which]);
    return { cpuMs: pick(timings, 'cpuMs'), ratio: ratio(timings, 'cpuMs') };
  };
  const result = {
    phase,
    count,
    repeats,
    sort: { wallMs: pick(sorts, 'wallMs'), cpuMs: pick(sorts, 'cpuMs') },
    work: { wallMs: pick(runs, 'wallMs'), cpuMs: pick(runs, 'cpuMs') },
    ratio: { wall: ratio(runs, 'wallMs'), cpu: ratio(runs, 'cpuMs') },
    index: half('index'),
    rank: half('rank'),
    ...memory,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
