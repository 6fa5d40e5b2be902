/**
 * The counter's clock as seen from the browser: `GET /sportello/status` gives `serverTime`; an edge cache may have
 * served that answer `Age` seconds after it was made (CONTRACT), and half the round trip is added as the one-way
 * delay. The offset is what the waiting room adds to `Date.now()` to count down to M5 on the server's time.
 */
import { call } from './api.ts';

export type Phase = 'BEFORE_REGISTRATION' | 'REGISTRATION' | 'PRE_COUNTER' | 'WAITING_ROOM' | 'OPEN' | 'CLOSED';

export interface Moments {
  m1: string;
  m2: string;
  m3: string;
  m4: string;
  m5: string;
  m6: string;
}

export interface CounterStatus {
  phase: Phase;
  serverTime: string;
  registrationCloses: string | null;
  moments: Moments | null;
}

export interface SyncedStatus {
  status: CounterStatus;
  /** Server time minus local time, ms. */
  offsetMs: number;
}

/** `scope`: the participant's region and axis, so that a timetable set for them (R2b) is the one counted down. */
export async function syncedStatus(scope: { region?: string; axis?: string } = {}): Promise<SyncedStatus> {
  const query = new URLSearchParams();
  if (scope.region) query.set('region', scope.region);
  if (scope.axis) query.set('axis', scope.axis);
  const path = query.size > 0 ? `/sportello/status?${query}` : '/sportello/status';
  const sent = performance.now();
  const answer = await call<CounterStatus>('GET', path);
  const received = performance.now();
  const ageSeconds = Number(answer.headers.get('age'));
  const age = Number.isFinite(ageSeconds) && ageSeconds > 0 ? ageSeconds * 1000 : 0;
  const serverNow = Date.parse(answer.body.serverTime) + age + (received - sent) / 2;
  return { status: answer.body, offsetMs: serverNow - Date.now() };
}

export const serverNow = (offsetMs: number) => Date.now() + offsetMs;

/**
 * The server's clock for a page that follows the timetable: `sync()` asks `GET /sportello/status` (for the scope of
 * the participant's application, R2b) and keeps its answer and the offset; `now()` is the server's time.
 */
export class ServerClock {
  offsetMs = 0;
  status: CounterStatus | undefined;

  constructor(public scope: { region?: string; axis?: string } = {}) {}

  async sync(): Promise<CounterStatus> {
    const synced = await syncedStatus(this.scope);
    this.offsetMs = synced.offsetMs;
    this.status = synced.status;
    return synced.status;
  }

  now(): number {
    return serverNow(this.offsetMs);
  }
}

/**
 * One 250 ms beat for the page's countdowns: `set` replaces what runs on each beat (the view on screen), so a view
 * that is replaced stops ticking.
 */
export class Ticker {
  private beat: ((nowMs: number) => void) | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly clock: { now(): number }) {}

  set(beat: ((nowMs: number) => void) | undefined): void {
    this.beat = beat;
    if (beat && !this.interval) this.interval = setInterval(() => this.beat?.(this.clock.now()), 250);
    if (!beat && this.interval) {
      clearInterval(this.interval);
      this.interval = undefined;
    }
    beat?.(this.clock.now());
  }
}

/** The Momenti as epoch ms, in order, with their names (Italian). */
export const MOMENT_NAMES: Record<keyof Moments, string> = {
  m1: 'indirizzi dei portali disponibili',
  m2: 'apertura delle registrazioni',
  m3: 'indirizzo dello sportello disponibile',
  m4: 'accesso allo sportello e sala di attesa',
  m5: 'apertura dello sportello: modulo di invio',
  m6: 'chiusura dello sportello',
};
export const MOMENT_KEYS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] as const;

/** The first Momento after `nowMs`, or undefined when all have passed. */
export function nextMoment(moments: Moments, nowMs: number): { key: keyof Moments; at: number } | undefined {
  for (const key of MOMENT_KEYS) {
    const at = Date.parse(moments[key]);
    if (at > nowMs) return { key, at };
  }
  return undefined;
}
