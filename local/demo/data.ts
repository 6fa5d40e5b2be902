/**
 * Demo data set for the local cloud: about 200 applications (*domande*) from realistic Italian companies over four
 * regions and four axes, allocations that leave most lists over-subscribed and one list NCD (R17c), and a compressed
 * global timetable. Random on every fresh start (tokens are secrets in real life), always valid.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Axis, Region } from '#domain/kernel/geography';
import type { Allocation } from '#domain/kernel/config';
import type { ApplicationData } from '#domain/kernel/application';
import type { Timetable } from '#domain/kernel/timetable';

const SURNAMES = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Mancini',
  'Costa',
  'Giordano',
  'Rizzo',
  'Lombardi',
  'Moretti',
  'Barbieri',
  'Fontana',
  'Santoro',
  'Mariani',
  'Rinaldi',
  'Caruso',
  'Ferrara',
  'Galli',
  'Martini',
  'Leone',
  'Longo',
  'Gentile',
  'Martinelli',
  'Vitale',
  'Serra',
  'Coppola',
  'De Santis',
  "D'Angelo",
  'Marchetti',
  'Parisi',
  'Villa',
  'Conte',
  'Ferraro',
  'Fabbri',
  'Bianco',
  'Marini',
  'Grasso',
  'Valentini',
  'Messina',
  'Sala',
  'De Angelis',
  'Gatti',
  'Pellegrini',
  'Palumbo',
  'Sanna',
  'Farina',
  'Rizzi',
  'Monti',
  'Cattaneo',
  'Morelli',
];
const ACTIVITIES = [
  'Costruzioni',
  'Officine Meccaniche',
  'Carpenteria Metallica',
  'Tipografia',
  'Falegnameria',
  'Autotrasporti',
  'Impianti Elettrici',
  'Panificio',
  'Ceramiche',
  'Termoidraulica',
  'Metalmeccanica',
  'Arredamenti',
  'Fonderia',
  'Laterizi',
  'Serramenti',
  'Lavorazioni Plastiche',
  'Calzaturificio',
  'Maglificio',
  'Caseificio',
  'Cantina',
  'Oleificio',
  'Edilizia',
  'Logistica',
  'Vetreria',
];
const LEGAL_FORMS = ['S.r.l.', 'S.r.l.', 'S.r.l.', 'S.p.A.', 'S.n.c.', 'S.a.s.', 'S.r.l.s.', 'Soc. Coop.'];

/** region × axis lists of the demo and how over-subscribed each is (allocation / total requested). */
const LISTS: readonly { region: Region; axis: Axis; size: number; cover: number }[] = [
  { region: 'Lazio', axis: '1.1', size: 30, cover: 0.45 },
  { region: 'Lazio', axis: '2', size: 22, cover: 0.5 },
  { region: 'Lazio', axis: '3', size: 12, cover: 0.6 },
  { region: 'Lombardia', axis: '1.1', size: 34, cover: 0.4 },
  { region: 'Lombardia', axis: '2', size: 20, cover: 0.55 },
  { region: 'Lombardia', axis: '5.1', size: 14, cover: 0.7 },
  { region: 'Campania', axis: '1.1', size: 26, cover: 0.35 },
  { region: 'Campania', axis: '3', size: 14, cover: 0.5 },
  { region: 'Toscana', axis: '2', size: 18, cover: 0.6 },
  // Total requested within the allocation: no click day for this list (R17c, "elenco NCD").
  { region: 'Toscana', axis: '5.1', size: 10, cover: 1.25 },
];

export interface DemoData {
  readonly applications: ApplicationData[];
  readonly allocations: Allocation[];
}

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

export function randomToken(): string {
  return `${randomInt(2) === 0 ? '+' : '-'}${randomBytes(32).toString('hex')}`;
}

function pecOf(name: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(s\.r\.l\.s?|s\.p\.a|s\.n\.c|s\.a\.s|soc\. coop)\.?/g, '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
  return `${local}@pec.it`;
}

