/**
 * One measurement of the ranking benchmark, in its own process so that phases do not share garbage or JIT state.
 * Prints one JSON line: wall times (median of the repetitions) and peak heap.
 *
 * Peak heap: the V8 heap only shrinks at garbage collections, so its maximum over a run is the larger of the heap
 * just before each collection (recorded by `v8.GCProfiler`) and the heap at the end. We add V8's external memory
 * (typed-array backing stores live there), so the figure is "JS heap + array buffers" at its highest point.
 */
import v8 from 'node:v8';
import { computeLists, type Resolution } from '#domain/ranking';
import { parseAllocations, parseAnnulments, parseApplications, parseSends } from '#domain/records';
import { generateRankingData, renderCsv } from './rankingData.ts';

interface GcEvent {
  beforeGC: { heapStatistics: { usedHeapSize: number; externalMemory: number } };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function heapNow(): number {
  const stats = v8.getHeapStatistics() as v8.HeapInfo & { external_memory?: number };
  return stats.used_heap_size + (stats.external_memory ?? 0);
}

function measure(run: () => unknown): { ms: number; peakBytes: number; baseBytes: number } {
  gc();
  const baseBytes = heapNow();
  const profiler = new (
    v8 as unknown as { GCProfiler: new () => { start(): void; stop(): { statistics: GcEvent[] } } }
  ).GCProfiler();
  profiler.start();
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  let peakBytes = heapNow();
  for (const event of profiler.stop().statistics) {
    const h = event.beforeGC.heapStatistics;
    peakBytes = Math.max(peakBytes, h.usedHeapSize + h.externalMemory);
  }
  void result;
  return { ms, peakBytes, baseBytes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function bareSort(count: number): number {
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = 1.7e12 + Math.floor(Math.random() * 3.6e6);
  const start = performance.now();
  keys.sort();
  return performance.now() - start;
}

function main(): void {
  const [phase = 'compute', countText = '1000000', repeatText = '3'] = process.argv.slice(2);
  const count = Number(countText);
  const repeats = Number(repeatText);
  const data = generateRankingData(count);
  const sortMs = median(Array.from({ length: 5 }, () => bareSort(count)));
  const runs: ReturnType<typeof measure>[] = [];
  if (phase === 'compute' || phase === 'compute-s') {
    const resolution: Resolution = phase === 'compute' ? 'ms' : 's';
    for (let r = 0; r < repeats; r++) {
      runs.push(
        measure(() => {
          const outcome = computeLists(data, { edition: 'isi2024', resolution });
          if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems.slice(0, 3)));
          return outcome;
        }),
      );
    }
  } else if (phase === 'parse') {
    const csv = renderCsv(data);
    data.applications.length = 0;
    data.sends.length = 0;
    for (let r = 0; r < repeats; r++) {
      runs.push(
        measure(() => {
          const applications = parseApplications(csv.applications);
          const sends = parseSends(csv.sends);
          const allocations = parseAllocations(csv.allocations);
          const annulments = parseAnnulments(csv.annulments);
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
          return outcome;
        }),
      );
    }
  } else throw new Error(`unknown phase ${phase}`);
  const result = {
    phase,
    count,
    sortMs,
    ms: median(runs.map((r) => r.ms)),
    peakBytes: Math.max(...runs.map((r) => r.peakBytes)),
    baseBytes: Math.min(...runs.map((r) => r.baseBytes)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
