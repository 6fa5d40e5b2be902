/**
 * Loads the demo data set through the product's own repositories (what `npm run ops -- import …` and
 * `timetable set` write), once per state directory: a restart keeps whatever the demo became.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { buildClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { scopeKey } from '#domain/kernel/timetable';
import type { LocalCloud } from '#local/cloud';
import { demoData, demoTimetable } from './data.ts';
import { count } from '#domain/kernel/plural';

export interface DemoSummary {
  readonly loadedAt: string;
  readonly applications: number;
  readonly lists: { region: string; axis: string; applications: number; ncd: boolean }[];
  readonly samples: { token: string; companyName: string; pec: string; region: string; axis: string }[];
  readonly timetable: Record<string, number>;
  /** False when the demo was loaded by an earlier start and left as it is. */
  readonly fresh: boolean;
}

export interface DemoOptions {
  readonly m4InMinutes: number;
  readonly m5InMinutes: number;
  readonly m6InMinutes: number;
}

export async function loadDemo(cloud: LocalCloud, options: DemoOptions, now = Date.now()): Promise<DemoSummary> {
  const marker = join(cloud.stateDir, 'demo.json');
  if (existsSync(marker)) return { ...(JSON.parse(readFileSync(marker, 'utf8')) as DemoSummary), fresh: false };
  const env = cloud.endpoints.env;
  const clients = buildClients({ env: { ...process.env, ...env } });
  try {
    const applications = new DynamoApplications(clients.documents, env.APPLICATIONS_TABLE as string);
    const config = new DynamoConfig(clients.documents, env.CONFIG_TABLE as string);
    const data = demoData(now);
    const timetable = demoTimetable(now, { m4: options.m4InMinutes, m5: options.m5InMinutes, m6: options.m6InMinutes });
    const imported = await applications.importMany(data.applications);
    if (imported.refused.length > 0) throw new Error(`demo: ${imported.refused.length} applications refused`);
    await config.replaceAllocations(data.allocations);
    await config.setEdition('isi2024');
    await config.setTimetable({}, timetable);
    const lists = data.allocations.map((a) => {
      const apps = data.applications.filter((x) => x.region === a.region && x.axis === a.axis);
      const requested = apps.reduce((sum, x) => sum + x.requestedCents, 0);
      return { region: a.region, axis: a.axis, applications: apps.length, ncd: requested <= a.allocationCents };
    });
    // One sample per region, from different lists, so each can be tried in its own portal session.
    const clickDay = data.applications.filter(
      (x) => !lists.some((l) => l.ncd && l.region === x.region && l.axis === x.axis),
    );
    const samples = [...new Map(clickDay.map((x) => [x.region, x])).values()].map((x) => ({
      token: x.token,
      companyName: x.companyName,
      pec: x.pec,
      region: x.region,
      axis: x.axis,
    }));
    const summary: DemoSummary = {
      loadedAt: new Date(now).toISOString(),
      applications: data.applications.length,
      lists,
      samples,
      timetable: { ...timetable.moments, registrationCloses: timetable.registrationCloses },
      fresh: true,
    };
    writeFileSync(marker, `${JSON.stringify({ ...summary, scope: scopeKey({}) }, null, 2)}\n`);
    return summary;
  } finally {
    clients.dynamo.destroy();
  }
}

const rome = (ms: number) =>
  new Date(ms).toLocaleString('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'medium' });

export function printDemo(cloud: LocalCloud, demo: DemoSummary, print: (line: string) => void = console.log): void {
  const t = demo.timetable;
  print('');
  print(
    demo.fresh
      ? `Dati dimostrativi caricati: ${count(demo.applications, 'domanda', 'domande')} in ${count(demo.lists.length, 'elenco', 'elenchi')}.`
      : `Dati dimostrativi già presenti (caricati il ${rome(Date.parse(demo.loadedAt))}); --fresh per ricominciare.`,
  );
  print(
    `  Portali: ${cloud.url}/  ·  ${cloud.url}/partecipante/  ·  ${cloud.url}/amministratore/  ·  ${cloud.url}/elenchi/`,
  );
  print(
    `  Calendario (ora di Roma): registrazione aperta fino al Momento 4 ${rome(t.m4 ?? 0)}, ` +
      `sportello aperto dal Momento 5 ${rome(t.m5 ?? 0)} al Momento 6 ${rome(t.m6 ?? 0)}`,
  );
  const ncd = demo.lists.filter((l) => l.ncd).map((l) => `${l.region} asse ${l.axis}`);
  if (ncd.length > 0) print(`  Elenchi NCD (senza click day): ${ncd.join(', ')}`);
  print("  Da provare (codice identificativo · PEC dell'amministratore):");
  for (const s of demo.samples) print(`    ${s.token}  ${s.pec}  (${s.companyName}, ${s.region}, asse ${s.axis})`);
  print('');
}
