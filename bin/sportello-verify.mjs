#!/usr/bin/env node
// `npx sportello-verify`: runs the TypeScript verifier with tsx (the project's own runner), no build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const script = fileURLToPath(new URL('./sportello-verify.ts', import.meta.url));
const run = spawnSync(process.execPath, [tsx, script, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 2);
