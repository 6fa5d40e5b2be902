/**
 * The receipts' root key (lambdas/domain/counter/signing.ts): an asymmetric P-256 signing key, found again by its
 * alias on a restart (the local KMS keeps keys under the state directory), created otherwise.
 */
import { CreateAliasCommand, CreateKeyCommand, type KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { physicalName } from '#catalogue/resources';
import { RECEIPT_KEY_ENV } from '#catalogue/function-needs';

export interface ProvisionedKey {
  readonly env: string;
  readonly alias: string;
  readonly arn: string;
}

export async function provisionReceiptKey(kms: KMSClient, stage: string): Promise<ProvisionedKey> {
  const alias = `alias/${physicalName(stage, 'receipts')}`;
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ ...(marker ? { Marker: marker } : {}) }));
    const found = page.Aliases?.find((a) => a.AliasName === alias);
    if (found?.TargetKeyId) {
      const region = await kms.config.region();
      const account = found.AliasArn?.split(':')[4] ?? '000000000000';
      return { env: RECEIPT_KEY_ENV, alias, arn: `arn:aws:kms:${region}:${account}:key/${found.TargetKeyId}` };
    }
    marker = page.NextMarker;
  } while (marker);
  const created = await kms.send(
    new CreateKeyCommand({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Description: `Sportello ${stage}: the receipts' root key (certifies the receipt key)`,
    }),
  );
  const arn = created.KeyMetadata?.Arn;
  if (!arn || !created.KeyMetadata?.KeyId) throw new Error('CreateKey returned no key');
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyMetadata.KeyId }));
  return { env: RECEIPT_KEY_ENV, alias, arn };
}
