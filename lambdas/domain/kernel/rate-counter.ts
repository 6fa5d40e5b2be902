/**
 * A fixed-window rate counter in the memory of one function instance: for limits the edge already enforces globally
 * (per source address: WAF rate rules on AWS), where a write per request to a shared counter would cost more than the
 * protection it adds. Windows older than the current one are dropped as time moves on.
 */
export interface RateCounter {
  /**
   * Counts one hit of `subject` under the limit `name` in the fixed window containing `at`; returns the count so far
   * in that window (including this hit). Atomic: concurrent hits never lose a count.
   */
  hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number>;
}

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
