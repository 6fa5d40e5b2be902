/**
 * In-memory implementations of every port the accounts use cases need (no jest.mock): a fake identity provider
 * that behaves like a Cognito pool with optional MFA (codes readable by the test, as the outbox makes them
 * readable in the local cloud), and plain maps for the stores. Conditional writes are honoured, so races between
 * concurrent calls resolve exactly as they do against DynamoDB.
 */
import type {
  Account,
  AccountsDeps,
  ChallengeAnswer,
  CodeOutcome,
  IdentityProvider,
  IssuedTokens,
  PasswordLogin,
  PendingLogin,
  Person,
  RefreshBinding,
  FormerParticipant,
  Registration,
  SignUpOutcome,
} from '#domain/accounts/ports';
import type { Allocation, ScopedTimetable } from '#domain/kernel/config';
import type {
  Application,
  ApplicationData,
  BindOutcome,
  ParticipantBinding,
  UnbindOutcome,
} from '#domain/kernel/application';
import type { AuditEntry, AuditRecord } from '#domain/kernel/audit';
import type { Claim, ClaimKey, ClaimOutcome } from '#domain/accounts/claims';
import type { LockoutState, Versioned } from '#domain/accounts/lockout';
import type { SessionRecord } from '#domain/accounts/session';
import type { Notice } from '#domain/kernel/notification';
import { scopeKey, type Timetable } from '#domain/kernel/timetable';
import type { Portal } from '#catalogue/resources';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface FakeUser {
  sub: string;
  person: Person;
  confirmed: boolean;
  signUpCode?: string;
  phone?: string;
  phoneVerified: boolean;
  smsMfa: boolean;
  mfaCode?: string;
  resetCode?: string;
  createdAt: Date;
}

export class FakeIdentity implements IdentityProvider {
  readonly users: Record<Portal, Map<string, FakeUser>> = { participant: new Map(), admin: new Map() };
  /** Every code sent, newest last: `{to, code}` like the outbox. */
  readonly sent: { to: string; code: string; kind: string }[] = [];
  readonly refreshTokens = new Map<string, { portal: Portal; sub: string }>();
  /** Set to make the next password check fail as the provider's own throttle would. */
  throttle = false;
  private n = 0;

  constructor(private readonly clock: { now(): Date }) {}

  lastCode(to: string): string {
    const found = [...this.sent].reverse().find((m) => m.to === to);
    if (!found) throw new Error(`no code sent to ${to}`);
    return found.code;
  }

  private code(to: string, kind: string): string {
    this.n++;
    const code = String(100000 + ((this.n * 7919) % 900000));
    this.sent.push({ to, code, kind });
    return code;
  }

  private find(portal: Portal, username: string): FakeUser | undefined {
    const pool = this.users[portal];
    return pool.get(username.toLowerCase()) ?? [...pool.values()].find((u) => u.sub === username);
  }

  private tokens(portal: Portal, user: FakeUser, withRefresh: boolean): IssuedTokens {
    this.n++;
    const refreshToken = withRefresh ? `refresh-${user.sub}-${this.n}` : undefined;
    if (refreshToken) this.refreshTokens.set(refreshToken, { portal, sub: user.sub });
    return {
      accessToken: `access-${portal}-${user.sub}-${this.n}`,
      idToken: `id-${user.sub}-${this.n}`,
      refreshToken,
      expiresIn: 3600,
      sub: user.sub,
      tokenId: `jti-${this.n}`,
    };
  }

  private byAccessToken(accessToken: string): FakeUser {
    const [, portal, sub] = /^access-(participant|admin)-(.+)-\d+$/.exec(accessToken) ?? [];
    const user = portal && sub ? this.find(portal as Portal, sub) : undefined;
    if (!user) throw new Error('invalid access token');
    return user;
  }

