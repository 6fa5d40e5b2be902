/**
 * CPU time of a process tree, read from Linux `/proc` (user + system, all threads, including children that have
 * exited and been waited for). The click-day benchmark uses it to say where the machine's CPU went per participant:
 * DynamoDB Local's JVM, the gateway and its handlers, the consumer, the other emulators, the benchmark's own client.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcessFacts {
  pid: number;
  ppid: number;
  cpuMs: number;
  cmdline: string;
}

function facts(pid: number): ProcessFacts | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { pid, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND, cmdline };
  } catch {
    return undefined; // ended while being read
  }
}

/** `root` and every descendant, by their labels (the first matching rule; `other` when none matches). */
export function cpuByLabel(root: number, label: (cmdline: string, isRoot: boolean) => string): Map<string, number> {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => facts(Number(entry)) ?? []);
  const children = new Map<number, ProcessFacts[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out = new Map<string, number>();
  const visit = (p: ProcessFacts, isRoot: boolean) => {
    const name = label(p.cmdline, isRoot);
    out.set(name, (out.get(name) ?? 0) + p.cpuMs);
    for (const child of children.get(p.pid) ?? []) visit(child, false);
  };
  const top = all.find((p) => p.pid === root);
  if (top) visit(top, true);
  return out;
}

/** What each label spent between two readings. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
