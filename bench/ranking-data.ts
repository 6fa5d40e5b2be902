/**
 * Synthetic click-day data for the ranking benchmark, deterministic for a seed: applications spread over the
 * 21 × 7 lists, a burst of sends in the first seconds (so many equal milliseconds and deep ties), a few NCD lists,
 * a few annulments. Also renders the same records as the operator's CSV files, for the parse-included figure.
 */
import { AXES, REGIONS } from '#domain/kernel/geography';
import { formatInstant } from '#domain/lists/list-files';
import { formatEuros } from '#domain/kernel/money';
import type { Allocation, Annulment, Application, Send } from '#domain/lists/records';
import type { Token } from '#domain/kernel/token';
import { random } from './random.ts';

export interface RankingData {
  applications: Application[];
  sends: Send[];
  allocations: Allocation[];
  annulments: Annulment[];
}

const CLICK_DAY = Date.UTC(2026, 9, 26, 8, 0, 0, 0);
const REGISTRATION_START = Date.UTC(2026, 4, 1);

export function generateRankingData(sendCount: number, seed = 20261026): RankingData {
  const next = random(seed);
  const applicationCount = Math.round(sendCount * 1.1);
  const hex = () =>
    Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const applications: Application[] = new Array(applicationCount);
  for (let i = 0; i < applicationCount; i++) {
    let tail = '';
    for (let k = 0; k < 8; k++) tail += hex();
    const token = `${next() < 0.5 ? '+' : '-'}${tail}` as Token;
    const registeredAtMs = REGISTRATION_START + Math.floor(next() * 30 * 86_400_000);
    const list = Math.floor(next() * REGIONS.length * AXES.length);
    const day = 1 + Math.floor(next() * 28);
    applications[i] = {
      token: Buffer.from(token, 'latin1').toString('latin1') as Token, // a flat string, as a parser makes
      companyName: `Impresa ${i} S.r.l.`,
      pec: `impresa${i}@pec.example.it`,
      region: REGIONS[Math.floor(list / AXES.length)] as Application['region'],
      axis: AXES[list % AXES.length] as Application['axis'],
      requestedCents: (5 + Math.floor(next() * 26)) * 500_000, // 25,000 to 150,000 euro in steps: ties on amount
      projectCents: (10 + Math.floor(next() * 40)) * 500_000,
      registeredAt: formatInstant(registeredAtMs),
      registeredAtMs,
      registeredAtNanos: 0,
      cciaaDate: `${1990 + Math.floor(next() * 30)}-0${1 + Math.floor(next() * 9)}-${day < 10 ? '0' : ''}${day}`,
      legalityRating: next() < 0.3,
      workers: Math.floor(next() * 50),
      line: i + 2,
    };
  }
  // The first `sendCount` applications send: most within the first seconds, a tail over an hour. An export lists
  // sends in arrival order, and a parser allocates each record and its token string in file order: the records are
  // made in that order too (not made first and sorted afterwards, which would scatter them in memory), each with
  // its own copy of the token, as parsing makes.
  const arrivals = new Float64Array(sendCount);
  for (let i = 0; i < sendCount; i++) {
    const offset = next() < 0.8 ? Math.floor(next() * 20_000) : Math.floor(next() * 3_600_000);
    arrivals[i] = CLICK_DAY + offset;
  }
  const inFileOrder = Array.from({ length: sendCount }, (_, i) => i).sort(
    (a, b) => (arrivals[a] as number) - (arrivals[b] as number) || a - b,
  );
  const sends: Send[] = inFileOrder.map((i, row) => ({
    token: Buffer.from((applications[i] as Application).token, 'latin1').toString('latin1') as Token,
    arrivalMs: arrivals[i] as number,
    line: row + 2,
  }));
  const totals = new Map<string, number>();
  for (const a of applications)
    totals.set(`${a.region}|${a.axis}`, (totals.get(`${a.region}|${a.axis}`) ?? 0) + a.requestedCents);
  const allocations: Allocation[] = [];
  let listIndex = 0;
  for (const region of REGIONS) {
    for (const axis of AXES) {
      const total = totals.get(`${region}|${axis}`) ?? 0;
      // One list in twenty is NCD; the others fund about 40% of what is asked.
      const allocationCents = listIndex % 20 === 0 ? total : Math.floor((total * 0.4) / 100) * 100;
      allocations.push({ region, axis, allocationCents, line: allocations.length + 2 });
      listIndex++;
    }
  }
  const annulments: Annulment[] = [];
  for (let i = 0; i < sendCount; i += 1000) {
    annulments.push({
      token: (applications[i] as Application).token,
      reason: 'Sessioni concorrenti',
      annulledAt: formatInstant(CLICK_DAY + 86_400_000),
      annulledAtMs: CLICK_DAY + 86_400_000,
      line: annulments.length + 2,
    });
  }
  return { applications, sends, allocations, annulments };
}

/** The same records as the four CSV files of `lists compute`. */
export function renderCsv(data: RankingData): {
  applications: string;
  sends: string;
  allocations: string;
  annulments: string;
} {
  const applications = [
    'token,company_name,pec,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers',
  ];
  for (const a of data.applications) {
    applications.push(
      `${a.token},${a.companyName},${a.pec},${a.region},${a.axis},${formatEuros(a.requestedCents)},${formatEuros(a.projectCents)},${a.registeredAt},${a.cciaaDate},${a.legalityRating},${a.workers}`,
    );
  }
  const sends = ['token,arrival_at', ...data.sends.map((s) => `${s.token},${formatInstant(s.arrivalMs)}`)];
  const allocations = [
    'region,axis,allocation_eur',
    ...data.allocations.map((l) => `${l.region},${l.axis},${formatEuros(l.allocationCents)}`),
  ];
  const annulments = [
    'token,reason,annulled_at',
    ...data.annulments.map((n) => `${n.token},${n.reason},${n.annulledAt}`),
  ];
  const text = (lines: string[]) => `${lines.join('\n')}\n`;
  return {
    applications: text(applications),
    sends: text(sends),
    allocations: text(allocations),
    annulments: text(annulments),
  };
}