  async signUp(portal: Portal, person: Person): Promise<SignUpOutcome> {
    await tick();
    const pool = this.users[portal];
    if (pool.has(person.email)) return { kind: 'EXISTS' };
    this.n++;
    const user: FakeUser = {
      sub: `sub-${portal}-${this.n}`,
      person,
      confirmed: false,
      phoneVerified: false,
      smsMfa: false,
      createdAt: this.clock.now(),
    };
    user.signUpCode = this.code(person.email, 'SignUp');
    pool.set(person.email, user);
    return { kind: 'CREATED', sub: user.sub };
  }

  async confirmSignUp(portal: Portal, email: string, code: string): Promise<CodeOutcome> {
    const user = this.find(portal, email);
    if (!user) return 'UNKNOWN';
    if (user.signUpCode !== code) return 'WRONG_CODE';
    user.confirmed = true;
    user.signUpCode = undefined;
    return 'OK';
  }

  async resendSignUpCode(portal: Portal, email: string): Promise<'SENT' | 'UNKNOWN'> {
    const user = this.find(portal, email);
    if (!user || user.confirmed) return 'UNKNOWN';
    user.signUpCode = this.code(email, 'ResendCode');
    return 'SENT';
  }

  async passwordLogin(portal: Portal, email: string, password: string): Promise<PasswordLogin> {
    if (this.throttle) {
      const { refuse } = await import('#domain/accounts/refusal');
      throw refuse.rateLimited(1);
    }
    const user = this.find(portal, email);
    if (!user || user.person.password !== password) return { kind: 'BAD_CREDENTIALS' };
    if (!user.confirmed) return { kind: 'NOT_CONFIRMED' };
    if (!user.smsMfa || !user.phone) return { kind: 'TOKENS', tokens: this.tokens(portal, user, true) };
    user.mfaCode = this.code(user.phone, 'Authentication');
    return { kind: 'SMS_MFA', challengeSession: `challenge-${this.n}`, username: user.sub };
  }

  async answerSmsChallenge(portal: Portal, username: string, _s: string, code: string): Promise<ChallengeAnswer> {
    const user = this.find(portal, username);
    if (!user?.mfaCode) return { kind: 'ENDED' };
    if (user.mfaCode !== code) return { kind: 'WRONG_CODE' };
    user.mfaCode = undefined;
    return { kind: 'TOKENS', tokens: this.tokens(portal, user, true) };
  }

  async enrolPhone(portal: Portal, sub: string, phone: string): Promise<void> {
    const user = this.find(portal, sub);
    if (!user) throw new Error('no such account');
    user.phone = phone;
    user.phoneVerified = true;
    user.smsMfa = true;
  }

  /** Refresh tokens revoked so far (logout, newer login, new password). */
  readonly revoked: string[] = [];

  async revoke(_portal: Portal, refreshToken: string): Promise<boolean> {
    this.revoked.push(refreshToken);
    return this.refreshTokens.delete(refreshToken);
  }

  async refresh(portal: Portal, sub: string, refreshToken: string): Promise<IssuedTokens | undefined> {
    const known = this.refreshTokens.get(refreshToken);
    const user = this.find(portal, sub);
    if (!known || known.sub !== sub || !user) return undefined;
    const { refreshToken: _, ...tokens } = this.tokens(portal, user, false);
    return tokens;
  }

  async forgotPassword(portal: Portal, email: string): Promise<void> {
    const user = this.find(portal, email);
    if (user?.confirmed) user.resetCode = this.code(email, 'ForgotPassword');
  }

  async confirmForgotPassword(portal: Portal, email: string, code: string, password: string): Promise<CodeOutcome> {
    const user = this.find(portal, email);
    if (!user) return 'UNKNOWN';
    if (!user.resetCode || user.resetCode !== code) return 'WRONG_CODE';
    user.person = { ...user.person, password };
    user.resetCode = undefined;
    return 'OK';
  }

  async getAccount(portal: Portal, username: string): Promise<Account | undefined> {
    const user = this.find(portal, username);
    if (!user) return undefined;
    return {
      sub: user.sub,
      email: user.person.email,
      firstName: user.person.firstName,
      lastName: user.person.lastName,
      phone: user.phone,
      phoneVerified: user.phoneVerified,
      smsMfa: user.smsMfa,
      confirmed: user.confirmed,
      createdAt: user.createdAt,
    };
  }

