/**
 * The application bound to a participant account (token, region, axis), found by the `byParticipant` index of the
 * applications table (sparse: only bound applications carry `participantSub`). Positive answers are remembered for the
 * life of the warm function: an account holds one token for its whole life (a token reset deletes the account, and a
 * new registration gets a new `sub`), and a bound application's region and axis cannot be re-imported; the send
 * still checks the binding on the application item itself, read strongly consistent. Absent answers are never cached
 * (the binding may come later).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BoundApplication, ParticipantApplications } from '#domain/counter/ports';
import type { Axis, Region } from '#domain/kernel/geography';
import { guard } from '#adapters/failures';

export const PARTICIPANT_INDEX = 'byParticipant';
/** Enough for every participant of an edition in one warm function, bounded all the same. */
const MAX_REMEMBERED = 200_000;

export class DynamoParticipantApplications implements ParticipantApplications {
  private readonly remembered = new Map<string, BoundApplication>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
  ) {}

  async applicationOf(sub: string): Promise<BoundApplication | undefined> {
    const known = this.remembered.get(sub);
    if (known) return known;
    const out = await guard('dynamodb:Query', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.applicationsTable,
          IndexName: PARTICIPANT_INDEX,
          KeyConditionExpression: 'participantSub = :sub',
          ExpressionAttributeValues: { ':sub': sub },
          ProjectionExpression: '#token, #region, #axis',
          ExpressionAttributeNames: { '#token': 'token', '#region': 'region', '#axis': 'axis' },
          Limit: 2,
        }),
      ),
    );
    const item = out.Items?.[0];
    if (typeof item?.token !== 'string') return undefined;
    const bound = { token: item.token, region: item.region as Region, axis: item.axis as Axis };
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(sub, bound);
    return bound;
  }
}
