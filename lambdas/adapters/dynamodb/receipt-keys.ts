/**
 * Certificates of receipt keys in the configuration table: `RECEIPT_KEY` / `<kid>` → `{certificate, createdAt}`,
 * put only if absent (the first instance to certify a key wins; the others read its certificate).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalFailure } from '#adapters/failures';
import type { CertificateStore } from '#adapters/signing/receipt-signer';
import { DynamoTable } from './table.ts';

const keyOf = (kid: string) => ({ pk: 'RECEIPT_KEY', sk: kid });

export class DynamoReceiptKeys extends DynamoTable implements CertificateStore {
  async get(kid: string): Promise<string | undefined> {
    const item = await this.item(keyOf(kid));
    return typeof item?.certificate === 'string' ? item.certificate : undefined;
  }

  async putIfAbsent(kid: string, certificate: string): Promise<string> {
    try {
      await guard('dynamodb:PutItem', () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...keyOf(kid), certificate, createdAt: new Date().toISOString() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return certificate;
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      const stored = await this.get(kid);
      if (!stored) throw error;
      return stored;
    }
  }
}
