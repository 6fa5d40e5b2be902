/**
 * Business events counted for the click-day dashboard and alarms (Powertools EMF metrics on AWS): the port the use
 * cases and the wiring count through, and the names the dashboard, the alarms and `events live` read.
 */
export const BUSINESS_METRICS = [
  /** A first send recorded (R15). */
  'SendRecorded',
  /** A later send answered with the original receipt. */
  'SendReplayed',
  /** A send refused; dimension `code` (CONTRACT error code). */
  'SendRefused',
  /** Send events the reconciler published again (the counter's publish was lost). */
  'EventsRepublished',
  /** A lockout begun (R10). */
  'LoginLocked',
  /** An SMS the product caused: Cognito's login and phone codes, and the notifications' SMS. */
  'SmsSent',
  /** An e-mail the notifications subscriber handed to SES. */
  'EmailSent',
  /** A notification that could not be delivered (after its retries it reaches the notifications DLQ). */
  'NotificationFailed',
] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];

export interface BusinessMetrics {
  count(metric: BusinessMetric, dimensions?: { code?: string }, value?: number): void;
}

/** For tests and for code run outside a function (the operator CLI). */
export const NO_METRICS: BusinessMetrics = { count: () => undefined };
