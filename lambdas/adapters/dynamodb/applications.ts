/**
 * Applications table (key `token`, index `byPec`). Item: the ApplicationData fields as named there (pec lower-case),
 * plus `participantSub`, `participantEmail`, `boundAt` while bound, `sentAt` + `receiptId` once consumed by the
 * first send, `annulReason` + `annulledAt` once annulled, `importedAt`. Flat attributes keep every rule a plain
 * DynamoDB condition.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AnnulOutcome,
  Application,
  ApplicationData,
  ApplicationStore,
  BindOutcome,
  ParticipantBinding,
  UnbindOutcome,
} from '#domain/kernel/application';
import { TABLES } from '#catalogue/resources';
import { type Item, mapLimit, queryAll, scanAll } from './requests.ts';
import { DATA_FIELDS, toApplication } from './items.ts';
import { guard, isConditionalFailure } from '#adapters/failures';

export class DynamoApplications implements ApplicationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(token: string): Promise<Application | undefined> {
    const item = await this.read(token);
    return item ? toApplication(item) : undefined;
  }

  async listByPec(pec: string): Promise<Application[]> {
    const index = TABLES.applications.indexes.find((i) => i.name === 'byPec');
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: index?.name,
      KeyConditionExpression: 'pec = :pec',
      ExpressionAttributeValues: { ':pec': pec.trim().toLowerCase() },
    });
    return items.map(toApplication);
  }

  async listAll(): Promise<Application[]> {
    const items = await scanAll(this.db, { TableName: this.table, ConsistentRead: true });
    return items.map(toApplication).sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  }

  async importMany(applications: readonly ApplicationData[]): Promise<{ written: number; refused: string[] }> {
    const importedAt = this.clock().toISOString();
    const outcomes = await mapLimit(applications, 16, async (app) => {
      // Placeholders for every name: `region` and others are DynamoDB reserved words.
      const values: Record<string, unknown> = { ':importedAt': importedAt };
      const names: Record<string, string> = { '#token': 'token' };
      const sets = DATA_FIELDS.map((field) => {
        values[`:${field}`] = field === 'pec' ? app.pec.trim().toLowerCase() : app[field];
        names[`#${field}`] = field;
        return `#${field} = :${field}`;
      });
      try {
        await guard('dynamodb:UpdateItem', () =>
          this.db.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { token: app.token },
              UpdateExpression: `SET ${sets.join(', ')}, importedAt = :importedAt`,
              // A bound or sent application keeps what its participant registered against (CONTRACT: import).
              ConditionExpression:
                'attribute_not_exists(#token) OR (attribute_not_exists(participantSub) AND attribute_not_exists(sentAt))',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          ),
        );
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
    });
    const refused = applications.filter((_, i) => !outcomes[i]).map((a) => a.token);
    return { written: applications.length - refused.length, refused };
  }

  async bindParticipant(token: string, participant: ParticipantBinding): Promise<BindOutcome> {
    const done = await this.conditionalUpdate({
      Key: { token },
      UpdateExpression: 'SET participantSub = :sub, participantEmail = :email, boundAt = :boundAt',
      ConditionExpression:
        'attribute_exists(#token) AND (attribute_not_exists(participantSub) OR participantSub = :sub) ' +
        'AND attribute_not_exists(sentAt) AND attribute_not_exists(annulledAt)',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: {
        ':sub': participant.sub,
        ':email': participant.email.trim().toLowerCase(),
        ':boundAt': participant.boundAt,
      },
    });
    if (done) return 'bound';
    const item = await this.read(token);
    if (!item) return 'unknown';
    if (item.sentAt) return 'sent';
    if (item.annulledAt) return 'annulled';
    return 'taken';
  }

  async unbindParticipant(token: string, sub?: string): Promise<UnbindOutcome> {
    const done = await this.conditionalUpdate({
      Key: { token },
      UpdateExpression: 'REMOVE participantSub, participantEmail, boundAt',
      ConditionExpression: `attribute_exists(participantSub) AND attribute_not_exists(sentAt)${sub ? ' AND participantSub = :sub' : ''}`,
      ...(sub ? { ExpressionAttributeValues: { ':sub': sub } } : {}),
    });
    if (done) return 'unbound';
    const item = await this.read(token);
    if (!item) return 'unknown';
    if (item.sentAt) return 'sent';
    return 'not-bound';
  }

  async annul(token: string, reason: string, annulledAt: string): Promise<AnnulOutcome> {
    const done = await this.conditionalUpdate({
      Key: { token },
      UpdateExpression: 'SET annulReason = :reason, annulledAt = :at',
      ConditionExpression: 'attribute_exists(#token) AND attribute_not_exists(annulledAt)',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':reason': reason, ':at': annulledAt },
    });
    if (done) return 'annulled';
    return (await this.read(token)) ? 'already-annulled' : 'unknown';
  }

  private async read(token: string): Promise<Item | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: { token }, ConsistentRead: true })),
    );
    return out.Item as Item | undefined;
  }

  /** True if the update was applied, false if its condition refused it. */
  private async conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      await guard('dynamodb:UpdateItem', () => this.db.send(new UpdateCommand({ ...input, TableName: this.table })));
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}
