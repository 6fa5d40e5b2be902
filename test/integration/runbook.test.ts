/**
 * docs/runbook.md runs as written: every command line of its code blocks is either the operator CLI
 * (`npx sportello-ops …`, `npm run ops -- …`), which this test runs in document order against the local cloud, or is
 * marked with the comment `# AWS only` (on the line, or as the first line of its block), as the runbook's top says.
 *
 * How it runs them, and where it departs from "as written":
 * - through bash, so quoting, globs and continuations are the runbook's own; `npx sportello-ops` and `npm run ops --`
 *   are shell functions that start the same CLI directly (npx and npm add seconds per command and print nothing more;
 *   one test runs the real `npx sportello-ops` once to prove the bin resolves);
 * - from a clone's view: a temporary folder holding a symlink to each top-level entry of the repository, so relative
 *   paths resolve as in a clone while what the commands write (`./lists-provisional`) lands outside the repository;
 * - on tables of its own (`isolatedEndpoints`): imports, timetables and lists touch nothing another test reads;
 * - commands that write where other tests read, the shared lists bucket (`lists publish`) or an application of theirs
 *   (`annul`), get `--dry-run` added: the runbook's arguments are still parsed and checked, nothing is written.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type IsolatedCloud, isolatedEndpoints } from './helpers/ops.ts';

jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..', '..');
const RUNBOOK = join(ROOT, 'docs', 'runbook.md');
const AWS_ONLY = /#\s*AWS only\b/;
const CLI = /^(npx sportello-ops|npm run ops --)\s/;
/** Commands whose writes would land where other tests read: run as dry runs. */
const SHARED_WRITES = [/^lists publish\b/, /^annul\b/];

interface CodeLine {
  readonly line: number;
  readonly text: string;
  readonly awsOnly: boolean;
}

/** The command lines of the fenced code blocks (continuations joined, comment-only lines left out). */
function codeLines(markdown: string): CodeLine[] {
  const lines = markdown.split('\n');
  const found: CodeLine[] = [];
  let inBlock = false;
  let blockAwsOnly = false;
  let firstOfBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      blockAwsOnly = false;
      firstOfBlock = inBlock;
      continue;
    }
    if (!inBlock) continue;
    let text = raw.trim();
    const start = i + 1;
    while (text.endsWith('\\') && i + 1 < lines.length)
      text = `${text.slice(0, -1).trim()} ${(lines[++i] ?? '').trim()}`;
    if (text === '') continue;
    if (text.startsWith('#')) {
      if (firstOfBlock && AWS_ONLY.test(text)) blockAwsOnly = true;
      firstOfBlock = false;
      continue;
    }
    firstOfBlock = false;
    found.push({ line: start, text, awsOnly: blockAwsOnly || AWS_ONLY.test(text) });
  }
  if (inBlock) throw new Error('docs/runbook.md: a code block is not closed');
  return found;
}

/** The CLI's arguments as bash would see them after the command's name (to decide on --dry-run only). */
function cliArgs(text: string): string {
  return text.replace(CLI, '').replace(/\s+#.*$/, '');
}

function asRun(text: string): { text: string; dryRunAdded: boolean } {
  const args = cliArgs(text);
  if (SHARED_WRITES.some((pattern) => pattern.test(args)) && !/(^|\s)--dry-run(\s|$)/.test(args)) {
    return { text: `${text.replace(/\s+#.*$/, '')} --dry-run`, dryRunAdded: true };
  }
  return { text, dryRunAdded: false };
}

/** A folder that looks like the clone (every top-level entry linked) but keeps what commands write out of it. */
function cloneView(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-runbook-'));
  for (const entry of readdirSync(ROOT)) {
    if (entry === '.git' || entry === '.local-cloud') continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  return dir;
}

const PRELUDE = [
  'set -o pipefail',
  `npx() { if [ "$1" = sportello-ops ]; then shift; node ${JSON.stringify(join(ROOT, 'bin', 'sportello-ops.cjs'))} "$@"; else command npx "$@"; fi; }`,
  `npm() { if [ "$1 $2 $3" = "run ops --" ]; then shift 3; node ${JSON.stringify(join(ROOT, 'bin', 'sportello-ops.cjs'))} "$@"; else command npm "$@"; fi; }`,
].join('\n');

function bash(script: string, cwd: string, endpointsFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: { ...process.env, SPORTELLO_ENDPOINTS: endpointsFile, FORCE_COLOR: '0', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const commands = codeLines(readFileSync(RUNBOOK, 'utf8'));
let cloud: IsolatedCloud;
let work: string;

beforeAll(async () => {
  cloud = await isolatedEndpoints('runbook');
  work = cloneView();
});
afterAll(async () => {
  await cloud?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('every command in the runbook is the operator CLI or is marked AWS only', () => {
  expect(commands.filter((command) => CLI.test(command.text)).length).toBeGreaterThan(5);
  const unmarked = commands.filter((command) => !command.awsOnly && !CLI.test(command.text));
  expect(unmarked.map((command) => `docs/runbook.md:${command.line}: ${command.text}`)).toEqual([]);
});

test('the CLI commands of the runbook run as written against the local cloud, in order, exit 0', async () => {
  const failures: string[] = [];
  for (const command of commands.filter((c) => !c.awsOnly && CLI.test(c.text))) {
    const run = asRun(command.text);
    const result = await bash(`${PRELUDE}\n${run.text}`, work, cloud.file);
    if (result.code !== 0) {
      failures.push(`docs/runbook.md:${command.line}: ${run.text}\n  exit ${result.code}: ${result.output.trim()}`);
    }
  }
  expect(failures).toEqual([]);
});

test('npx sportello-ops resolves to the clone’s own bin, as the runbook writes it', async () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const result = await bash('npx --no-install sportello-ops --version', ROOT, cloud.file);
  expect(result).toMatchObject({ code: 0 });
  expect(result.output.trim().split('\n').at(-1)).toBe(version);
});
