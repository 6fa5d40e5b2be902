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
