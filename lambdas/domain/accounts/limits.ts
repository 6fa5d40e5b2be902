/**
 * Abuse limits on the messages the product makes someone pay for (R16): e-mail and SMS codes. Fixed windows on the
 * shared atomic rate counter:
 * - per source address, high (CONTRACT: at least 500 codes an hour, so that an office network with many applicants
 *   passes);
 * - per account and source, an hour: where one bot is stopped, and a rival elsewhere cannot use up the owner's;
 * - per account, a day, whatever the source: fresh addresses (cheap IPv6 /64s) buy no more SMS for one account.
 */
import { sourceBlock } from '#domain/kernel/rate-counter';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { FlagStore } from './ports.ts';
import { refuse } from './refusal.ts';

export const CODE_WINDOW_SECONDS = 3600;
export const DAY_SECONDS = 86_400;
/** Codes one source address may trigger per hour, all accounts together. */
export const CODES_PER_SOURCE = 600;
/** E-mail codes (registration, resend, password reset) one account may receive per hour from one source. */
export const EMAIL_CODES_PER_ACCOUNT = 8;
/** SMS codes (phone verification, login challenges) one account may receive per hour from one source. */
export const SMS_CODES_PER_ACCOUNT = 12;
/** Per account and day, from every source together: a person needs a handful, a pump needs thousands. */
export const EMAIL_CODES_PER_ACCOUNT_PER_DAY = 25;
export const SMS_CODES_PER_ACCOUNT_PER_DAY = 15;

export type CodeChannel = 'email' | 'sms';

const MESSAGE = {
  email: 'Sono stati richiesti troppi codici via e-mail per questo account: attendere prima di chiederne un altro.',
  sms: 'Sono stati richiesti troppi codici via SMS per questo account: attendere prima di chiederne un altro.',
  emailDay:
    "Per questo account è stato inviato oggi il numero massimo di codici via e-mail: riprovare domani o rivolgersi all'assistenza.",
  smsDay:
    "Per questo account è stato inviato oggi il numero massimo di codici via SMS: riprovare domani o rivolgersi all'assistenza.",
  source: 'Troppe richieste di codici da questa rete: attendere qualche minuto e riprovare.',
};

function untilWindowEnds(now: Date, windowSeconds: number): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return windowSeconds - (seconds % windowSeconds);
}

/** Which cap a code passed, if any: the source's, this account's from this source (`hour`), the account's (`day`). */
type Overrun = { scope: 'source' | 'hour' | 'day'; retryAfter: number; message: string } | undefined;

async function count(
  rates: RateCounter,
  channel: CodeChannel,
  account: string | undefined,
  sourceIp: string,
  now: Date,
): Promise<Overrun> {
  const source = sourceBlock(sourceIp);
  const bySource = await rates.hit('codes-source', source, CODE_WINDOW_SECONDS, now);
  if (bySource > CODES_PER_SOURCE) {
    return { scope: 'source', retryAfter: untilWindowEnds(now, CODE_WINDOW_SECONDS), message: MESSAGE.source };
  }
  if (account === undefined) return undefined;
  // Per account and source: a rival cannot use up an applicant's hourly allowance from another network.
  const hourly = channel === 'sms' ? SMS_CODES_PER_ACCOUNT : EMAIL_CODES_PER_ACCOUNT;
  const byAccount = await rates.hit(`codes-${channel}`, `${account}#${source}`, CODE_WINDOW_SECONDS, now);
  if (byAccount > hourly) {
    return { scope: 'hour', retryAfter: untilWindowEnds(now, CODE_WINDOW_SECONDS), message: MESSAGE[channel] };
  }
  const daily = channel === 'sms' ? SMS_CODES_PER_ACCOUNT_PER_DAY : EMAIL_CODES_PER_ACCOUNT_PER_DAY;
  const byDay = await rates.hit(`codes-${channel}-day`, account, DAY_SECONDS, now);
  if (byDay > daily) {
    const message = channel === 'sms' ? MESSAGE.smsDay : MESSAGE.emailDay;
    return { scope: 'day', retryAfter: untilWindowEnds(now, DAY_SECONDS), message };
  }
  return undefined;
}

/**
 * Counts one code about to be sent to `account` at the request of `sourceIp`; refuses with `RATE_LIMITED` (and the
 * seconds until the window ends) when a cap is passed. `account` absent: only the source is counted.
 */
export async function spendCode(
  rates: RateCounter,
  channel: CodeChannel,
  account: string | undefined,
  sourceIp: string,
  now: Date,
): Promise<void> {
  const over = await count(rates, channel, account, sourceIp, now);
  if (over) throw refuse.rateLimited(over.retryAfter, over.message);
}

/** The flag each cap raises when the provider's own SMS passed it. */
const flagOf = {
  source: (_account: string, sourceIp: string) => `CODES_SPENT#${sourceBlock(sourceIp)}`,
  hour: (account: string, sourceIp: string) => `SMS_SPENT#${account}#${sourceBlock(sourceIp)}`,
  day: (account: string) => `SMS_SPENT_DAY#${account}`,
};

/**
 * For codes the identity provider sends by itself as a side effect (the SMS of a login with the right password),
 * the allowance is checked before the call and spent after it: a raised flag refuses further logins (from this source,
 * or from anywhere once the day's cap is passed) until the window ends, so at most one SMS beyond a cap is ever sent.
 */
export async function requireSmsAllowance(flags: FlagStore, account: string, sourceIp: string, now: Date) {
  for (const [scope, message] of [
    ['source', MESSAGE.source],
    ['day', MESSAGE.smsDay],
    ['hour', MESSAGE.sms],
  ] as const) {
    const until = await flags.raisedUntil(flagOf[scope](account, sourceIp), now);
    if (until) throw refuse.rateLimited((until.getTime() - now.getTime()) / 1000, message);
  }
}

export async function spendSmsSentByProvider(
  rates: RateCounter,
  flags: FlagStore,
  account: string,
  sourceIp: string,
  now: Date,
): Promise<void> {
  const over = await count(rates, 'sms', account, sourceIp, now);
  if (!over) return;
  await flags.raise(flagOf[over.scope](account, sourceIp), new Date(now.getTime() + over.retryAfter * 1000));
  throw refuse.rateLimited(over.retryAfter, over.message);
}