  async deleteAccount(portal: Portal, username: string): Promise<boolean> {
    const user = this.find(portal, username);
    if (!user) return false;
    this.users[portal].delete(user.person.email);
    return true;
  }

  async listUnconfirmed(portal: Portal, before: Date): Promise<Account[]> {
    const found = [...this.users[portal].values()].filter((u) => !u.confirmed && u.createdAt < before);
    return Promise.all(found.map((u) => this.getAccount(portal, u.sub) as Promise<Account>));
  }
}

export class FakeApplications {
  readonly items = new Map<string, Application>();
  add(...apps: ApplicationData[]) {
    for (const app of apps) this.items.set(app.token, { ...app });
  }
  async get(token: string) {
    await tick();
    const app = this.items.get(token);
    return app ? structuredClone(app) : undefined;
  }
  async listByPec(pec: string) {
    return [...this.items.values()].filter((a) => a.pec.toLowerCase() === pec.toLowerCase()).map((a) => ({ ...a }));
  }
  async listAll() {
    return [...this.items.values()].map((a) => ({ ...a }));
  }
  async importMany(): Promise<{ written: number; refused: string[] }> {
    throw new Error('not used');
  }
  async bindParticipant(token: string, participant: ParticipantBinding): Promise<BindOutcome> {
    const app = this.items.get(token);
    if (!app) return 'unknown';
    if (app.sentAt) return 'sent';
    if (app.annulment) return 'annulled';
    if (app.participant && app.participant.sub !== participant.sub) return 'taken';
    app.participant = participant;
    return 'bound';
  }
  async unbindParticipant(token: string, sub?: string): Promise<UnbindOutcome> {
    const app = this.items.get(token);
    if (!app) return 'unknown';
    if (app.sentAt) return 'sent';
    if (!app.participant || (sub && app.participant.sub !== sub)) return 'not-bound';
    delete app.participant;
    return 'unbound';
  }
  async annul(): Promise<never> {
    throw new Error('not used');
  }
}

export class FakeClaims {
  readonly items = new Map<string, { owner: string; claimedAt: string; expiresAt?: number }>();
  private live(key: string, at: Date) {
    const item = this.items.get(key);
    return item && (item.expiresAt === undefined || item.expiresAt > at.getTime()) ? item : undefined;
  }
  async claim(key: ClaimKey, owner: string, at: Date, expiresAt?: Date): Promise<ClaimOutcome> {
    await tick();
    const held = this.live(key, at);
    if (held && held.owner !== owner) return { won: false, heldBy: held.owner };
    this.items.set(key, {
      owner,
      claimedAt: at.toISOString(),
      ...(expiresAt ? { expiresAt: expiresAt.getTime() } : {}),
    });
    return { won: true };
  }
  async confirm(key: ClaimKey, owner: string, at: Date) {
    const held = this.live(key, at);
    if (!held || held.owner !== owner) return false;
    delete held.expiresAt;
    return true;
  }
  async release(key: ClaimKey, owner: string) {
    if (this.items.get(key)?.owner !== owner) return false;
    this.items.delete(key);
    return true;
  }
  async get(key: ClaimKey, at: Date): Promise<Claim | undefined> {
    const held = this.live(key, at);
    return held ? { key, owner: held.owner, claimedAt: held.claimedAt } : undefined;
  }
}

export class FakeConfig {
  readonly timetableMap = new Map<string, Timetable>();
  allocationRows: Allocation[] = [];
  setGlobal(timetable: Timetable) {
    this.timetableMap.set(scopeKey({}), timetable);
  }
  async timetables() {
    return new Map(this.timetableMap);
  }
  async timetablesFor(keys: readonly string[]) {
    return new Map([...this.timetableMap].filter(([k]) => keys.includes(k)));
  }
  async setTimetable(scope: ScopedTimetable['scope'], timetable: Timetable) {
    this.timetableMap.set(scopeKey(scope), timetable);
  }
  async removeTimetable() {}
  async allocations() {
    return this.allocationRows;
  }
  async replaceAllocations(rows: readonly Allocation[]) {
    this.allocationRows = [...rows];
  }
  async edition() {
    return undefined;
  }
  async setEdition() {}
}

