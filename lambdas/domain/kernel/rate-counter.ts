/** Counting requests in fixed windows: the shared counter's port, an in-memory one, and how sources are keyed. */
export interface RateCounter {
  /**
   * Counts one hit of `subject` under the limit `name` in the fixed window containing `at`; returns the count so far
   * in that window (including this hit). Atomic: concurrent hits never lose a count.
   */
  hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number>;
}

/**
 * A fixed-window rate counter in the memory of one function instance: for limits the edge already enforces globally
 * (per source address: WAF rate rules on AWS), where a write per request to a shared counter would cost more than the
 * protection it adds. Windows older than the current one are dropped as time moves on.
 */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, number>();
  private currentWindow = -1;

  async hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number> {
    const window = Math.floor(at.getTime() / 1000 / windowSeconds);
    if (window > this.currentWindow) {
      for (const key of this.windows.keys())
        if (Number(key.slice(0, key.indexOf('#'))) < window) this.windows.delete(key);
      this.currentWindow = window;
    }
    const key = `${window}#${windowSeconds}#${name}#${subject}`;
    const hits = (this.windows.get(key) ?? 0) + 1;
    this.windows.set(key, hits);
    return hits;
  }
}

/**
 * The key a caller's address is counted under, per source: IPv4 as is (also when IPv4-mapped), IPv6 as its /64 prefix
 * `2001:db8:0:1::/64` — the block one subscriber is normally given, so that cycling through one's own addresses does
 * not give fresh counters.
 */
export function sourceBlock(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1] as string;
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const prefix = groups.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}
