/**
 * `timetable show [--region R] [--axis A] [--json]`: the timetables set (global, per region, axis, region + axis) and,
 * for every list (region × axis), the one in force — the most specific set, as the counter resolves it — with the
 * phase it gives now. `--region`/`--axis` narrow the lists shown.
 */
import type { Command } from 'commander';
import { AXES, type Axis, EVERY_LIST, parseRegion, type Region } from '#domain/kernel/geography';
import { toIsoUtc, toRomeIso } from '#domain/kernel/instant';
import {
  MOMENT_KEYS,
  type Phase,
  parseScopeKey,
  phaseAt,
  scopeCandidates,
  type Timetable,
  type TimetableScope,
} from '#domain/kernel/timetable';
import { action, BadInput } from './cli.ts';
import { withCloud } from './cloud.ts';
import { choiceOption, type ReadOptions, readCommand } from './options.ts';
import { printResult } from './output.ts';
import { count } from '#domain/kernel/plural';

interface ShowOptions extends ReadOptions {
  region?: string;
  axis?: string;
}

export interface TimetableView {
  at: string;
  set: { scope: TimetableScope; key: string; moments: Record<string, string>; registrationCloses: string }[];
  inForce: { region: Region; axis: Axis; scope: string | null; phase: Phase }[];
}

export function registerTimetableShow(group: Command): void {
  readCommand(
    group
      .command('show')
      .description('Mostra le tabelle temporali impostate e quella in vigore per ogni regione e asse')
      .option('--region <regione>', 'solo gli elenchi di questa regione o provincia autonoma')
      .addOption(choiceOption('--axis <asse>', 'solo gli elenchi di questo asse', AXES)),
  ).action(action((options: ShowOptions) => showTimetables(options)));
}

export async function showTimetables(options: ShowOptions): Promise<void> {
  const region = options.region === undefined ? undefined : parseRegion(options.region);
  if (options.region !== undefined && !region) {
    throw new BadInput([`--region: regione o provincia autonoma sconosciuta "${options.region}".`]);
  }
  await withCloud(options, async (cloud) => {
    const view = timetableView(await cloud.repositories.config.timetables(), Date.now(), region, options.axis as Axis);
    printResult(options, view, (v) => describeView(v, cloud.description));
  });
}

/** Most general first, as they are resolved in reverse: global, axis, region, region + axis. */
const weight = (key: string) => (key.includes('REGION') ? 2 : 0) + (key.includes('AXIS') ? 1 : 0);

export function timetableView(all: ReadonlyMap<string, Timetable>, atMs: number, region?: Region, axis?: Axis) {
  const keys = [...all.keys()].sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
  const iso = (t: Timetable) => Object.fromEntries(MOMENT_KEYS.map((k) => [k, toIsoUtc(t.moments[k])]));
  const lists = EVERY_LIST.filter((l) => (!region || l.region === region) && (!axis || l.axis === axis));
  return {
    at: toIsoUtc(atMs),
    set: keys.map((key) => {
      const t = all.get(key) as Timetable;
      return {
        scope: parseScopeKey(key) ?? {},
        key,
        moments: iso(t),
        registrationCloses: toIsoUtc(t.registrationCloses),
      };
    }),
    inForce: lists.map(({ region: r, axis: a }) => {
      const key = scopeCandidates(r, a).find((k) => all.has(k)) ?? null;
      return { region: r, axis: a, scope: key, phase: phaseAt(key ? (all.get(key) ?? null) : null, atMs) };
    }),
  } satisfies TimetableView;
}

function describeView(view: TimetableView, where: string): string[] {
  if (view.set.length === 0) {
    return [`Nessuna tabella temporale impostata su ${where}: fase BEFORE_REGISTRATION per ogni elenco.`];
  }
  const lines: string[] = [];
  for (const entry of view.set) {
    lines.push(`Tabella temporale ${describeScope(entry.scope)} [${entry.key}]`);
    const row = (label: string, iso: string) => {
      const ms = Date.parse(iso);
      return `  ${label.padEnd(24)} ${iso}  (ora italiana ${toRomeIso(ms)})`;
    };
    for (const key of MOMENT_KEYS) lines.push(row(`Momento ${key.slice(1)}`, entry.moments[key] as string));
    lines.push(row('Chiusura registrazioni', entry.registrationCloses));
  }
  lines.push(`In vigore il ${view.at} (${count(view.inForce.length, 'elenco', 'elenchi')}):`);
  const byScope = new Map<string, TimetableView['inForce']>();
  for (const row of view.inForce) byScope.set(row.scope ?? '-', [...(byScope.get(row.scope ?? '-') ?? []), row]);
  for (const [key, rows] of byScope) {
    const phases = [...new Set(rows.map((r) => r.phase))].join(', ');
    const names = rows.length <= 8 ? `: ${rows.map((r) => `${r.region} ${r.axis}`).join('; ')}` : '';
    lines.push(
      `  ${key === '-' ? 'nessuna tabella' : key} — ${count(rows.length, 'elenco', 'elenchi')}, fase ${phases}${names}`,
    );
  }
  return lines;
}

export function describeScope(scope: TimetableScope): string {
  if (scope.region && scope.axis) return `per ${scope.region}, asse ${scope.axis}`;
  if (scope.region) return `per ${scope.region}`;
  if (scope.axis) return `per l'asse ${scope.axis}`;
  return 'globale';
}
