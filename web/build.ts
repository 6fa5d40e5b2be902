/**
 * Builds the static site into `web/dist` (what the local gateway serves at `/` and `BucketDeployment` uploads):
 * - every page of `web/pages.ts` rendered through the shared layout (`web/layout.ts`) to `<path>/index.html`;
 * - each page script `web/src/pages/<name>.ts` bundled by esbuild to `/assets/js/<name>.js` (one self-contained
 *   bundle per page, no client framework; the forms import the API's own zod schemas and rules from `lambdas/domain`);
 * - from `bootstrap-italia` only the CSS, the sprite of icons and the woff2 fonts the pages use;
 * - anything under `web/public/` copied as is, and `/favicon.ico` drawn here (the same mark as `favicon.svg`);
 * - the words of the deployment (administration, help contacts, FAQ, …) from `web/site.config.json` (web/site.ts).
 * Run: `npx tsx web/build.ts` (prints each bundle's gzipped size).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { renderPage } from './layout.ts';
import { type Page, sitePages } from './pages.ts';
import { loadSiteConfig, smsCountriesOf } from './site.ts';

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

const scriptsOf = (pages: readonly Page[]) => [...new Set(pages.flatMap((p) => (p.script ? [p.script] : [])))];

async function buildInto(webRoot: string, dist: string): Promise<void> {
  const site = loadSiteConfig();
  const pages = sitePages(site);
  mkdirSync(dist, { recursive: true });
  const kit = resolve(webRoot, '..', 'node_modules', 'bootstrap-italia', 'dist');
  const assets = join(dist, 'assets');
  mkdirSync(join(assets, 'css'), { recursive: true });
  cpSync(join(kit, 'css', 'bootstrap-italia.min.css'), join(assets, 'css', 'bootstrap-italia.min.css'));
  cpSync(join(kit, 'svg', 'sprites.svg'), join(assets, 'svg', 'sprites.svg'));
  for (const font of FONTS) cpSync(join(kit, 'fonts', font), join(assets, 'fonts', font.split('/')[1] as string));
  const publicDir = join(webRoot, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, dist, { recursive: true });
  writeFileSync(join(dist, 'favicon.ico'), faviconIco());
  for (const page of pages) {
    const target = join(dist, page.path, page.file ?? 'index.html');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renderPage(page, site));
  }
  const scripts = scriptsOf(pages);
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
      // The deployment's words the scripts need: the countries the phone page offers (the backend refuses others).
      define: { __SMS_COUNTRIES__: JSON.stringify(smsCountriesOf(site)) },
    });
  }
}

/** Size of each page script of a built site: raw and gzipped. */
export function scriptSizes(dist: string): BuiltScript[] {
  return scriptsOf(sitePages(loadSiteConfig())).map((name) => {
    const bytes = readFileSync(join(dist, 'assets', 'js', `${name}.js`));
    return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * `/favicon.ico`: one 32×32 PNG image in an ICO container, drawn from the mark of `web/public/favicon.svg` (a counter
 * window on the kit's blue), so that browsers asking for the classic address find it (no 404 in the console).
 */
export function faviconIco(): Buffer {
  const size = 32;
  const blue = [0x00, 0x66, 0xcc, 0xff];
  const white = [0xff, 0xff, 0xff, 0xff];
  const clear = [0, 0, 0, 0];
  const pixel = (x: number, y: number): number[] => {
    const corner = (cx: number, cy: number) => (x - cx) ** 2 + (y - cy) ** 2 > 36;
    if ((x < 6 && y < 6 && corner(6, 6)) || (x > 25 && y < 6 && corner(25, 6))) return clear;
    if ((x < 6 && y > 25 && corner(6, 25)) || (x > 25 && y > 25 && corner(25, 25))) return clear;
    const frame = y >= 7 && y <= 20 && x >= 7 && x <= 24 && (x <= 9 || x >= 22 || y <= 9);
    const counter = y >= 21 && y <= 24 && x >= 4 && x <= 27;
    return frame || counter ? white : blue;
  };
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(...pixel(x, y));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  const dir = Buffer.alloc(22);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(1, 4);
  dir.set([size, size, 0, 0], 6);
  dir.writeUInt16LE(1, 10);
  dir.writeUInt16LE(32, 12);
  dir.writeUInt32LE(png.length, 14);
  dir.writeUInt32LE(22, 18);
  return Buffer.concat([dir, png]);
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
