/**
 * Synthesises the whole app once per stage per test run (esbuild bundling takes seconds): every infra check reads the
 * same templates. Jest gives each test file its own module registry, so all checks run from one test file
 * (`stacks.test.ts`) and share this module-level cache.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { portalsDirectory } from '#lib/portals';
import { buildSportello, type SportelloStacks } from '#lib/sportello';
import { type StageConfig, type StageName, stageFromContext } from '#lib/stage';
import cdkJson from '../../cdk.json';

export type StackKey = keyof SportelloStacks;

export interface Synthesis {
  readonly app: App;
  readonly stage: StageConfig;
  readonly stacks: SportelloStacks;
  readonly templates: Readonly<Record<StackKey, Template>>;
}

const cache = new Map<StageName, Synthesis>();

export function synthesise(stageName: StageName): Synthesis {
  const cached = cache.get(stageName);
  if (cached) return cached;
  const context: Record<string, unknown> = { ...cdkJson.context, stage: stageName };
  // The prod checks are about removal policies and settings, not bundles: skip esbuild there (dev bundles for real).
  if (stageName === 'prod') context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, outdir: mkdtempSync(path.join(tmpdir(), `sportello-infra-${stageName}-`)) });
  const stage = stageFromContext((key) => app.node.tryGetContext(key));
  const stacks = buildSportello(app, {
    stage,
    env: { region: 'eu-south-1' },
    portalsDirectory: portalsDirectory(),
  });
  // Synthesising the assembly runs the cdk-nag plugin: an unacknowledged finding throws here.
  app.synth();
  const templates = Object.fromEntries(
    (Object.keys(stacks) as StackKey[]).map((key) => [key, Template.fromStack(stacks[key])]),
  ) as Record<StackKey, Template>;
  const synthesis = { app, stage, stacks, templates };
  cache.set(stageName, synthesis);
  return synthesis;
}

/** CloudFormation JSON as the assertions library returns it: untyped by nature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template fragments are arbitrary JSON
export type CfnJson = any;
