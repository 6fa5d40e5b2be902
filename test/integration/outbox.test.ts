/**
 * The outbox: the codes cognito-local would deliver and the product's notifications, readable at
 * `GET /api/local/outbox?to=…` (CONTRACT "Local cloud only").
 */
import { ConfirmSignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PublishCommand } from '@aws-sdk/client-sns';
import { api, clients, endpoints, secretHash, signUpParticipant, uniqueEmail } from './helpers/cloud.ts';
import { testNeeding } from './helpers/requires.ts';

interface Message {
  to: string;
  channel: 'email' | 'sms';
  subject: string | null;
  body: string;
  code: string | null;
  sentAt: string;
}

const aws = clients();
afterAll(() => aws.destroy());

async function waitForOutbox(to: string, count = 1): Promise<Message[]> {
  for (let i = 0; i < 50; i++) {
    const { status, body } = await api<Message[]>(`/local/outbox?to=${encodeURIComponent(to)}`);
    expect(status).toBe(200);
    if (body.length >= count) return body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no outbox message for ${to}`);
}

describe('outbox', () => {
  test('given no recipient, then it answers 400 VALIDATION', async () => {
    const { status, body } = await api<{ error: { code: string; fields: { path: string }[] } }>('/local/outbox');
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.fields[0]?.path).toBe('to');
  });

  testNeeding('outbox', __filename)(
    'given a participant signs up, then the e-mail code is in the outbox and it confirms the account',
    async () => {
      const pool = endpoints().resources.userPools.participant;
      const email = uniqueEmail('signup');
      await signUpParticipant(aws.cognito, email, 'Prova-Sportello-2026!', { given: 'Maria', family: 'Rossi' });

      // Looked up with different case: e-mail addresses compare case-insensitively.
      const [message] = await waitForOutbox(email.toUpperCase());

      expect(message).toMatchObject({ to: email, channel: 'email', code: expect.stringMatching(/^\d{6}$/) });
      expect(message?.body).toContain(message?.code);
      await expect(
        aws.cognito.send(
          new ConfirmSignUpCommand({
            ClientId: pool.clientId,
            SecretHash: secretHash(email, pool.clientId, pool.clientSecret),
            Username: email,
            ConfirmationCode: message?.code ?? '',
          }),
        ),
      ).resolves.toBeDefined();
    },
  );

  test('given an SMS notification published to the topic, then it is in the outbox under the phone number, newest first', async () => {
    const topicArn = endpoints().resources.topics.notifications.arn;
    const phone = `+39333${String(Date.now()).slice(-7)}`;
    for (const text of ['Primo avviso', 'Secondo avviso: ricevuta 12345678']) {
      await aws.sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: text,
          MessageAttributes: {
            channel: { DataType: 'String', StringValue: 'sms' },
            to: { DataType: 'String', StringValue: phone },
          },
        }),
      );
      await waitForOutbox(phone, text.startsWith('Primo') ? 1 : 2);
    }

    // An unencoded `+` in a query string arrives as a space: the outbox reads it back as `+`.
    const { body } = await api<Message[]>(`/local/outbox?to=${phone}`);

    expect(body.map((m) => m.body)).toEqual(['Secondo avviso: ricevuta 12345678', 'Primo avviso']);
    expect(body[0]).toMatchObject({ channel: 'sms', subject: null, code: '12345678' });
  });
});
