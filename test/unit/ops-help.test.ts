/**
 * The operator CLI: the help of the program and of every command and group (walked in process) is Italian (none of commander's English words), lists declared
 * choices; as `npx sportello-ops` runs it (the package's bin), usage errors are Italian on stderr with exit 1.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '#ops/commands';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sportello-ops.cjs');

jest.setTimeout(120_000);

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ENGLISH = /Usage:|Options:|Commands:|Arguments:|display help|output the version|\(default:|choices:|error:/;

function everyCommand(command: Command, path: string[] = []): { path: string; command: Command }[] {
  return [
    { path: path.join(' ') || '(programma)', command },
    ...command.commands.flatMap((sub) => everyCommand(sub, [...path, sub.name()])),
  ];
}

test('the help of sportello-ops and of every command is Italian and lists declared choices', async () => {
  const pages = new Map(
    everyCommand(await buildProgram()).map(({ path, command }) => [path, command.helpInformation()]),
  );
  expect(pages.size).toBeGreaterThan(15);
  for (const [path, help] of pages) {
    expect({ path, english: ENGLISH.exec(help)?.[0] }).toEqual({ path, english: undefined });
    expect(help).toMatch(/^Uso: sportello-ops/);
  }
  expect(pages.get('lists compute')).toMatch(/valori ammessi: isi2024, isi2012;\s+predefinito:\s+isi2024/);
  expect(pages.get('events live')).toMatch(/--once/);
  expect(pages.get('timetable show')).toMatch(/--json/);
  expect(pages.get('annul')).toMatch(/--dry-run[\s\S]*--yes/);
});

test('--version prints the version only; usage errors are Italian on stderr with exit 1', async () => {
  const [version, unknown, missing, badChoice] = await Promise.all([
    run(['--version']),
    run(['lists', 'buidl']),
    run(['annul', `+${'a'.repeat(64)}`]),
    run([
      'lists',
      'compute',
      '--applications',
      'a',
      '--sends',
      's',
      '--allocations',
      'x',
      '--out',
      'o',
      '--edition',
      'isi1999',
    ]),
  ]);
  expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  expect(unknown).toMatchObject({ code: 1, stdout: '' });
  expect(unknown.stderr).toMatch(/errore: comando sconosciuto 'buidl'\.\n\(Forse si intendeva build\?\)/);
  expect(missing.stderr).toMatch(/errore: manca l’opzione obbligatoria '--reason <testo>'/);
  expect(badChoice).toMatchObject({ code: 1, stdout: '' });
  expect(badChoice.stderr).toMatch(
    /valore 'isi1999' non ammesso per l’opzione '--edition <id>'\. Valori ammessi: isi2024, isi2012\./,
  );
});
