/**
 * The application bound to a participant account, found by the `byParticipant` index of the applications table
 * (sparse: only bound applications carry `participantSub`). Positive answers are remembered for the life of the warm
 * function: an account holds one token for its whole life (a token reset deletes the account, and a new registration
 * gets a new `sub`), so the mapping cannot change under a cached entry; the use cases still check the binding on the
 * application item itself, read strongly consistent. Absent answers are never cached (the binding may come later).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ParticipantApplications } from '#domain/counter/ports';
import { guard } from './failures.ts';

export const PARTICIPANT_INDEX = 'byParticipant';
/** Enough for every participant of an edition in one warm function, bounded all the same. */
const MAX_REMEMBERED = 200_000;

export class DynamoParticipantApplications implements ParticipantApplications {
  private readonly remembered = new Map<string, string>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
  ) {}

  async tokenOf(sub: string): Promise<string | undefined> {
    const known = this.remembered.get(sub);
    if (known) return known;
    const out = await guard('dynamodb:Query', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.applicationsTable,
          IndexName: PARTICIPANT_INDEX,
          KeyConditionExpression: 'participantSub = :sub',
          ExpressionAttributeValues: { ':sub': sub },
          ProjectionExpression: '#token',
          ExpressionAttributeNames: { '#token': 'token' },
          Limit: 2,
        }),
      ),
    );
    const token = out.Items?.[0]?.token;
    if (typeof token !== 'string') return undefined;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(sub, token);
    return token;
  }
}
