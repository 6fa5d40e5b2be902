/**
 * The CDK app's checks (issue 6), against ONE synthesis per stage: dev (with real esbuild bundles) and prod.
 * Each group lives in `checks/`; they share the synthesis through `sportello-app.ts`.
 */
import { accountChecks, accountSameInEveryStage } from './checks/account.ts';
import { apiChecks } from './checks/api.ts';
import { authChecks } from './checks/auth.ts';
import { dataChecks } from './checks/data.ts';
import { nagChecks } from './checks/nag.ts';
import { operationsChecks } from './checks/operations.ts';
import { privilegeChecks } from './checks/privilege.ts';
import { devRemovalChecks, prodChecks } from './checks/prod.ts';
import { webChecks } from './checks/web.ts';
import { synthesise } from './sportello-app.ts';

jest.setTimeout(180_000);

describe('dev', () => {
  const dev = () => synthesise('dev');
  beforeAll(() => {
    dev();
  });
  dataChecks(dev);
  authChecks(dev);
  apiChecks(dev);
  accountChecks(dev);
  privilegeChecks(dev);
  webChecks(dev);
  devRemovalChecks(dev);
  operationsChecks(dev);
  nagChecks(dev);
});

describe('prod', () => {
  const prod = () => synthesise('prod');
  beforeAll(() => {
    prod();
  });
  prodChecks(prod);
  accountChecks(prod);
  accountSameInEveryStage(prod, () => synthesise('dev'));
  nagChecks(prod);
});
