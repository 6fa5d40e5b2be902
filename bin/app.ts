/**
 * The CDK app: `npx cdk synth -c stage=dev|prod` (cdk.json runs this file with tsx).
 * Region: `-c region=…` or CDK_DEFAULT_REGION, default eu-south-1 (Milan). Synth needs no network and no Docker.
 */
import { App } from 'aws-cdk-lib';
import { portalsDirectory } from '#lib/portals';
import { buildSportello } from '#lib/sportello';
import { stageFromContext } from '#lib/stage';

const app = new App();
const region = String(app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-south-1');
buildSportello(app, {
  stage: stageFromContext((key) => app.node.tryGetContext(key)),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  portalsDirectory: portalsDirectory(),
});
app.synth();
