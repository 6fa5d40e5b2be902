/**
 * The dependency rule of lambdas/ (eslint.layers.cjs, docs/development.md): the tree obeys it, and each forbidden
 * import is caught — so `npm test` fails on a layering mistake even where nobody runs `npm run lint`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { LAYER_RULES } from '../../eslint.layers.cjs';

// The layer rules alone, with the TypeScript parser (the config file itself is loaded by `npm run lint`; jest cannot
// import it dynamically).
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...LAYER_RULES],
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layers of lambdas/', () => {
  test('the tree as it is imports nothing across the rule', async () => {
    const files = tsFiles('lambdas');
    expect(files.length).toBeGreaterThan(100);
    const crossings: string[] = [];
    for (const file of files) {
      for (const message of await layerErrors(readFileSync(file, 'utf8'), file)) crossings.push(`${file}: ${message}`);
    }
    expect(crossings).toEqual([]);
  }, 120_000);

  test.each([
    [
      'the domain importing the catalogue',
      'lambdas/domain/counter/x.ts',
      "import { ROUTES } from '#catalogue/routes';",
    ],
    ['the domain importing the HTTP edge', 'lambdas/domain/counter/x.ts', "import { fail } from '#http/errors';"],
    ['the domain importing an adapter', 'lambdas/domain/accounts/x.ts', "import { guard } from '#adapters/failures';"],
    ['the domain importing a handler', 'lambdas/domain/lists/x.ts', "import { handler } from '#handlers/counter';"],
    [
      'the domain importing the AWS SDK',
      'lambdas/domain/kernel/x.ts',
      "import { KMSClient } from '@aws-sdk/client-kms';",
    ],
    [
      'the domain reaching up with ../',
      'lambdas/domain/counter/x.ts',
      "import { x } from '../../adapters/clients.ts';",
    ],
    ['an adapter importing the HTTP edge', 'lambdas/adapters/dynamodb/x.ts', "import { fail } from '#http/errors';"],
    ['an adapter importing a handler', 'lambdas/adapters/x.ts', "export { handler } from '#handlers/counter';"],
    [
      'the catalogue importing the domain',
      'lambdas/catalogue/x.ts',
      "import type { Portal } from '#domain/kernel/portal';",
    ],
    ['the catalogue importing an adapter', 'lambdas/catalogue/x.ts', "import { guard } from '#adapters/failures';"],
    ['a handler importing local code', 'lambdas/handlers/x.ts', "import { startCloud } from '#local/cloud';"],
    ['an adapter importing local code by path', 'lambdas/adapters/x.ts', "import { x } from '../../local/cloud.ts';"],
    ['the HTTP edge importing an adapter', 'lambdas/http/x.ts', "import { guard } from '#adapters/failures';"],
  ])('%s is refused', async (_, file, code) => {
    expect((await layerErrors(`${code}\n`, file)).length).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ['the HTTP edge importing the domain', 'lambdas/http/x.ts', "import { fail } from '#domain/kernel/refusal';"],
    ['an adapter importing the catalogue', 'lambdas/adapters/x.ts', "import { TABLES } from '#catalogue/resources';"],
    ['the domain importing zod', 'lambdas/domain/kernel/x.ts', "import { z } from 'zod';"],
    ['a handler wiring adapters', 'lambdas/handlers/x.ts', "import { awsClients } from '#adapters/clients';"],
  ])('%s is allowed', async (_, file, code) => {
    expect(await layerErrors(`${code}\n`, file)).toEqual([]);
  });
});
