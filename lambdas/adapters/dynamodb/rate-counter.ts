/**
 * Rate counters shared by every function instance, in the security table: `RATE#<name>#<subject>` /
 * `WINDOW#<window start epoch s>` → `{hits, expiresAt}`, counted with an atomic ADD.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '#adapters/failures';
import type { RateCounter } from '#domain/kernel/rate-counter';
import { rateCounterKey } from './items.ts';
import { DynamoTable } from './table.ts';

export class DynamoRateCounter extends DynamoTable implements RateCounter {
  async hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number> {
    const { key, windowStart } = rateCounterKey(name, subject, windowSeconds, at);
    const out = await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expires)',
          // Kept one extra window so a late reader never sees a reset counter mid-window.
          ExpressionAttributeValues: { ':one': 1, ':expires': windowStart + 2 * windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.hits ?? 0);
  }
}