export class FakeLockouts {
  readonly items = new Map<string, Versioned<LockoutState>>();
  private key = (p: Portal, a: string, s: string) => `${p}#${a.toLowerCase()}#${s}`;
  async read(p: Portal, a: string, s: string) {
    await tick();
    const v = this.items.get(this.key(p, a, s));
    return v ? structuredClone(v) : undefined;
  }
  async write(p: Portal, a: string, s: string, state: LockoutState, expected: number | undefined) {
    await tick();
    const k = this.key(p, a, s);
    if (this.items.get(k)?.version !== expected) return false;
    this.items.set(k, { value: { ...state }, version: (expected ?? 0) + 1 });
    return true;
  }
  async clear(p: Portal, a: string) {
    for (const k of [...this.items.keys()]) if (k.startsWith(`${p}#${a.toLowerCase()}#`)) this.items.delete(k);
  }
}

export class FakeSignIns {
  readonly known = new Set<string>();
  readonly guards = new Map<string, { unknownAttempts: number; failures: number; lastFailureAt: number }>();
  private key = (p: Portal, a: string) => `${p}#${a.toLowerCase()}`;
  private guard(p: Portal, a: string) {
    const k = this.key(p, a);
    const g = this.guards.get(k) ?? { unknownAttempts: 0, failures: 0, lastFailureAt: 0 };
    this.guards.set(k, g);
    return g;
  }
  async isKnown(p: Portal, a: string, source: string) {
    return this.known.has(`${this.key(p, a)}#${source}`);
  }
  async remember(p: Portal, a: string, source: string) {
    this.known.add(`${this.key(p, a)}#${source}`);
  }
  async reserveUnknown(p: Portal, a: string, max: number) {
    await tick();
    const g = this.guard(p, a);
    if (g.unknownAttempts >= max) return false;
    g.unknownAttempts++;
    return true;
  }
  async countFailure(p: Portal, a: string, at: Date, _expires: Date, restart: boolean) {
    const g = this.guard(p, a);
    g.failures = restart ? 1 : g.failures + 1;
    g.lastFailureAt = at.getTime();
    return { failures: g.failures, lastFailureAt: g.lastFailureAt };
  }
  async failures(p: Portal, a: string) {
    const g = this.guards.get(this.key(p, a));
    return g && g.failures > 0 ? { failures: g.failures, lastFailureAt: g.lastFailureAt } : undefined;
  }
  async clear(p: Portal, a: string) {
    this.guards.delete(this.key(p, a));
  }
}

export class FakeCodeTries {
  readonly tries = new Map<string, number>();
  async wrongSoFar(purpose: string, p: Portal, a: string) {
    return this.tries.get(`${purpose}#${p}#${a.toLowerCase()}`) ?? 0;
  }
  async countWrong(purpose: string, p: Portal, a: string) {
    const k = `${purpose}#${p}#${a.toLowerCase()}`;
    const n = (this.tries.get(k) ?? 0) + 1;
    this.tries.set(k, n);
    return n;
  }
  async reset(purpose: string, p: Portal, a: string) {
    this.tries.delete(`${purpose}#${p}#${a.toLowerCase()}`);
  }
}

