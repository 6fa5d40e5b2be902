/**
 * cognito-local keeps its users in JSON files under the state directory; concurrent sign-ups must leave them valid,
 * or the next start of the local cloud fails (fixed by patches/stormdb+0.5.2.patch).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clients, endpoints, signUpParticipant, uniqueEmail } from './helpers/cloud.ts';
import { describeNeeding } from './helpers/requires.ts';

const aws = clients();
afterAll(() => aws.destroy());

describeNeeding('cognito-local', __filename)('the Cognito emulator store', () => {
  test('given 20 concurrent sign-ups, then the pool file on disk is valid JSON holding every user', async () => {
    const pool = endpoints().resources.userPools.participant;
    const emails = Array.from({ length: 20 }, () => uniqueEmail('concurrent'));

    await Promise.all(
      emails.map((email) =>
        signUpParticipant(aws.cognito, email, 'Prova-Sportello-2026!', { given: 'Paolo', family: 'Neri' }),
      ),
    );

    const file = join(endpoints().env.LOCAL_CLOUD_DIR as string, 'cognito', '.cognito', 'db', `${pool.poolId}.json`);
    // The last write may still be in flight when the last response is sent.
    let stored: { Users: Record<string, { Attributes: { Name: string; Value: string }[] }> } | undefined;
    for (let i = 0; i < 20 && !stored; i++) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8'));
        const found = Object.values(
          parsed.Users as Record<string, { Attributes: { Name: string; Value: string }[] }>,
        ).map((u) => u.Attributes.find((a) => a.Name === 'email')?.Value);
        if (emails.every((e) => found.includes(e))) stored = parsed;
      } catch {
        // not yet
      }
      if (!stored) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored).toBeDefined();
  });
});
