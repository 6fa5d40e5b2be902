/**
 * Wrong tries of an e-mailed code (`domain/accounts/code-tries.ts`) in the security table:
 * `CODE_TRIES#<purpose>#<portal>#<address>` / `COUNT` → `{tries, expiresAt}`, counted with an atomic ADD.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '#adapters/failures';
import type { CodePurpose, CodeTriesStore } from '#domain/accounts/code-tries';
import type { Portal } from '#domain/kernel/portal';
import { epochSeconds } from './items.ts';
import { DynamoTable } from './table.ts';

const key = (purpose: CodePurpose, portal: Portal, address: string) => ({
  pk: `CODE_TRIES#${purpose}#${portal}#${address.trim().toLowerCase()}`,
  sk: 'COUNT',
});

export class DynamoCodeTries extends DynamoTable implements CodeTriesStore {
  async wrongSoFar(purpose: CodePurpose, portal: Portal, address: string): Promise<number> {
    const item = await this.item(key(purpose, portal, address));
    if (!item || Number(item.expiresAt) * 1000 <= Date.now()) return 0;
    return Number(item.tries ?? 0);
  }

  async countWrong(purpose: CodePurpose, portal: Portal, address: string, expiresAt: Date): Promise<number> {
    // An expired count that DynamoDB has not deleted yet must not go on counting.
    if ((await this.wrongSoFar(purpose, portal, address)) === 0) await this.reset(purpose, portal, address);
    const out = await guard('dynamodb:UpdateItem', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(purpose, portal, address),
          UpdateExpression: 'ADD tries :one SET expiresAt = :expires',
          ExpressionAttributeValues: { ':one': 1, ':expires': epochSeconds(expiresAt) },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.tries ?? 1);
  }

  async reset(purpose: CodePurpose, portal: Portal, address: string): Promise<void> {
    await guard('dynamodb:DeleteItem', () =>
      this.db.send(new DeleteCommand({ TableName: this.table, Key: key(purpose, portal, address) })),
    );
  }
}
