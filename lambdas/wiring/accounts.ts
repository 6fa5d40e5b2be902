/**
 * The accounts composition root: every port of `AccountsDeps` over the real adapters, from the environment, built
 * once per cold start. Which tables and topic a function has is read from its entry in the catalogue's function
 * needs (the same entry that grants its IAM permissions and sets its environment); a store over a table the
 * function was not given fails loudly when used, never silently against a wrong name.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { AccountsDeps } from '#domain/accounts/ports';
import { tableNames } from '#http/env';
import { type FunctionName, needsOf, SMS_COUNTRIES_ENV, SMS_DELIVERY_ENV } from '#catalogue/function-needs';
import { parseSmsCountries } from '#domain/accounts/phone';
import { CODE_DIGITS } from '#domain/accounts/verification-code';
import type { Notifier } from '#domain/kernel/notification';
import { SnsTextMessages } from '#adapters/messaging/sms';
import { NOTIFICATIONS_TOPIC, type TableId, USER_POOLS } from '#catalogue/resources';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { DynamoAudit } from '#adapters/dynamodb/audit';
import { DynamoClaims } from '#adapters/dynamodb/claims';
import { awsClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { CognitoIdentity } from '#adapters/cognito/identity';
import { DynamoNcdCheck } from '#adapters/dynamodb/ncd-check';
import { DynamoNcdDecisions } from '#adapters/dynamodb/ncd-decisions';
import { TopicNotifier } from '#adapters/messaging/notifications';
import { poolsFromEnv } from '#adapters/cognito/pools';
import {
  DynamoFlags,
  DynamoPendingLogins,
  DynamoRefreshes,
  DynamoRegistrations,
} from '#adapters/dynamodb/account-records';
import { DynamoLockouts } from '#adapters/dynamodb/lockouts';
import { DynamoSignIns } from '#adapters/dynamodb/sign-ins';
import { DynamoCodeTries } from '#adapters/dynamodb/code-tries';
import { DynamoRateCounter } from '#adapters/dynamodb/rate-counter';
import { DynamoSessions } from '#adapters/dynamodb/sessions';

export const systemClock = { now: () => new Date() };
/** 256 random bits, URL-safe: login sessions and registration ids cannot be guessed. */
export const randomIds = { next: () => randomBytes(32).toString('base64url') };
/** Six random digits from the cryptographic source, for the SMS the product sends itself. */
export const randomCodes = { next: () => String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0') };

function unwired<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`${what} is not wired into this function (needs in functions.ts): ${String(property)}`);
    },
  });
}

export function accountsDeps(fn: FunctionName): AccountsDeps {
  const needs = needsOf(fn);
  const { documents, cognito, sns } = awsClients();
  const names = tableNames(Object.keys(needs.tables ?? {}) as TableId[]) as Partial<Record<TableId, string>>;
  const table = <T extends object>(id: TableId, build: (name: string) => T): T =>
    names[id] ? build(names[id]) : unwired<T>(`table ${id}`);
  const pools = poolsFromEnv();
  const topicArn = process.env[NOTIFICATIONS_TOPIC.env];
  const config = table('config', (n) => new DynamoConfig(documents, n));
  const notices = topicArn ? new TopicNotifier(sns, topicArn) : undefined;
  // The local cloud's SNS emulator cannot text a phone: there the product's SMS go through the topic to the outbox.
  const sms: Notifier | undefined = !needs.sms
    ? undefined
    : process.env[SMS_DELIVERY_ENV] === 'topic'
      ? notices
      : new SnsTextMessages(sns);
  return {
    identity: new CognitoIdentity(cognito, pools),
    applications: table('applications', (n) => new DynamoApplications(documents, n)),
    claims: table('claims', (n) => new DynamoClaims(documents, n)),
    config,
    ncd: table('applications', (n) =>
      table('config', (c) => new DynamoNcdCheck(config, documents, n, new DynamoNcdDecisions(documents, c))),
    ),
    lockouts: table('security', (n) => new DynamoLockouts(documents, n)),
    signIns: table('security', (n) => new DynamoSignIns(documents, n)),
    codeTries: table('security', (n) => new DynamoCodeTries(documents, n)),
    sessions: table('security', (n) => new DynamoSessions(documents, n)),
    rates: table('security', (n) => new DynamoRateCounter(documents, n)),
    logins: table('security', (n) => new DynamoPendingLogins(documents, n)),
    registrations: table('security', (n) => new DynamoRegistrations(documents, n)),
    refreshes: table('security', (n) => new DynamoRefreshes(documents, n)),
    flags: table('security', (n) => new DynamoFlags(documents, n)),
    audit: table('audit', (n) => new DynamoAudit(documents, n)),
    notifier: needs.notificationsTopic && notices ? notices : unwired('the notifications topic'),
    sms: sms ?? unwired('SMS sending'),
    codes: randomCodes,
    smsCountries: parseSmsCountries(process.env[SMS_COUNTRIES_ENV]),
    clock: systemClock,
    ids: randomIds,
    refreshTokenHours: (portal) => USER_POOLS[portal].refreshTokenHours,
  };
}
