/**
 * `timetable set --m1 … --m6 [--registration-closes] [--region R] [--axis A]` and `timetable show` (R2, R2b).
 * Instants must carry `Z` or an offset (a naive local time is refused). The write is a strongly durable DynamoDB put
 * and every reader (status, registration, counter) reads the table strongly consistent with no cache of its own;
 * on AWS the command also waits out the edge cache of the public status route before exiting, so every request that
 * arrives after the command has exited sees the new timetable (CONTRACT "Operator CLI").
 */
import type { Command } from 'commander';
import { AXES, type Axis, parseAxis, parseRegion, type Region } from '#domain/kernel/geography';
import { toIsoUtc, toRomeIso } from '#domain/kernel/instant';
import {
  MOMENT_KEYS,
  scopeKey as scopeKeyOf,
  type Timetable,
  TimetableIsoSchema,
  type TimetableScope,
} from '#domain/kernel/timetable';
import { ROUTES } from '#catalogue/routes';
import { action, BadInput, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type WriteOptions, writeCommand } from './options.ts';
import { dryRunLine } from './output.ts';
import { describeScope, registerTimetableShow } from './timetable-show.ts';

interface SetOptions extends WriteOptions {
  m1?: string;
  m2?: string;
  m3?: string;
  m4?: string;
  m5?: string;
  m6?: string;
  registrationCloses?: string;
  region?: string;
  axis?: string;
}

export function registerTimetable(program: Command): void {
  const group = commandGroup(program, 'timetable', 'Tabella temporale (Momenti 1–6)');
  let set = group
    .command('set')
    .description('Imposta la tabella temporale, globale o per regione e/o asse (istanti ISO 8601 con Z o scarto)');
  for (const key of MOMENT_KEYS) set = set.option(`--${key} <iso>`, `Momento ${key.slice(1)}`);
  set = set
    .option('--registration-closes <iso>', 'chiusura delle registrazioni (predefinita: Momento 4)')
    .option('--region <regione>', 'solo per questa regione o provincia autonoma')
    // Checked with the moments, so that one run lists every problem (not commander's first refusal).
    .option('--axis <asse>', `solo per questo asse (${AXES.join(', ')})`);
  writeCommand(set).action(action((options: SetOptions) => setTimetable(options)));
  registerTimetableShow(group);
}

export async function setTimetable(options: SetOptions): Promise<void> {
  const { scope, timetable } = parseSetOptions(options);
  const intent = { writes: `impostare la tabella temporale ${describeScope(scope)}` };
  await withCloud(
    options,
    async (cloud) => {
      if (options.dryRun) {
        const replaced = (await cloud.repositories.config.timetables()).has(scopeKeyOf(scope));
        process.stdout.write(
          `${dryRunLine(`${replaced ? 'sostituirebbe' : 'imposterebbe'} la tabella temporale ${describeScope(scope)} su ${cloud.description}`)}\n`,
        );
        process.stdout.write(formatTimetable(timetable));
        return;
      }
      await cloud.repositories.config.setTimetable(scope, timetable);
      if (cloud.kind === 'aws') await waitOutEdgeCache();
      process.stdout.write(`Tabella temporale ${describeScope(scope)} impostata su ${cloud.description}:\n`);
      process.stdout.write(formatTimetable(timetable));
    },
    intent,
  );
}

/** Every problem of the options at once (missing moments, malformed instants, order), or the scope and timetable. */
export function parseSetOptions(options: SetOptions): { scope: TimetableScope; timetable: Timetable } {
  const problems: string[] = [];
  const missing = MOMENT_KEYS.filter((key) => options[key] === undefined);
  if (missing.length > 0) problems.push(`Mancano i momenti: ${missing.map((k) => `--${k}`).join(', ')}.`);
  const scope: TimetableScope = {};
  if (options.region !== undefined) {
    const region: Region | undefined = parseRegion(options.region);
    if (region) scope.region = region;
    else problems.push(`--region: regione o provincia autonoma sconosciuta "${options.region}".`);
  }
  if (options.axis !== undefined) {
    const axis: Axis | undefined = parseAxis(options.axis);
    if (axis) scope.axis = axis;
    else problems.push(`--axis: asse sconosciuto "${options.axis}" (valori ammessi: 1.1, 1.2, 2, 3, 4, 5.1, 5.2).`);
  }
  const parsed = TimetableIsoSchema.safeParse({
    m1: options.m1 ?? '',
    m2: options.m2 ?? '',
    m3: options.m3 ?? '',
    m4: options.m4 ?? '',
    m5: options.m5 ?? '',
    m6: options.m6 ?? '',
    ...(options.registrationCloses === undefined ? {} : { registrationCloses: options.registrationCloses }),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path.at(-1) ?? '');
      if (missing.includes(key as (typeof MOMENT_KEYS)[number])) continue;
      problems.push(`${optionName(key)}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new BadInput([...problems, 'Tabella temporale non modificata.']);
  }
  return { scope, timetable: parsed.data };
}

function formatTimetable(t: Timetable): string {
  const line = (label: string, ms: number) =>
    `  ${label.padEnd(24)} ${toIsoUtc(ms)}  (ora italiana ${toRomeIso(ms)})\n`;
  return [
    ...MOMENT_KEYS.map((key) => line(`Momento ${key.slice(1)}`, t.moments[key])),
    line('Chiusura registrazioni', t.registrationCloses),
  ].join('');
}

function optionName(key: string): string {
  if (key === 'registrationCloses') return '--registration-closes';
  return key ? `--${key}` : 'tabella';
}

/** The longest edge cache of a public route (CloudFront honours the route's max-age), plus a margin. */
async function waitOutEdgeCache(): Promise<void> {
  const seconds = Math.max(0, ...ROUTES.map((route) => route.cacheSeconds ?? 0));
  if (seconds > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 200));
}
