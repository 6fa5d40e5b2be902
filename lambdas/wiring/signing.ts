/**
 * The receipt signer as a function's needs allow it (`receiptKey` in the catalogue): the seed secret, the certificates
 * in the configuration table, and — for `certify` — the KMS root key.
 */
import { awsClients } from '#adapters/clients';
import { DynamoReceiptKeys } from '#adapters/dynamodb/receipt-keys';
import { secretFromEnv } from '#adapters/secrets';
import { KmsRootKey } from '#adapters/signing/kms-root-key';
import { CertifiedReceiptSigner } from '#adapters/signing/receipt-signer';
import { RECEIPT_KEY_ENV, RECEIPT_SEED_ENV } from '#catalogue/function-needs';

export function receiptSigner(
  configTable: string,
  mode: 'sign' | 'certify',
  log?: { warn(message: string, extra: Record<string, unknown>): void },
  env: NodeJS.ProcessEnv = process.env,
): CertifiedReceiptSigner {
  const clients = awsClients();
  const keyId = env[RECEIPT_KEY_ENV];
  if (mode === 'certify' && !keyId) throw new Error(`Invalid environment: ${RECEIPT_KEY_ENV} is required`);
  return new CertifiedReceiptSigner({
    seed: () => secretFromEnv(RECEIPT_SEED_ENV, env),
    certificates: new DynamoReceiptKeys(clients.documents, configTable),
    ...(mode === 'certify' && keyId ? { root: new KmsRootKey(clients.kms, keyId) } : {}),
    ...(log ? { log } : {}),
  });
}
