import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** The account stack's name: one per account and region, shared by every stage deployed there. */
export const ACCOUNT_STACK_NAME = 'Sportello-Account';

/**
 * What API Gateway needs once per account and region, whatever the stage: the role it writes execution and access
 * logs with (`AWS::ApiGateway::Account` is a single account-wide setting, so a stage stack owning it would fight the
 * other stages over it and take it away when deleted). Identical in every stage, so deploying it from any stage's app
 * changes nothing; never destroyed with a stage.
 */
export class AccountStack extends Stack {
  readonly cloudWatchRole: iam.Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });
    this.cloudWatchRole = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      description: 'API Gateway writes the execution and access logs of every stage in this account and region',
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    // Another stage's logging depends on it: it outlives this stack rather than vanish with a mistaken destroy.
    this.cloudWatchRole.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new apigw.CfnAccount(this, 'ApiGatewayAccount', {
      cloudWatchRoleArn: this.cloudWatchRole.roleArn,
    });
    account.node.addDependency(this.cloudWatchRole);
  }
}
