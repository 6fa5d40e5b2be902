import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '#lib/constructs/sportello-function';

/**
 * The built portals for `BucketDeployment`. `web/dist` is not committed; on a fresh clone the first synth builds it
 * with the project's own builder (`web/build.ts`, esbuild, offline, about a second). An existing `web/dist` is used
 * as is — rebuild it before a deploy (docs/deploy.md) — so a synth never wipes a folder the local cloud is serving.
 */
export function portalsDirectory(root = PROJECT_ROOT): string {
  const dist = path.join(root, 'web', 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  const builder = path.join(root, 'web', 'build.ts');
  if (!existsSync(builder)) throw new Error(`${dist} is missing and there is no ${builder} to build it`);
  execFileSync(process.execPath, [require.resolve('tsx/cli'), builder], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${builder} ran but ${dist}/index.html is missing`);
  return dist;
}
