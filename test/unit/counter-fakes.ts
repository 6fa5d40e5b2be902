/** In-memory fakes of the counter's ports, with the same outcomes as the DynamoDB adapters. */
import type { ReceiptClaims } from '#domain/counter/ledger';
import type { CounterDeps, ReceiptSigner, SendEvents } from '#domain/counter/ports';
import type { Jwks } from '#domain/counter/signing';
import { SEND_ACCOUNT_LIMIT_NAME, SEND_WINDOW_SECONDS, SentReceipts } from '#domain/counter/send';
import type { Application } from '#domain/kernel/application';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { SendLedger, SendOutcome, SendRecord } from '#domain/counter/ledger';
import type { SessionRecord } from '#domain/accounts/session';
import type { RecordedSend } from '#domain/counter/send-event';
import { application } from '../support/applications.ts';
import { resolveTimetable, type Timetable } from '#domain/kernel/timetable';

export const SECRET = new Uint8Array(Buffer.from('counter-test-secret-of-32-bytes-at-least!'));
export const SUB = 'sub-1';
export const SESSION = 'session-1';

/** The counter's caller for an account: its verified access token's `jti` is `jti-<sub>` unless a test says otherwise. */
export const callerOf = (sub: string, tokenId = `jti-${sub}`) => ({ sub, tokenId });
export const M = {
  m1: Date.UTC(2026, 9, 1, 8),
  m2: Date.UTC(2026, 9, 2, 8),
  m3: Date.UTC(2026, 9, 20, 8),
  m4: Date.UTC(2026, 9, 26, 8),
  m5: Date.UTC(2026, 9, 26, 9),
  m6: Date.UTC(2026, 9, 26, 10),
};
export const TIMETABLE: Timetable = { moments: M, registrationCloses: M.m4 };

export function boundApplication(overrides: Partial<Application> = {}): Application {
  return {
    ...application({ pec: 'officine.rossi@pec.example.it' }),
    participant: { sub: SUB, email: 'luca@example.it', boundAt: '2026-10-03T10:00:00.000Z' },
    ...overrides,
  };
}

export class FakeLedger implements SendLedger {
  readonly records = new Map<string, SendRecord>();
  failWith: Error | undefined;
  constructor(private readonly apps: Map<string, Application>) {}

  async recordFirst(send: SendRecord, _deadlineMs?: number): Promise<SendOutcome> {
    if (this.failWith) throw this.failWith;
    const existing = this.records.get(send.token);
    if (existing) return { kind: 'already-sent', receipt: existing };
    const app = this.apps.get(send.token);
    if (!app) return { kind: 'refused', reason: 'unknown' };
    if (app.annulment) return { kind: 'refused', reason: 'annulled' };
    if (app.participant?.sub !== send.participantSub) return { kind: 'refused', reason: 'not-bound' };
    this.records.set(send.token, send);
    this.apps.set(send.token, { ...app, sentAt: send.arrivalTime, receiptId: send.receiptId });
    return { kind: 'recorded', receipt: send };
  }
  async get(token: string) {
    return this.records.get(token);
  }
  async listAll() {
    return [...this.records.values()];
  }
}