/** `2026-10-12T10:15:32.123+02:00`: an instant written with Rome's offset, as the application procedure does. */
export function romeIso(ms: number): string {
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome', timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')
    ?.value.replace('GMT', '');
  const sign = offset?.startsWith('-') ? -1 : 1;
  const [h, m] = (offset?.slice(1) || '00:00').split(':').map(Number);
  const shifted = new Date(ms + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000).toISOString().slice(0, -1);
  return `${shifted}${offset && offset.length > 1 ? offset : '+00:00'}`;
}

function euros(min: number, max: number): number {
  return randomInt(min, max + 1) * 100;
}

export function demoData(now = Date.now()): DemoData {
  // One PEC per company: two names differing only in legal form would share one, so the PEC is what must be new.
  const pecs = new Set<string>();
  const companyName = () => {
    for (;;) {
      const name = `${pick(ACTIVITIES)} ${pick(SURNAMES)} ${pick(LEGAL_FORMS)}`;
      if (!pecs.has(pecOf(name))) {
        pecs.add(pecOf(name));
        return name;
      }
    }
  };
  const applications: ApplicationData[] = [];
  const allocations: Allocation[] = [];
  // Some companies apply on two axes of their region: one administrator (PEC) then sees two applications.
  const byRegion = new Map<Region, { companyName: string; pec: string }[]>();
  for (const list of LISTS) {
    let total = 0;
    // Only companies of the region's earlier lists (other axes): never twice in one list.
    const earlier = byRegion.get(list.region) ?? [];
    const reused = new Set<string>();
    const added: { companyName: string; pec: string }[] = [];
    for (let i = 0; i < list.size; i++) {
      const candidate = earlier.length > 0 && randomInt(8) === 0 ? pick(earlier) : undefined;
      const reuse = candidate && !reused.has(candidate.pec) ? candidate : undefined;
      if (reuse) reused.add(reuse.pec);
      const name = reuse?.companyName ?? companyName();
      const company = reuse ?? { companyName: name, pec: pecOf(name) };
      if (!reuse) added.push(company);
      // ISI: 65% of the project, from 5,000 to 130,000 euros (axis 5: from 2,000 to 60,000).
      const requestedCents = list.axis.startsWith('5') ? euros(2_000, 60_000) : euros(5_000, 130_000);
      total += requestedCents;
      applications.push({
        token: randomToken(),
        companyName: company.companyName,
        pec: company.pec,
        region: list.region,
        axis: list.axis,
        requestedCents,
        projectCents: Math.round(requestedCents / 0.65 / 100) * 100,
        registeredAt: romeIso(now - randomInt(2 * 86_400_000, 40 * 86_400_000)),
        cciaaDate: new Date(now - randomInt(365, 40 * 365) * 86_400_000).toISOString().slice(0, 10),
        legalityRating: randomInt(3) === 0,
        workers: randomInt(1, 250),
      });
    }
    byRegion.set(list.region, [...earlier, ...added]);
    // Allocations in whole thousands of euros.
    const allocationCents = Math.ceil((total * list.cover) / 100_000) * 100_000;
    allocations.push({ region: list.region, axis: list.axis, allocationCents });
  }
  return { applications, allocations };
}

/**
 * The compressed global timetable: registration open now (M1 and M2 just passed), waiting room at M4, counter open
 * from M5 to M6. Moments must be strictly increasing, so M1/M2 sit a moment in the past and M3 just before M4.
 */
export function demoTimetable(now: number, minutes: { m4: number; m5: number; m6: number }): Timetable {
  const minute = 60_000;
  const m2 = now - minute;
  const m4 = now + minutes.m4 * minute;
  // PRE_COUNTER for the last minute before M4, and never before now when M4 is still ahead.
  const m3 = m4 > now ? Math.max(now + (m4 - now) / 2, m4 - minute) : m2 + (m4 - m2) / 2;
  return {
    moments: {
      m1: now - 2 * minute,
      m2,
      m3: Math.floor(m3),
      m4,
      m5: now + minutes.m5 * minute,
      m6: now + minutes.m6 * minute,
    },
    registrationCloses: m4,
  };
}
