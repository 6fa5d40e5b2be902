/**
 * Builds the static site into `web/dist` (what the local gateway serves at `/` and `BucketDeployment` uploads):
 * - every page of `web/pages.ts` rendered through the shared layout (`web/layout.ts`) to `<path>/index.html`;
 * - each page script `web/src/pages/<name>.ts` bundled by esbuild to `/assets/js/<name>.js` (one self-contained
 *   bundle per page, no client framework; the forms import the API's own zod schemas and rules from `lambdas/domain`);
 * - from `bootstrap-italia` only the CSS, the sprite of icons and the woff2 fonts the pages use;
 * - anything under `web/public/` copied as is.
 * Run: `npx tsx web/build.ts` (prints each bundle's gzipped size).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { renderPage } from './layout.ts';
import { PAGES } from './pages.ts';

export const WEB_ROOT = resolve(__dirname);
/** The budget of the issue: JavaScript per page, gzipped. */
export const SCRIPT_BUDGET_BYTES = 60 * 1024;

const FONTS = [
  'Titillium_Web/titillium-web-v10-latin-ext_latin-300.woff2',
  'Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2',
  'Titillium_Web/titillium-web-v10-latin-ext_latin-600.woff2',
  'Titillium_Web/titillium-web-v10-latin-ext_latin-700.woff2',
  'Roboto_Mono/roboto-mono-v13-latin-ext_latin-regular.woff2',
];

/**
 * zod's namespace object keeps every locale module alive (about 40 KB gzipped of translations the portals never use).
 * In the browser bundles the locales index offers only the two the shared code uses: `it` (the fallback of
 * `italianIssues` in lambdas/domain/kernel/validation.ts) and `en` (zod's default).
 */
const zodItalianOnly: Plugin = {
  name: 'zod-italian-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(join('node_modules', 'zod'))
        ? { path: join(args.resolveDir, args.path), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as it } from './it.js';\nexport { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * `import { z } from 'zod'` binds zod's whole namespace object, which esbuild cannot tree-shake (about 30 KB gzipped
 * more). In the shared sources bundled for the browser it is read as `import * as z from 'zod'`: the same members,
 * and esbuild keeps only those used. The sources themselves stay as they are for Node.
 */
const zodNamespaceImport: Plugin = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /[\\/]lambdas[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};

export interface BuiltScript {
  name: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Builds into a sibling folder and swaps it in at the end, so a server reading `web/dist` meanwhile (a running local
 * cloud) sees the old site or the new one, never a half-written one.
 */
export async function buildWeb(webRoot = WEB_ROOT): Promise<string> {
  const final = join(webRoot, 'dist');
  const dist = join(webRoot, `.dist-${process.pid}-${Date.now()}`);
  try {
    await buildInto(webRoot, dist);
    const old = `${dist}-old`;
    if (existsSync(final)) renameSync(final, old);
    renameSync(dist, final);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
  return final;
}

async function buildInto(webRoot: string, dist: string): Promise<void> {
  mkdirSync(dist, { recursive: true });
  const kit = resolve(webRoot, '..', 'node_modules', 'bootstrap-italia', 'dist');
  const assets = join(dist, 'assets');
  mkdirSync(join(assets, 'css'), { recursive: true });
  cpSync(join(kit, 'css', 'bootstrap-italia.min.css'), join(assets, 'css', 'bootstrap-italia.min.css'));
  cpSync(join(kit, 'svg', 'sprites.svg'), join(assets, 'svg', 'sprites.svg'));
  for (const font of FONTS) cpSync(join(kit, 'fonts', font), join(assets, 'fonts', font.split('/')[1] as string));
  const publicDir = join(webRoot, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, dist, { recursive: true });
  for (const page of PAGES) {
    const target = join(dist, page.path, 'index.html');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderPage(page));
  }
  const scripts = [...new Set(PAGES.flatMap((p) => (p.script ? [p.script] : [])))];
  if (scripts.length > 0) {
    await build({
      entryPoints: scripts.map((name) => ({ in: join(webRoot, 'src', 'pages', `${name}.ts`), out: name })),
      outdir: join(assets, 'js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      sourcemap: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [zodItalianOnly, zodNamespaceImport],
    });
  }
}

/** Size of each page script of a built site: raw and gzipped. */
export function scriptSizes(dist: string): BuiltScript[] {
  const scripts = [...new Set(PAGES.flatMap((p) => (p.script ? [p.script] : [])))];
  return scripts.map((name) => {
    const bytes = readFileSync(join(dist, 'assets', 'js', `${name}.js`));
    return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
}

if (require.main === module) {
  buildWeb().then(
    (dist) => {
      console.log(`Sito costruito in ${dist}`);
      for (const s of scriptSizes(dist)) {
        const over = s.gzipBytes > SCRIPT_BUDGET_BYTES ? '  ← oltre il limite di 60 KB' : '';
        console.log(
          `  ${s.name}.js ${(s.bytes / 1024).toFixed(1)} KB, gzip ${(s.gzipBytes / 1024).toFixed(1)} KB${over}`,
        );
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
