/**
 * The verifier on a whole click day in memory: a sealed log and the lists computed from the record verify; one
 * flipped byte in any tile, entry bundle, checkpoint, public table or list fails with a message naming the file;
 * an earlier checkpoint and a receipt's inclusion proof are checked; a log that grew after its seal, a send outside
 * the counter window or a send the lists ignore are caught.
 */
import type { Application } from '#domain/kernel/application';
import { decodeLogHead, encodeLogHead, TransparencyLog } from '#domain/transparency/log';
import { noteSigner } from '#domain/transparency/note';
import { receiptLogProof } from '#domain/transparency/receipt-proof';
import { logSends } from '#domain/transparency/sequencer';
import { VerificationError } from '#domain/transparency/verify/source';
import { describeReport, verifySite } from '#domain/transparency/verify/site';
import { application, newToken } from '../../support/applications.ts';
import { type ClickDay, exportLog, publishClickDay, SITE_KEYS, SITE_ORIGIN } from '../../support/transparency-site.ts';

const M5 = Date.parse('2026-10-26T08:00:00.000Z');
const M6 = M5 + 30 * 60_000;
const timetable = {
  moments: { m1: M5 - 4e6, m2: M5 - 3e6, m3: M5 - 2e6, m4: M5 - 1e6, m5: M5, m6: M6 },
  registrationCloses: M5 - 1e6,
};

function clickDay(): ClickDay {
  const applications: Application[] = [
    ...Array.from({ length: 7 }, (_, i) =>
      application({
        requestedCents: 10_000_000 + i * 100,
        companyName: `Ditta, "${i}" S.p.A.`,
        pec: `d${i}@pec.example.it`,
      }),
    ),
    application({ region: "Valle d'Aosta", axis: '5.1', requestedCents: 1_000_000 }),
    ...Array.from({ length: 3 }, () => application({ region: 'Sicilia', axis: '1.1', requestedCents: 5_000_000 })),
  ];
  const sendsOf = applications.filter((a) => a.region !== "Valle d'Aosta");
  const sends = sendsOf.map((a, i) => ({
    token: a.token,
    arrivalTime: new Date(M5 + 37 + (i % 3) * 5).toISOString(), // ties on arrival: the edition's criteria decide
    receiptId: `ricevuta-${i}`,
  }));
  return {
    applications,
    allocations: [
      { region: 'Lazio', axis: '2', allocationCents: 35_000_000 },
      { region: "Valle d'Aosta", axis: '5.1', allocationCents: 2_000_000 },
      { region: 'Sicilia', axis: '1.1', allocationCents: 6_000_000 },
    ],
    timetable,
    sends,
    annulments: [
      {
        token: applications[2]!.token,
        reason: 'Sessioni concorrenti, verbale n. 12',
        annulledAt: new Date(M6 + 1000).toISOString(),
      },
    ],
  };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VerificationError);
  return (error as Error).message;
}