export class FakeRates implements RateCounter {
  readonly counts = new Map<string, number>();
  async hit(name: string, subject: string, windowSeconds: number, at: Date) {
    const window = Math.floor(at.getTime() / 1000 / windowSeconds);
    const key = `${name}#${subject}#${window}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }
}

/**
 * Signs with a fixed text so the tests see what was signed; the real signer has its own tests. `pending`: the receipt
 * key has no certificate yet (its root key's service is down), so it answers `null`.
 */
export class FakeSigner implements ReceiptSigner {
  readonly signed: ReceiptClaims[] = [];
  failWith: Error | undefined;
  pending = false;
  async sign(claims: ReceiptClaims) {
    if (this.failWith) throw this.failWith;
    if (this.pending) return null;
    this.signed.push(claims);
    return `jws(${claims.receiptId},${claims.token},${claims.arrivalTime})`;
  }
  async jwks(): Promise<Jwks> {
    return { keys: [] };
  }
}

export class FakeEvents implements SendEvents {
  readonly published: RecordedSend[] = [];
  failWith: Error | undefined;
  async publish(send: RecordedSend) {
    if (this.failWith) throw this.failWith;
    this.published.push(send);
  }
}

/**
 * Current sessions (R11). Every account has one by default — `SESSION` for `SUB`, `session-<sub>` otherwise — with the
 * token `jti-<sub>` and last used just now; a test replaces (`set`) or ends (`end`) it.
 */
export class FakeSessions {
  readonly records = new Map<string, SessionRecord | undefined>();
  readonly touched: { sub: string; sessionId: string; at: string }[] = [];
  failWith: Error | undefined;

  set(sub: string, session: Partial<SessionRecord>): void {
    this.records.set(sub, { ...this.defaultFor(sub), ...session });
  }
  end(sub: string): void {
    this.records.set(sub, undefined);
  }
  async current(_portal: string, sub: string): Promise<SessionRecord | undefined> {
    if (this.failWith) throw this.failWith;
    return this.records.has(sub) ? this.records.get(sub) : this.defaultFor(sub);
  }
  async touch(_portal: string, sub: string, sessionId: string, at: string): Promise<boolean> {
    this.touched.push({ sub, sessionId, at });
    return true;
  }
  private defaultFor(sub: string): SessionRecord {
    return {
      sessionId: sub === SUB ? SESSION : `session-${sub}`,
      startedAt: new Date(M.m5).toISOString(),
      lastSeenAt: new Date(M.m6).toISOString(),
      sourceIp: '203.0.113.7',
      tokenIds: [`jti-${sub}`],
    };
  }
}

export interface World extends CounterDeps {
  fakeSessions: FakeSessions;
  apps: Map<string, Application>;
  ledger: FakeLedger;
  rateCounter: FakeRates;
  fakeSigner: FakeSigner;
  fakeEvents: FakeEvents;
  timetables: Map<string, Timetable>;
  /** Allocations by `region#axis`. */
  allocations: Map<string, number>;
  warnings: string[];
}

export function world(apps: Application[] = [], timetables = new Map([['GLOBAL', TIMETABLE]])): World {
  const map = new Map(apps.map((a) => [a.token, a]));
  const ledger = new FakeLedger(map);
  const rateCounter = new FakeRates();
  const fakeSigner = new FakeSigner();
  const fakeEvents = new FakeEvents();
  const allocations = new Map<string, number>();
  const warnings: string[] = [];
  const fakeSessions = new FakeSessions();
  let n = 0;
  return {
    fakeSessions,
    sessions: fakeSessions,
    apps: map,
    ledger,
    rateCounter,
    fakeSigner,
    fakeEvents,
    timetables,
    allocations,
    warnings,
    reads: {
      forForm: async (bound, sub) => ({
        session: await fakeSessions.current('participant', sub),
        settings: {
          timetable: resolveTimetable(timetables, bound.region, bound.axis),
          allocationCents: allocations.get(`${bound.region}#${bound.axis}`),
        },
      }),
      forSend: async (bound, sub, atMs) => ({
        session: await fakeSessions.current('participant', sub),
        application: map.get(bound.token),
        settings: {
          timetable: resolveTimetable(timetables, bound.region, bound.axis),
          allocationCents: allocations.get(`${bound.region}#${bound.axis}`),
        },
        refusedAttempts:
          rateCounter.counts.get(
            `${SEND_ACCOUNT_LIMIT_NAME}#${sub}#${Math.floor(atMs / 1000 / SEND_WINDOW_SECONDS)}`,
          ) ?? 0,
      }),
    },
    participants: {
      applicationOf: async (sub) => {
        const app = [...map.values()].find((a) => a.participant?.sub === sub);
        return app && { token: app.token, region: app.region, axis: app.axis };
      },
    },
    config: {
      settingsFor: async (region, axis) => ({
        timetable: resolveTimetable(timetables, region, axis),
        allocationCents: allocations.get(`${region}#${axis}`),
      }),
      globalTimetable: async () => timetables.get('GLOBAL') ?? null,
    },
    listTotals: {
      requestedCents: async (region, axis) =>
        [...map.values()]
          .filter((a) => a.region === region && a.axis === axis)
          .reduce((t, a) => t + a.requestedCents, 0),
    },
    sends: ledger,
    sent: new SentReceipts(),
    accountRates: rateCounter,
    sourceRates: rateCounter,
    signer: fakeSigner,
    events: fakeEvents,
    formSecret: { load: async () => SECRET },
    newReceiptId: () => `R-${++n}`,
    log: { warn: (message) => warnings.push(message) },
  };
}
