/**
 * The receipts' keys (docs/counter.md "Receipt signatures"): the KMS root key that certifies the receipt key, and the
 * secret seed the receipt key is derived from. Both are usable by the counter's role only:
 * - the key policy lets the account administer the key but never `kms:Sign` with it, except as the counter's role
 *   (by name, so that this stateful stack need not know the API stack: a condition, since a key policy may not name a
 *   principal that does not exist yet), so no other IAM principal can mint a certificate that verifies;
 * - the secret's resource policy denies `GetSecretValue` to every other principal.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { physicalName } from '#catalogue/resources';
import type { StageConfig } from '#lib/stage';

/** The counter function's role name: the only principal that may sign with the root key and read the seed. */
export const receiptSignerRoleName = (stage: string) => physicalName(stage, 'receipt-signer');

export class ReceiptKeys extends Construct {
  readonly rootKey: kms.Key;
  readonly seed: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    const { stage } = props;
    const stack = Stack.of(this);
    const signer = `arn:${stack.partition}:iam::${stack.account}:role/${receiptSignerRoleName(stage.name)}`;
    const account = new iam.AccountRootPrincipal();
    this.rootKey = new kms.Key(this, 'RootKey', {
      description: `Sportello ${stage.name}: certifies the receipt key (ES256); its public half is in the JWKS`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: physicalName(stage.name, 'receipts'),
      // A receipt must stay verifiable in a dispute for years: the key is never deleted with the stack in prod.
      removalPolicy: stage.removalPolicy,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AdministerButNeverSign',
            principals: [account],
            notActions: ['kms:Sign'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'SignOnlyAsTheCounter',
            principals: [account],
            actions: ['kms:Sign'],
            resources: ['*'],
            conditions: { ArnEquals: { 'aws:PrincipalArn': signer } },
          }),
        ],
      }),
    });
    this.seed = new secretsmanager.Secret(this, 'Seed', {
      secretName: physicalName(stage.name, 'receipt-seed'),
      description: `Sportello ${stage.name}: the receipt key's seed (receipts are signed in the counter's memory)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: stage.name === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.seed.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReadOnlyAsTheCounter',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': signer } },
      }),
    );
  }
}