describe('sportello-verify on a click day in memory', () => {
  it('given a sealed log and lists built from the record, when verified, then every list is recomputed byte for byte', async () => {
    const { site } = await publishClickDay(clickDay());
    const report = await verifySite(site);
    expect(report.logs).toEqual([
      expect.objectContaining({
        name: 'isi2024',
        size: 1 + 10 + 1 + 1,
        sealed: true,
        lists: { lists: 3, rows: 11, annulledAfterSeal: [] },
      }),
    ]);
    expect(describeReport(report).join('\n')).toContain('identici byte per byte');
    // The public tables hold no PEC.
    expect(site.text('log/isi2024/applications.csv')).not.toContain('pec');
  });

  it.each([
    ['a hash tile', 'log/isi2024/tile/0/000.p/13', 100, /tile\/0\/000\.p\/13: hash 3 does not match entry 3/],
    [
      'an entry bundle',
      'log/isi2024/tile/entries/000.p/13',
      300,
      /log\/isi2024\/tile\/0\/000\.p\/13: hash \d+ does not match entry/,
    ],
    ['the checkpoint', 'log/isi2024/checkpoint', 40, /log\/isi2024\/checkpoint: firma o testo non validi/],
    ['the public applications table', 'log/isi2024/applications.csv', 200, /applications\.csv: SHA-256 diverso/],
    ['the allocations table', 'log/isi2024/allocations.csv', -3, /allocations\.csv: SHA-256 diverso/],
    ['a list CSV', 'lists/isi2024/lazio/2.csv', -20, /lists\/isi2024\/lazio\/2\.csv, riga 8: pubblicato/],
  ])('given one flipped byte in %s, then it fails naming the file', async (_what, path, at, message) => {
    const { site } = await publishClickDay(clickDay());
    site.flip(path, at);
    expect(await failure(verifySite(site))).toMatch(message);
  });

  it('given a list JSON whose row differs, then the row is named', async () => {
    const { site } = await publishClickDay(clickDay());
    const path = 'lists/isi2024/sicilia/1.1.json';
    site.files.set(path, new TextEncoder().encode(site.text(path).replace('"UTILE"', '"CARENZA_FONDI"')));
    expect(await failure(verifySite(site))).toMatch(
      /sicilia\/1\.1\.json, riga 1 dell'elenco: pubblicata .*CARENZA_FONDI/,
    );
  });

  it('given an earlier checkpoint, then the current tree must extend it', async () => {
    const day = clickDay();
    const { site, store } = await publishClickDay(day);
    const earlier = store.served[1]!.signed;
    const report = await verifySite(site, { earlierCheckpoint: earlier });
    expect(report.checkedEarlier).toBe(true);
    // A checkpoint of another tree of the same origin (a fork) is refused.
    const other = await publishClickDay({ ...day, sends: day.sends.slice(1) });
    expect(await failure(verifySite(site, { earlierCheckpoint: other.store.served[2]!.signed }))).toMatch(
      /non è un prefisso/,
    );
  });

  it('given a receipt with its proof, then its inclusion is verified; another arrival time fails', async () => {
    const day = clickDay();
    const { site, log } = await publishClickDay(day);
    const send = day.sends[4]!;
    const proof = (await receiptLogProof(log, { url: '/log/isi2024/', origin: 'x' }, send))!;
    expect(proof.entry).toBe(
      `sportello-log/v1 send\ntoken ${send.token}\narrival ${send.arrivalTime}\nreceipt ${send.receiptId}\n`,
    );
    expect((await verifySite(site, { receipt: { ...send, log: proof } })).checkedReceipt).toBe(true);
    const forged = { ...send, arrivalTime: new Date(M5).toISOString(), log: proof };
    expect(await failure(verifySite(site, { receipt: forged }))).toMatch(/prova di inclusione non porta alla radice/);
  });

  it('given a send outside the counter window in the log, then it is refused', async () => {
    const day = clickDay();
    day.sends[0] = { ...day.sends[0]!, arrivalTime: new Date(M6).toISOString() };
    const { site } = await publishClickDay(day);
    expect(await failure(verifySite(site))).toMatch(
      /voce \d+ \(invio .*\) è fuori dall'apertura dello sportello di Lazio asse 2/,
    );
  });

  it('given an annulment logged but published with another reason, then it is refused', async () => {
    const { site } = await publishClickDay(clickDay());
    const path = 'lists/isi2024/lazio/2.json';
    site.files.set(path, new TextEncoder().encode(site.text(path).replace('verbale n. 12', 'verbale n. 13')));
    expect(await failure(verifySite(site))).toMatch(/non ne pubblicano il motivo registrato/);
  });

  it('given a send logged after the lists were computed, then the list that ignored it is named', async () => {
    const day = clickDay();
    const late = application({ region: 'Sicilia', axis: '1.1', requestedCents: 100 });
    day.applications.push(late);
    const { site, log, store } = await publishClickDay(day, { seal: false });
    await logSends(log, [{ token: late.token, arrivalTime: new Date(M5 + 1).toISOString(), receiptId: 'tardiva' }]);
    exportLog(site, store);
    expect(await failure(verifySite(site))).toMatch(/lists\/isi2024\/sicilia\/1\.1\.csv, riga 2: pubblicato/);
  });

  it('given a log that grew after its seal, then the seal is no longer the last entry', async () => {
    const { site, store } = await publishClickDay(clickDay());
    const head = decodeLogHead(store.headText!);
    store.headText = encodeLogHead({ ...head, state: { ...head.state, sealed: false } });
    const log = new TransparencyLog(store, { origin: SITE_ORIGIN, signer: noteSigner(SITE_KEYS.skey) });
    await logSends(log, [{ token: newToken(), arrivalTime: new Date(M5 + 1).toISOString(), receiptId: 'dopo' }]);
    exportLog(site, store);
    expect(await failure(verifySite(site))).toMatch(/la chiusura \(seal\) alla voce 12 non è l'ultima voce/);
  });
});

describe('sportello-verify on a window-draw click day in memory', () => {
  const seed = new Uint8Array(32).fill(9);
  const draw = { seed, windowSeconds: 1 };
  /** The click day with half of the Lazio sends a minute later: some in the 1-second window, some after it. */
  function drawnDay(): ClickDay {
    const day = clickDay();
    day.sends = day.sends.map((s, i) =>
      i % 2 ? { ...s, arrivalTime: new Date(Date.parse(s.arrivalTime) + 60_000 - i).toISOString() } : s,
    );
    return day;
  }

  it('given the seed revealed after the seal, when verified, then the drawn lists are recomputed byte for byte', async () => {
    const { site } = await publishClickDay(drawnDay(), { draw });
    const report = await verifySite(site);
    expect(report.logs[0]!.lists).toEqual({
      lists: 3,
      rows: 11,
      annulledAfterSeal: [],
      drawSeed: '09'.repeat(32),
    });
    expect(describeReport(report).join('\n')).toContain(`il seme pubblicato ${'09'.repeat(32)} è quello impegnato`);
    // The window's rows are placed by the draw, the later ones by arrival.
    const lazio = site.text('lists/isi2024/lazio/2.csv').split('\n');
    expect(lazio.filter((l) => l.endsWith(',draw')).length).toBeGreaterThan(0);
  });

  it('given lists computed chronologically under window-draw rules, then the first list that differs is named', async () => {
    const day = drawnDay();
    const drawn = await publishClickDay(day, { draw });
    const chronological = await publishClickDay(day);
    // The tokens are random, so the draw may agree with arrival order on the first rows: the first line that differs
    // (1-based, the header is line 1) is the one the verifier must name.
    const path = 'lists/isi2024/lazio/2.csv';
    const published = chronological.site.text(path).split('\n');
    const recomputed = drawn.site.text(path).split('\n');
    const line = published.findIndex((l, i) => l !== recomputed[i]) + 1;
    expect(line).toBeGreaterThan(1);
    for (const [p, data] of chronological.site.files) if (p.startsWith('lists/')) drawn.site.files.set(p, data);
    expect(await failure(verifySite(drawn.site))).toContain(`${path}, riga ${line}: pubblicato`);
  });

  it('given another seed published, then it is refused: its SHA-256 is not the commitment', async () => {
    const { site } = await publishClickDay(drawnDay(), { draw });
    site.files.set('log/isi2024/draw-seed', new TextEncoder().encode(`${'0a'.repeat(32)}\n`));
    expect(await failure(verifySite(site))).toMatch(
      /log\/isi2024\/draw-seed: il seme non è quello impegnato nella voce 0 del registro: il suo SHA-256 è [0-9a-f]{64}, l'impegno \(seed-sha256\) è [0-9a-f]{64}/,
    );
    site.files.set('log/isi2024/draw-seed', new TextEncoder().encode('09'.repeat(32)));
    expect(await failure(verifySite(site))).toMatch(/draw-seed: il file contiene il seme .* e un a capo/);
    site.files.delete('log/isi2024/draw-seed');
    expect(await failure(verifySite(site))).toMatch(/draw-seed: seme del sorteggio non pubblicato/);
  });
});
