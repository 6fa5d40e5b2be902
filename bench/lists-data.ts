/**
 * The lists benchmark's input, written straight to CSV files in the CONTRACT formats (nothing of it held in memory):
 * applications spread over the 21 × 7 lists (a few regions and axes much larger than others, as on a real click
 * day), the first `sends` of them sending — 80 % in the first 20 seconds after M5, so a millisecond holds dozens of
 * arrivals, the rest over an hour — deep ties under the edition's criteria (ten registration instants, amounts in
 * steps of 2,500 euros, few project amounts, CCIAA dates and legality flags), one NCD list in twenty, the others
 * funding about 40 % of what they are asked, one annulment per thousand sends. Deterministic for a seed.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AXES, REGIONS } from '#domain/kernel/geography';
import { formatEuros } from '#domain/kernel/money';
import { random } from './random.ts';

const M5 = Date.UTC(2026, 9, 26, 8, 0, 0, 0);
const REGISTERED = Array.from({ length: 10 }, (_, k) => Date.UTC(2026, 4, 1 + k * 3, 9, 30, 0, k * 7));
const LISTS = REGIONS.length * AXES.length;

export interface ListsData {
  dir: string;
  applications: string;
  sends: string;
  allocations: string;
  annulments: string;
  applicationCount: number;
  sendCount: number;
}

/** Lines written in chunks of about a megabyte, synchronously: a million lines never pile up in memory. */
function writeLines(path: string, lines: (emit: (line: string) => void) => void): void {
  const fd = openSync(path, 'w');
  let buffer = '';
  try {
    lines((line) => {
      buffer += `${line}\n`;
      if (buffer.length >= 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    });
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

export function generateListsData(dir: string, sendCount: number, seed = 20261026): ListsData {
  const next = random(seed);
  const applicationCount = Math.round(sendCount * 1.1);
  // Some lists are far larger than others (Lombardia's axis 1.1 against Molise's 5.2).
  const weights = Array.from({ length: LISTS }, () => 0.2 + next() ** 3 * 5);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  const pickList = () => {
    const x = next() * sum;
    let lo = 0;
    let hi = LISTS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const hex = () =>
    Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  const tokens: string[] = new Array(applicationCount);
  const totals = new Float64Array(LISTS);
  const paths = {
    applications: join(dir, 'applications.csv'),
    sends: join(dir, 'sends.csv'),
    allocations: join(dir, 'allocations.csv'),
    annulments: join(dir, 'annulments.csv'),
  };
  writeLines(paths.applications, (emit) => {
    emit(
      'token,company_name,pec,region,axis,requested_eur,project_eur,registered_at,cciaa_date,legality_rating,workers',
    );
    for (let i = 0; i < applicationCount; i++) {
      let tail = '';
      for (let k = 0; k < 8; k++) tail += hex();
      const token = `${next() < 0.5 ? '+' : '-'}${tail}`;
      tokens[i] = token;
      const list = pickList();
      const requested = (10 + Math.floor(next() * 50)) * 250_000; // 25,000 to 147,500 euros in steps of 2,500
      totals[list] = (totals[list] as number) + requested;
      const project = (20 + Math.floor(next() * 8)) * 1_000_000;
      const registered = new Date(REGISTERED[Math.floor(next() * REGISTERED.length)] as number).toISOString();
      const month = 1 + Math.floor(next() * 9);
      const cciaa = `${1990 + Math.floor(next() * 30)}-0${month}-1${Math.floor(next() * 9)}`;
      const name = next() < 0.01 ? `"Impresa ${i}, Rossi & C. S.n.c."` : `Impresa ${i} S.r.l.`;
      emit(
        `${token},${name},impresa${i}@pec.example.it,${REGIONS[Math.floor(list / AXES.length)]},${AXES[list % AXES.length]},` +
          `${formatEuros(requested)},${formatEuros(project)},${registered},${cciaa},${next() < 0.3},${Math.floor(next() * 50)}`,
      );
    }
  });
  // The first `sendCount` applications send; the file lists them in arrival order, as `export sends` writes them.
  const arrivals = new Float64Array(sendCount);
  for (let i = 0; i < sendCount; i++) {
    arrivals[i] = M5 + (next() < 0.8 ? Math.floor(next() * 20_000) : Math.floor(next() * 3_600_000));
  }
  const order = new Int32Array(sendCount).map((_, i) => i);
  order.sort((a, b) => (arrivals[a] as number) - (arrivals[b] as number) || a - b);
  writeLines(paths.sends, (emit) => {
    emit('token,arrival_at');
    for (const i of order) emit(`${tokens[i]},${new Date(arrivals[i] as number).toISOString()}`);
  });
  writeLines(paths.allocations, (emit) => {
    emit('region,axis,allocation_eur');
    for (let list = 0; list < LISTS; list++) {
      const total = totals[list] as number;
      const allocation = list % 20 === 0 ? total : Math.floor((total * 0.4) / 100) * 100;
      emit(`${REGIONS[Math.floor(list / AXES.length)]},${AXES[list % AXES.length]},${formatEuros(allocation)}`);
    }
  });
  writeLines(paths.annulments, (emit) => {
    emit('token,reason,annulled_at');
    for (let i = 0; i < sendCount; i += 1000) emit(`${tokens[i]},Sessioni concorrenti,2026-10-27T10:00:00.000Z`);
  });
  return { dir, ...paths, applicationCount, sendCount };
}
