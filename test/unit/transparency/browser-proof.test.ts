/**
 * The receipt page's WebCrypto port of the checks (web/src/lib/log-proof.ts) against the product's log: the entry it
 * rebuilds is the log's own bytes, the RFC 9162 walk agrees with the domain's on every leaf of trees of many sizes,
 * and a valid receipt verifies while another arrival, another index, another key or a forged signature do not.
 */
import { encodeEntry } from '#domain/transparency/entries';
import { leafHash, MemoryTree, rootFromInclusionProof } from '#domain/transparency/merkle';
import { receiptLogProof } from '#domain/transparency/receipt-proof';
import { sendEntry } from '#domain/transparency/sequencer';
import { generateKeyPair } from '#domain/transparency/note';
import { openCheckpoint, rootFromProof, sendEntryText, verifyInclusion } from '../../../web/src/lib/log-proof.ts';
import { publishClickDay, SITE_KEYS, SITE_ORIGIN } from '../../support/transparency-site.ts';
import { application } from '../../support/applications.ts';

const M5 = Date.parse('2026-10-26T08:00:00.000Z');
const listing = { logs: [{ name: 'isi2024', origin: SITE_ORIGIN, vkey: SITE_KEYS.vkey, url: '/log/isi2024/' }] };

async function day() {
  const applications = Array.from({ length: 9 }, () => application());
  const sends = applications.map((a, i) => ({
    token: a.token,
    arrivalTime: new Date(M5 + i).toISOString(),
    receiptId: `r-${i}`,
  }));
  const timetable = {
    moments: { m1: M5 - 4e6, m2: M5 - 3e6, m3: M5 - 2e6, m4: M5 - 1e6, m5: M5, m6: M5 + 6e5 },
    registrationCloses: M5 - 1e6,
  };
  const published = await publishClickDay({
    applications,
    allocations: [{ region: 'Lazio', axis: '2', allocationCents: 1e9 }],
    timetable,
    sends,
    annulments: [],
  });
  return { ...published, sends };
}

describe('the receipt page checks a receipt against the public log in the browser', () => {
  it('rebuilds the exact entry bytes the log hashes', () => {
    const send = { token: application().token, arrivalTime: '2026-10-26T08:00:00.123Z', receiptId: 'abc-1' };
    expect(new TextEncoder().encode(sendEntryText(send))).toEqual(encodeEntry(sendEntry(send)));
  });

  it('walks every inclusion proof to the same root as the domain, for trees of 1 to 40 leaves', async () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = Array.from({ length: size }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));
      const tree = new MemoryTree(leaves);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        const expected = rootFromInclusionProof(index, size, leaves[index]!, proof);
        const got = await rootFromProof(
          index,
          size,
          new Uint8Array(leaves[index]!),
          proof.map((p) => new Uint8Array(p)),
        );
        expect(got).toEqual(expected);
      }
      expect(await rootFromProof(0, size, new Uint8Array(leaves[0]!), [])).toEqual(size === 1 ? leaves[0] : null);
    }
    // 820 proofs through WebCrypto's asynchronous digest: about a second alone, several on a loaded CI machine.
  }, 60_000);

  it('verifies a receipt with its proof, and refuses another arrival, another index, another key', async () => {
    const { log, sends } = await day();
    const send = sends[5]!;
    const proof = (await receiptLogProof(log, { url: '/log/isi2024/', origin: SITE_ORIGIN }, send))!;
    const receipt = { ...send, log: proof };
    expect(await verifyInclusion(receipt, listing)).toEqual({
      ok: true,
      message: expect.stringContaining(`voce ${proof.leafIndex}`),
    });
    expect((await verifyInclusion({ ...receipt, arrivalTime: new Date(M5).toISOString() }, listing)).ok).toBe(false);
    expect((await verifyInclusion({ ...receipt, log: { ...proof, leafIndex: proof.leafIndex + 1 } }, listing)).ok).toBe(
      false,
    );
    const other = generateKeyPair(SITE_ORIGIN, 0x01, new Uint8Array(32).fill(9)).vkey;
    const wrongKey = await verifyInclusion(receipt, { logs: [{ ...listing.logs[0]!, vkey: other }] });
    expect(wrongKey).toEqual({
      ok: false,
      message: expect.stringMatching(/ID della chiave errato|non porta la firma/),
    });
    const forged = proof.checkpoint.replace(
      / (\S{10})/,
      (_m, s: string) => ` ${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`,
    );
    expect((await verifyInclusion({ ...receipt, log: { ...proof, checkpoint: forged } }, listing)).ok).toBe(false);
  });

  it('opens the signed checkpoint with the published key', async () => {
    const { log } = await day();
    const state = (await log.current())!;
    const opened = await openCheckpoint(state.checkpoint, SITE_KEYS.vkey);
    expect(opened).toEqual({ origin: SITE_ORIGIN, size: state.edge.size, root: new Uint8Array(state.root) });
  });
});
