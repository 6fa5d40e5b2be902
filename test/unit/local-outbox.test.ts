import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromCognito, normaliseRecipient, Outbox, type OutboxMessage } from '#local/outbox';

const message = (to: string, body: string): OutboxMessage => ({
  to,
  channel: to.includes('@') ? 'email' : 'sms',
  subject: null,
  body,
  code: null,
  sentAt: '2026-11-24T06:00:00.000Z',
});

describe('outbox recipients', () => {
  test.each([
    ['Mario.Rossi@Example.IT', 'mario.rossi@example.it'],
    [' 393331234567', '+393331234567'],
    ['+39 333 123-4567', '+393331234567'],
    ['  mario@pec.it  ', 'mario@pec.it'],
    ['mario test@example.it', 'mario+test@example.it'],
  ])('%s reads as %s', (input, expected) => {
    expect(normaliseRecipient(input)).toBe(expected);
  });
});

describe('Outbox', () => {
  test('given messages to several recipients, then one recipient gets only theirs, newest first, kept across restarts', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox.jsonl');
    const printed: OutboxMessage[] = [];
    const outbox = new Outbox(file, (m) => printed.push(m));
    outbox.add(message('Anna@Example.it', 'primo'));
    outbox.add(message('+393331234567', 'sms'));
    outbox.add(message('anna@example.it', 'secondo'));

    expect(outbox.to('ANNA@example.it').map((m) => m.body)).toEqual(['secondo', 'primo']);
    expect(printed).toHaveLength(3);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(new Outbox(file).to(' 393331234567').map((m) => m.body)).toEqual(['sms']);
  });
});

describe('messages from cognito-local', () => {
  const base = {
    userPoolId: 'local_abc',
    clientId: 'client',
    username: 'u',
    code: '123456',
    emailSubject: null,
    emailMessage: null,
    smsMessage: null,
  };

  test('given a sign-up code by e-mail, then an Italian e-mail carrying the code', () => {
    const out = fromCognito({ ...base, source: 'SignUp', deliveryMedium: 'EMAIL', destination: 'a@b.it' });
    expect(out).toMatchObject({ to: 'a@b.it', channel: 'email', code: '123456' });
    expect(out.subject).toMatch(/Sportello/);
    expect(out.body).toContain('123456');
  });

  test('given an SMS MFA code, then an SMS with no subject', () => {
    const out = fromCognito({ ...base, source: 'Authentication', deliveryMedium: 'SMS', destination: '+393331234567' });
    expect(out).toMatchObject({ channel: 'sms', subject: null, code: '123456' });
    expect(out.body).toMatch(/codice di accesso è 123456/);
  });
});
