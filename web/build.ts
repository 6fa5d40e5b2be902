/**
 * Builds the static site into `web/dist`: the home page, anything under `web/public/` copied as is, and each
 * `web/src/<portal>/main.ts` bundled by esbuild to `web/dist/<portal>/main.js`. Run: `npx tsx web/build.ts`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const WEB_ROOT = resolve(__dirname);

export async function buildWeb(webRoot = WEB_ROOT): Promise<string> {
  const dist = join(webRoot, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  cpSync(join(webRoot, 'index.html'), join(dist, 'index.html'));
  const publicDir = join(webRoot, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, dist, { recursive: true });
  const srcDir = join(webRoot, 'src');
  const entryPoints = existsSync(srcDir)
    ? readdirSync(srcDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(srcDir, entry.name, 'main.ts')))
        .map((entry) => ({ in: join(srcDir, entry.name, 'main.ts'), out: join(entry.name, 'main') }))
    : [];
  if (entryPoints.length > 0) {
    await build({
      entryPoints,
      outdir: dist,
      bundle: true,
      format: 'esm',
      target: 'es2020',
      minify: true,
      sourcemap: true,
      logLevel: 'warning',
    });
  }
  return dist;
}

if (require.main === module) {
  buildWeb().then(
    (dist) => console.log(`Sito costruito in ${dist}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