export class FakeSessions {
  readonly items = new Map<string, SessionRecord>();
  touches = 0;
  async current(p: Portal, sub: string) {
    const s = this.items.get(`${p}#${sub}`);
    return s ? structuredClone(s) : undefined;
  }
  async start(p: Portal, sub: string, session: SessionRecord) {
    const previous = this.items.get(`${p}#${sub}`);
    this.items.set(`${p}#${sub}`, structuredClone(session));
    return previous;
  }
  async touch(p: Portal, sub: string, sessionId: string, at: string, tokenId?: string) {
    this.touches++;
    const s = this.items.get(`${p}#${sub}`);
    if (!s || s.sessionId !== sessionId) return false;
    s.lastSeenAt = at;
    if (tokenId) s.tokenIds.push(tokenId);
    return true;
  }
  async end(p: Portal, sub: string, sessionId?: string) {
    const s = this.items.get(`${p}#${sub}`);
    if (s && (!sessionId || s.sessionId === sessionId)) this.items.delete(`${p}#${sub}`);
  }
  async close(p: Portal, sub: string, reason: 'TOKEN_RESET', at: Date) {
    const instant = at.toISOString();
    this.items.set(`${p}#${sub}`, {
      sessionId: '',
      startedAt: instant,
      lastSeenAt: instant,
      sourceIp: '',
      tokenIds: [],
      endedBy: reason,
    });
  }
}

export class FakeRates {
  readonly hits = new Map<string, number>();
  async hit(name: string, subject: string, windowSeconds: number, at: Date) {
    const window = Math.floor(at.getTime() / 1000 / windowSeconds);
    const key = `${name}#${subject}#${window}`;
    const n = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, n);
    return n;
  }
}

export class FakeAudit {
  readonly entries: AuditRecord[] = [];
  readonly evidence: AuditRecord[] = [];
  async append(entry: AuditEntry) {
    const record = { ...entry, id: `${entry.at}#${this.entries.length}` };
    this.entries.push(record);
    return record;
  }
  async appendEvidence(entry: AuditEntry) {
    const record = await this.append(entry);
    this.evidence.push(record);
    return record;
  }
  async listEvidence() {
    return this.evidence;
  }
  async listDay() {
    return this.entries;
  }
  kinds() {
    return this.entries.map((e) => e.kind);
  }
}

