/**
 * How the items the counter reads are keyed and decoded — shared by the repositories that write them and the
 * counter's batched reads (`counter-reads.ts`), so both always agree on a key or an attribute.
 */
import type { CounterSettings } from '#domain/counter/ports';
import type { Application, ApplicationData } from '#domain/kernel/application';
import type { Axis, Region } from '#domain/kernel/geography';
import type { Portal } from '#domain/kernel/portal';
import type { SessionRecord } from '#domain/accounts/session';
import { resolveTimetable, scopeCandidates, type Timetable, TimetableSchema } from '#domain/kernel/timetable';
import type { Item } from './requests.ts';

/** The application's own fields (*domanda*), as the operator imports them. */
export const DATA_FIELDS = [
  'companyName',
  'pec',
  'region',
  'axis',
  'requestedCents',
  'projectCents',
  'registeredAt',
  'cciaaDate',
  'legalityRating',
  'workers',
] as const satisfies readonly (keyof ApplicationData)[];

export function toApplication(item: Item): Application {
  const app = {
    token: item.token,
    ...Object.fromEntries(DATA_FIELDS.map((f) => [f, item[f]])),
  } as Application;
  if (item.participantSub) {
    app.participant = {
      sub: String(item.participantSub),
      email: String(item.participantEmail),
      boundAt: String(item.boundAt),
    };
  }
  if (item.sentAt) {
    app.sentAt = String(item.sentAt);
    if (item.receiptId) app.receiptId = String(item.receiptId);
  }
  if (item.annulledAt) app.annulment = { reason: String(item.annulReason), annulledAt: String(item.annulledAt) };
  return app;
}

/** An account's current session (R11) in the security table. */
export const sessionKey = (portal: Portal, sub: string) => ({ pk: `SESSION#${portal}#${sub}`, sk: 'CURRENT' });

export function toSession(item: Item): SessionRecord {
  return {
    sessionId: String(item.sessionId),
    startedAt: String(item.startedAt),
    lastSeenAt: String(item.lastSeenAt),
    sourceIp: String(item.sourceIp),
    tokenIds: Array.isArray(item.tokenIds) ? item.tokenIds.map(String) : [],
    ...(typeof item.refreshToken === 'string' ? { refreshToken: item.refreshToken } : {}),
    ...(item.endedBy === 'TOKEN_RESET' ? { endedBy: 'TOKEN_RESET' as const } : {}),
  };
}

/** The item of one rate counter window (also read directly by the counter's batched send read). */
export function rateCounterKey(name: string, subject: string, windowSeconds: number, at: Date) {
  const now = epochSeconds(at);
  const windowStart = now - (now % windowSeconds);
  return { key: { pk: `RATE#${name}#${subject}`, sk: `WINDOW#${windowStart}` }, windowStart };
}

/** The configuration items a list's settings are made of: its four timetable scopes and its allocation. */
export function settingsKeys(region: Region, axis: Axis): Record<string, string>[] {
  return [
    ...scopeCandidates(region, axis).map((sk) => ({ pk: 'TIMETABLE', sk })),
    { pk: 'ALLOCATION', sk: `${region}#${axis}` },
    ncdDecisionKey(region, axis),
  ];
}

/** A list's NCD decision once frozen (R22a): `NCD` / `region#axis` → `{ncd, …the totals that decided it}`. */
export const ncdDecisionKey = (region: Region, axis: Axis) => ({ pk: 'NCD', sk: `${region}#${axis}` });

export function settingsFrom(items: readonly Item[], region: Region, axis: Axis): CounterSettings {
  const timetables = new Map<string, Timetable>();
  let allocationCents: number | undefined;
  let ncd: boolean | undefined;
  for (const item of items) {
    if (item.pk === 'ALLOCATION') allocationCents = Number(item.allocationCents);
    else if (item.pk === 'TIMETABLE') timetables.set(String(item.sk), toTimetable(item));
    else if (item.pk === 'NCD' && typeof item.ncd === 'boolean') ncd = item.ncd;
  }
  return {
    timetable: resolveTimetable(timetables, region, axis),
    allocationCents,
    ...(ncd === undefined ? {} : { ncd }),
  };
}

/** Re-validated on read: a hand-edited item fails loudly instead of opening the counter. */
export function toTimetable(item: Item): Timetable {
  return TimetableSchema.parse({ moments: item.moments, registrationCloses: item.registrationCloses });
}

/** Epoch seconds, the unit of DynamoDB TTL attributes. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The sends index key of a send (`byListBucket`): its list and the token's last hex digit — 16 buckets per list, so no
 * index partition takes a popular list's whole burst (tokens are random: the digits are even).
 */
export const listBucket = (region: Region, axis: Axis, token: string) => `${region}#${axis}#${token.slice(-1)}`;
/** Every bucket of a list, for the reader that gathers them. */
export const LIST_BUCKET_DIGITS = [...'0123456789abcdef'];
