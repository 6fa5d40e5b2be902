/**
 * Abuse limits on the messages the product makes someone pay for (R16): e-mail and SMS codes, capped per account
 * and source address, and per source address. Per source the cap is high (CONTRACT: at least 500 codes an hour, so that an office
 * network with many applicants passes); per account it is where bots are stopped.
 * Fixed one-hour windows on the shared atomic rate counter.
 */
import { sourceBlock } from '#domain/kernel/rate-counter';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { FlagStore } from './ports.ts';
import { refuse } from './refusal.ts';

export const CODE_WINDOW_SECONDS = 3600;
/** Codes one source address may trigger per hour, all accounts together. */
export const CODES_PER_SOURCE = 600;
/** E-mail codes (registration, resend, password reset) one account may receive per hour from one source. */
export const EMAIL_CODES_PER_ACCOUNT = 8;
/** SMS codes (phone verification, login challenges) one account may receive per hour from one source. */
export const SMS_CODES_PER_ACCOUNT = 12;

export type CodeChannel = 'email' | 'sms';

const MESSAGE = {
  email: 'Sono stati richiesti troppi codici via e-mail per questo account: attendere prima di chiederne un altro.',
  sms: 'Sono stati richiesti troppi codici via SMS per questo account: attendere prima di chiederne un altro.',
  source: 'Troppe richieste di codici da questa rete: attendere qualche minuto e riprovare.',
};

function retryAfter(now: Date): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return CODE_WINDOW_SECONDS - (seconds % CODE_WINDOW_SECONDS);
}

/**
 * Counts one code about to be sent to `account` at the request of `sourceIp`; refuses with `RATE_LIMITED` (and the
 * seconds until the window ends) when either cap is passed. `account` absent: only the source is counted.
 */
export async function spendCode(
  rates: RateCounter,
  channel: CodeChannel,
  account: string | undefined,
  sourceIp: string,
  now: Date,
): Promise<void> {
  const source = sourceBlock(sourceIp);
  const bySource = await rates.hit('codes-source', source, CODE_WINDOW_SECONDS, now);
  if (bySource > CODES_PER_SOURCE) throw refuse.rateLimited(retryAfter(now), MESSAGE.source);
  if (account === undefined) return;
  // Counted per account and source: a rival cannot use up an applicant's allowance from another network.
  const subject = `${account}#${source}`;
  const cap = channel === 'sms' ? SMS_CODES_PER_ACCOUNT : EMAIL_CODES_PER_ACCOUNT;
  const byAccount = await rates.hit(`codes-${channel}`, subject, CODE_WINDOW_SECONDS, now);
  if (byAccount > cap) throw refuse.rateLimited(retryAfter(now), MESSAGE[channel]);
}

const smsFlag = (account: string, sourceIp: string) => `SMS_SPENT#${account}#${sourceBlock(sourceIp)}`;

/**
 * For codes the identity provider sends by itself as a side effect (the SMS of a login with the right password),
 * the allowance is checked before the call and spent after it: a raised flag refuses further logins from this
 * source until the window ends, so at most one SMS beyond the cap is ever sent.
 */
export async function requireSmsAllowance(flags: FlagStore, account: string, sourceIp: string, now: Date) {
  const until = await flags.raisedUntil(smsFlag(account, sourceIp), now);
  if (until) throw refuse.rateLimited((until.getTime() - now.getTime()) / 1000, MESSAGE.sms);
}

export async function spendSmsSentByProvider(
  rates: RateCounter,
  flags: FlagStore,
  account: string,
  sourceIp: string,
  now: Date,
): Promise<void> {
  try {
    await spendCode(rates, 'sms', account, sourceIp, now);
  } catch (error) {
    await flags.raise(smsFlag(account, sourceIp), new Date(now.getTime() + retryAfter(now) * 1000));
    throw error;
  }
}