export class FakeLogins {
  readonly items = new Map<string, PendingLogin & { wrong: number }>();
  async put(login: PendingLogin) {
    this.items.set(login.id, { ...structuredClone(login), wrong: 0 });
  }
  async get(id: string, now: Date) {
    const l = this.items.get(id);
    if (!l || l.expiresAt <= now.getTime()) return undefined;
    const { wrong: _, ...login } = structuredClone(l);
    return login;
  }
  async countWrongCode(id: string, challengeSession?: string) {
    const l = this.items.get(id);
    if (!l) return Number.POSITIVE_INFINITY;
    l.wrong++;
    if (challengeSession) l.challengeSession = challengeSession;
    return l.wrong;
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}

export class FakeRegistrations {
  readonly items = new Map<string, { registration: Registration; expiresAt?: number }>();
  /** The copies by token (`REGISTRATION_TOKEN#…`), same expiry. */
  readonly byTokenItems = new Map<string, { registration: Registration; expiresAt?: number }>();
  readonly formers = new Map<string, FormerParticipant>();
  constructor(private readonly clock: { now(): Date }) {}
  private live(item: { registration: Registration; expiresAt?: number } | undefined) {
    if (!item || (item.expiresAt !== undefined && item.expiresAt <= this.clock.now().getTime())) return undefined;
    return { ...item.registration };
  }
  async put(registration: Registration, expiresAt?: Date) {
    const item = { registration: { ...registration }, ...(expiresAt ? { expiresAt: expiresAt.getTime() } : {}) };
    if (registration.token) this.byTokenItems.set(registration.token, structuredClone(item));
    this.items.set(`${registration.portal}#${registration.email}`, item);
  }
  async get(portal: Portal, email: string) {
    return this.live(this.items.get(`${portal}#${email.toLowerCase()}`));
  }
  async delete(portal: Portal, email: string) {
    this.items.delete(`${portal}#${email.toLowerCase()}`);
  }
  async byToken(token: string) {
    return this.live(this.byTokenItems.get(token));
  }
  async forgetToken(token: string, id: string) {
    if (this.byTokenItems.get(token)?.registration.id === id) this.byTokenItems.delete(token);
  }
  async putFormerParticipant(token: string, former: FormerParticipant) {
    this.formers.set(token, structuredClone(former));
  }
  async formerParticipant(token: string) {
    const former = this.formers.get(token);
    return former ? structuredClone(former) : undefined;
  }
}

export class FakeRefreshes {
  readonly items = new Map<string, { binding: RefreshBinding; expiresAt: number }>();
  async put(token: string, binding: RefreshBinding, expiresAt: Date) {
    this.items.set(token, { binding, expiresAt: expiresAt.getTime() });
  }
  async get(token: string, now: Date) {
    const item = this.items.get(token);
    return item && item.expiresAt > now.getTime() ? item.binding : undefined;
  }
}

export class FakeFlags {
  readonly items = new Map<string, number>();
  async raise(key: string, until: Date) {
    this.items.set(key, until.getTime());
  }
  async raisedUntil(key: string, now: Date) {
    const until = this.items.get(key);
    return until !== undefined && until > now.getTime() ? new Date(until) : undefined;
  }
}

/** R17c exactly as CONTRACT decides it: the list's total requested (sent or not) within its allocation. */
export class FakeNcd {
  constructor(
    private readonly applications: FakeApplications,
    private readonly config: FakeConfig,
  ) {}
  async isNcd(application: Pick<Application, 'region' | 'axis'>) {
    const allocation = this.config.allocationRows.find(
      (a) => a.region === application.region && a.axis === application.axis,
    );
    if (!allocation) return false;
    const total = [...this.applications.items.values()]
      .filter((a) => a.region === application.region && a.axis === application.axis)
      .reduce((sum, a) => sum + a.requestedCents, 0);
    return total <= allocation.allocationCents;
  }
}

export class FakeNotifier {
  readonly notices: Notice[] = [];
  async notify(notice: Notice) {
    this.notices.push(notice);
  }
}

export class FakeClock {
  constructor(public ms: number) {}
  now() {
    return new Date(this.ms);
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

/**
 * The product's own SMS, delivered into the fake identity's list of codes sent, so that `lastCode(phone)` finds the
 * enrolment code as it finds Cognito's (as the outbox shows both in the local cloud).
 */
export class FakeTextMessages {
  readonly notices: Notice[] = [];
  constructor(private readonly identity: FakeIdentity) {}
  async notify(notice: Notice) {
    this.notices.push(notice);
    const code = /\b\d{6}\b/.exec(notice.body)?.[0];
    if (code) this.identity.sent.push({ to: notice.to, code, kind: 'ProductSms' });
  }
}

export function fakeDeps(startMs: number) {
  const clock = new FakeClock(startMs);
  let n = 0;
  let codes = 0;
  const applications = new FakeApplications();
  const config = new FakeConfig();
  const identity = new FakeIdentity(clock);
  const deps = {
    clock,
    identity,
    sms: new FakeTextMessages(identity),
    codes: { next: () => String(200000 + ((++codes * 7907) % 800000)) },
    smsCountries: ['IT'],
    applications,
    claims: new FakeClaims(),
    config,
    ncd: new FakeNcd(applications, config),
    lockouts: new FakeLockouts(),
    signIns: new FakeSignIns(),
    codeTries: new FakeCodeTries(),
    sessions: new FakeSessions(),
    rates: new FakeRates(),
    audit: new FakeAudit(),
    logins: new FakeLogins(),
    registrations: new FakeRegistrations(clock),
    refreshes: new FakeRefreshes(),
    flags: new FakeFlags(),
    notifier: new FakeNotifier(),
    refreshTokenHours: () => 12,
    ids: { next: () => `id-${++n}-${Math.random().toString(36).slice(2, 12).padEnd(10, '0')}-random` },
  };
  // Compile-time check that the fakes cover every port.
  const typed: AccountsDeps = deps;
  void typed;
  return deps;
}
export type FakeDeps = ReturnType<typeof fakeDeps>;
