/**
 * A message the product itself sends (Cognito sends its own verification codes): receipts, token-reset notices. The
 * port publishes it; on AWS a subscriber delivers it by e-mail or SMS.
 */
export interface Notice {
  channel: 'email' | 'sms';
  /** An e-mail address or an E.164 phone number. */
  to: string;
  subject?: string;
  body: string;
}

export interface Notifier {
  notify(notice: Notice): Promise<void>;
}
