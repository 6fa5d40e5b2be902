/**
 * The project's patch of stormdb (cognito-local's file store): concurrent asynchronous writes of one file must leave
 * valid JSON holding the last state, never an interleaving of two writes (patches/stormdb+0.5.2.patch).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Engine = { write(data: unknown): Promise<void> | null };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- stormdb's engine is CommonJS without types
const LocalEngine = require('stormdb/src/engine/local.js') as new (
  path: string,
  options: { async: boolean; serialize?: (o: unknown) => string },
) => Engine;

test('given 100 overlapping writes of different sizes, then the file is the last one, whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormdb-'));
  const file = join(dir, 'clients.json');
  const engine = new LocalEngine(file, { async: true, serialize: (o) => JSON.stringify(o, null, 2) });
  const states = Array.from({ length: 100 }, (_, i) => ({
    Clients: Object.fromEntries(
      Array.from({ length: (i * 7) % 13 }, (_, k) => [`c${i}-${k}`, { n: 'x'.repeat(k * 50) }]),
    ),
  }));

  await Promise.all(states.map((state) => engine.write(state)));

  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(states.at(-1));
  expect(readdirSync(dir)).toEqual(['clients.json']);
});
