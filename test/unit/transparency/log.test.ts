/**
 * The append-only log over its storage port: a whole edition (rules, sends, annulment, seal) checked the way an
 * outside verifier would (signature, full tile audit, every consistency proof, inclusion proofs), then idempotency,
 * ordering rules, the seal, a writer that dies half-way through publishing, and concurrent writers.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { openCheckpoint } from '#domain/transparency/checkpoint';
import {
  encodeEntry,
  entryKey,
  type LogEntry,
  parseEntry,
  reasonSha256,
  type RulesEntry,
  type SendEntry,
} from '#domain/transparency/entries';
import {
  type AppendResult,
  annulmentKey,
  ConcurrentAppendError,
  decodeLogHead,
  encodeLogHead,
  LogError,
  LogSealedError,
  sendKey,
  TransparencyLog,
} from '#domain/transparency/log';
import { leafHash, MemoryTree, verifyConsistency, verifyInclusion } from '#domain/transparency/merkle';
import { generateKeyPair, noteSigner, noteVerifier } from '#domain/transparency/note';
import { auditTiles } from '#domain/transparency/tiles';
import { MemoryLogStore } from './memory-log-store.ts';

const ORIGIN = 'sportello.example/log/isi2024';
const KEYS = generateKeyPair(ORIGIN, 0x01, new Uint8Array(32).fill(42));
const signer = noteSigner(KEYS.skey);
const verifier = noteVerifier(KEYS.vkey);
const OPENS = Date.parse('2025-05-13T08:00:00.000Z');

const RULES: RulesEntry = {
  kind: 'rules',
  origin: ORIGIN,
  edition: 'isi2024',
  resolution: 'ms',
  tieBreak: ['registered_at', 'requested_eur', 'project_eur', 'cciaa_date', 'legality_rating', 'token'],
  allocation: { mode: 'chronological' },
  counters: [{ region: '*', axis: '*', opensAt: '2025-05-13T08:00:00.000Z', closesAt: '2025-05-13T08:30:00.000Z' }],
  applicationsSha256: 'a'.repeat(64),
  allocationsSha256: 'b'.repeat(64),
};

const token = (i: number) => `${i % 2 ? '-' : '+'}${createHash('sha256').update(`token ${i}`).digest('hex')}`;
const send = (i: number, ms = OPENS + i): SendEntry => ({
  kind: 'send',
  token: token(i),
  arrivalTime: new Date(ms).toISOString(),
  receiptId: `r-${i}`,
});
const sends = (from: number, count: number) => Array.from({ length: count }, (_, k) => send(from + k));

const newLog = (store: MemoryLogStore, maxAttempts?: number) =>
  new TransparencyLog(store, { origin: ORIGIN, signer, maxAttempts });

/** What a verifier does with the published files: open the checkpoint, audit every tile, parse every entry. */
async function verifyPublished(
  store: MemoryLogStore,
): Promise<{ size: number; root: Uint8Array; entries: LogEntry[] }> {
  const { checkpoint } = openCheckpoint(store.checkpoint!, { log: verifier, origin: ORIGIN });
  const raw = await auditTiles(checkpoint.size, checkpoint.root, (p) => store.readFile(p));
  return { size: checkpoint.size, root: checkpoint.root, entries: raw.map((e) => parseEntry(e)) };
}

describe('a whole edition', () => {
  it('given rules, batches of sends, an annulment and the seal then everything a verifier checks holds', async () => {
    const store = new MemoryLogStore();
    const log = newLog(store);
    const logged: LogEntry[] = [RULES];
    const results: AppendResult[] = [await log.append([RULES])];
    let next = 0;
    for (const count of [3, 300, 1, 250]) {
      const batch = sends(next, count);
      next += count;
      results.push(await log.append(batch));
      logged.push(...batch);
    }
    const annulment: LogEntry = {
      kind: 'annulment',
      token: token(5),
      annulledAt: '2025-05-13T09:00:00.000Z',
      reasonSha256: reasonSha256('sessioni concorrenti'),
    };
    results.push(await log.append([annulment]));
    logged.push(annulment);
    const sealed = await log.seal('2025-05-13T08:30:00.000Z');
    results.push(sealed);
    logged.push({ kind: 'seal', entries: 556, sealedAt: '2025-05-13T08:30:00.000Z' });

    expect(results.map((r) => r.size)).toEqual([1, 4, 304, 305, 555, 556, 557]);
    expect(results[2]!.outcomes.map((o) => o.index)).toEqual(Array.from({ length: 300 }, (_, i) => 4 + i));
    expect(sealed.sealed).toBe(true);

    // The published checkpoint is the last one; the tiles audit; the entries are exactly what was appended.
    expect(store.checkpoint).toBe(sealed.checkpoint);
    const published = await verifyPublished(store);
    expect(published.size).toBe(557);
    expect(published.entries).toEqual(logged);
    expect(published.root).toEqual(MemoryTree.fromEntries(logged.map(encodeEntry)).root());
    expect(parseEntry(await log.entry(556))).toEqual({
      kind: 'seal',
      entries: 556,
      sealedAt: '2025-05-13T08:30:00.000Z',
    });

    // Every checkpoint is consistent with every earlier one.
    const opened = results.map((r) => openCheckpoint(r.checkpoint, { log: verifier, origin: ORIGIN }).checkpoint);
    for (let i = 0; i < opened.length; i++) {
      for (let j = i; j < opened.length; j++) {
        const proof = await log.consistencyProof(opened[i]!.size, opened[j]!.size);
        expect(verifyConsistency(opened[i]!.size, opened[j]!.size, proof, opened[i]!.root, opened[j]!.root)).toBe(true);
      }
    }

    // A receipt's proof: the leaf of the send, in the tree of the current checkpoint.
    for (const i of [0, 5, 255, 553]) {
      const p = (await log.proveEntry(sendKey(token(i))))!;
      const { checkpoint } = openCheckpoint(p.checkpoint, { log: verifier, origin: ORIGIN });
      expect(p.index).toBe(1 + i);
      expect(verifyInclusion(p.index, checkpoint.size, leafHash(encodeEntry(send(i))), p.proof, checkpoint.root)).toBe(
        true,
      );
    }
    expect((await log.proveEntry(annulmentKey(token(5))))!.index).toBe(555);
    expect(await log.proveEntry(sendKey(token(9999)))).toBeNull();
  });
});

describe('each fact once', () => {
  it('given a send delivered again then it is a duplicate with its first index; with other bytes a conflict; nothing is appended', async () => {
    const store = new MemoryLogStore();
    const log = newLog(store);
    await log.append([RULES, send(1), send(2)]);
    const before = store.checkpoint;
    const again = await log.append([send(2), send(1), { ...send(1), arrivalTime: '2025-05-13T08:00:09.000Z' }]);
    expect(again.outcomes).toEqual([
      { key: sendKey(token(2)), index: 2, status: 'duplicate' },
      { key: sendKey(token(1)), index: 1, status: 'duplicate' },
      { key: sendKey(token(1)), index: 1, status: 'conflict' },
    ]);
    expect(again.size).toBe(3);
    expect(store.checkpoint).toBe(before);
    expect(store.served).toHaveLength(1);
  });

  it('given the same token twice in one batch then one leaf', async () => {
    const log = newLog(new MemoryLogStore());
    const r = await log.append([RULES, send(1), send(1), send(3)]);
    expect(r.outcomes.map((o) => [o.index, o.status])).toEqual([
      [0, 'appended'],
      [1, 'appended'],
      [1, 'duplicate'],
      [2, 'appended'],
    ]);
    expect(r.size).toBe(3);
  });

  it('given a send and an annulment of the same token then two facts, two leaves', async () => {
    const log = newLog(new MemoryLogStore());
    const annul: LogEntry = {
      kind: 'annulment',
      token: token(1),
      annulledAt: '2025-05-14T00:00:00.000Z',
      reasonSha256: 'c'.repeat(64),
    };
    const r = await log.append([RULES, send(1), annul]);
    expect(r.outcomes.map((o) => o.key)).toEqual(['rules', sendKey(token(1)), annulmentKey(token(1))]);
    expect(annulmentKey(token(1))).toBe(entryKey(annul));
  });
});

describe('order of the log', () => {
  it('given a first batch without rules, rules of another log, or nothing then refused; other rules later are a conflict', async () => {
    const store = new MemoryLogStore();
    const log = newLog(store);
    await expect(log.append([send(1)])).rejects.toThrow('first entry of the log is its rules entry');
    await expect(log.append([])).rejects.toThrow('no entry yet');
    await expect(log.append([{ ...RULES, origin: 'sportello.example/log/isi2012' }])).rejects.toThrow('names');
    expect(store.headText).toBeNull();
    await log.append([RULES]);
    // Other rules once the log has its rules: a conflict on the key `rules`, never a second rules leaf.
    const other = await log.append([send(1), { ...RULES, edition: 'other' }]);
    expect(other.outcomes.map((o) => [o.key, o.index, o.status])).toEqual([
      [sendKey(token(1)), 1, 'appended'],
      ['rules', 0, 'conflict'],
    ]);
    expect((await log.current())!.edge.size).toBe(2);
    // The same rules again are a duplicate, not a second rules entry.
    expect((await log.append([RULES])).outcomes[0]!.status).toBe('duplicate');
  });

  it('given a seal that miscounts or is not last then refused and nothing changes', async () => {
    const store = new MemoryLogStore();
    const log = newLog(store);
    await log.append([RULES, send(1)]);
    await expect(log.append([{ kind: 'seal', entries: 5, sealedAt: '2025-05-13T08:30:00.000Z' }])).rejects.toThrow(
      'must say entries 2',
    );
    await expect(
      log.append([{ kind: 'seal', entries: 2, sealedAt: '2025-05-13T08:30:00.000Z' }, send(2)]),
    ).rejects.toThrow(LogSealedError);
    expect((await log.current())!.sealed).toBe(false);
    expect(store.served.map((s) => s.size)).toEqual([2]);
  });

  it('given a sealed log then new entries are refused, redeliveries still recognised, a second seal refused', async () => {
    const store = new MemoryLogStore();
    const log = newLog(store);
    await log.append([RULES, send(1)]);
    await log.seal('2025-05-13T08:30:00.000Z');
    await expect(log.append([send(2)])).rejects.toThrow(LogSealedError);
    await expect(log.append([send(1), send(2)])).rejects.toThrow('is sealed');
    expect((await log.append([send(1)])).outcomes[0]!.status).toBe('duplicate');
    await expect(log.seal('2025-05-13T08:31:00.000Z')).rejects.toThrow('already sealed');
    // Another process, from the stored head alone, refuses too.
    await expect(newLog(store).append([send(3)])).rejects.toThrow(LogSealedError);
    const published = await verifyPublished(store);
    expect(published.entries[published.size - 1]).toEqual({
      kind: 'seal',
      entries: 2,
      sealedAt: '2025-05-13T08:30:00.000Z',
    });
  });
  it('given a store that holds another log then every operation is refused', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES]);
    const other = new TransparencyLog(store, { origin: 'sportello.example/log/isi2012', signer });
    await expect(other.append([send(1)])).rejects.toThrow('the stored log is sportello.example/log/isi2024');
    await expect(other.current()).rejects.toThrow(LogError);
  });
});

describe('a writer that stops half-way', () => {
  it('given a publish interrupted after the head moved then the next process finishes it, and nothing is appended twice', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES, ...sends(0, 10)]);
    store.failPublishes = 1;
    await expect(newLog(store).append(sends(10, 300))).rejects.toThrow('publish interrupted');
    // Decided but not yet public: the served checkpoint is still the old one.
    expect(store.served.map((s) => s.size)).toEqual([11]);
    expect(decodeLogHead(store.headText!).pending).not.toBeNull();

    // Another Lambda: redelivers the same batch (the queue did not get an ack) plus new sends.
    const other = newLog(store);
    const r = await other.append([...sends(10, 300), ...sends(310, 5)]);
    expect(r.outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(300);
    expect(r.outcomes.filter((o) => o.status === 'appended').map((o) => o.index)).toEqual([311, 312, 313, 314, 315]);
    expect(store.served.map((s) => s.size)).toEqual([11, 311, 316]);
    expect(decodeLogHead(store.headText!).pending).toBeNull();
    const published = await verifyPublished(store);
    expect(published.entries.slice(1)).toEqual(sends(0, 315));
  });

  it('given only a read after the interruption then the pending batch is published by it', async () => {
    const store = new MemoryLogStore();
    store.failPublishes = 1;
    await expect(newLog(store).append([RULES, send(1)])).rejects.toThrow('publish interrupted');
    expect(store.checkpoint).toBeNull();
    expect((await newLog(store).current())!.edge.size).toBe(2);
    expect((await verifyPublished(store)).size).toBe(2);
  });
});

describe('concurrent writers', () => {
  it('given two processes appending at once then one tree: every entry once, no file rewritten, checkpoints consistent', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES]);
    store.interleave = true;
    const a = newLog(store, 100);
    const b = newLog(store, 100);
    const jobs: Promise<AppendResult>[] = [];
    for (let k = 0; k < 12; k++) {
      jobs.push(a.append(sends(k * 10, 5)));
      jobs.push(b.append(sends(k * 10 + 5, 5)));
    }
    const results = await Promise.all(jobs);
    expect(store.casFailures).toBeGreaterThan(0);
    const indexes = results.flatMap((r) => r.outcomes.map((o) => o.index));
    expect(new Set(indexes).size).toBe(120);
    expect(results.every((r) => r.outcomes.every((o) => o.status === 'appended'))).toBe(true);

    const published = await verifyPublished(store);
    expect(published.size).toBe(121);
    expect(new Set(published.entries.map((e) => entryKey(e))).size).toBe(121);
    const served = store.served.map((s) => openCheckpoint(s.signed, { log: verifier, origin: ORIGIN }).checkpoint);
    const log = newLog(store);
    for (let i = 1; i < served.length; i++) {
      expect(served[i]!.size).toBeGreaterThanOrEqual(served[i - 1]!.size);
      const proof = await log.consistencyProof(served[i - 1]!.size, served[i]!.size);
      expect(verifyConsistency(served[i - 1]!.size, served[i]!.size, proof, served[i - 1]!.root, served[i]!.root)).toBe(
        true,
      );
    }
  });

  it('given two processes logging the same send at once then one leaf, one appended and one duplicate', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES]);
    store.interleave = true;
    const [x, y] = await Promise.all([newLog(store, 20).append([send(7)]), newLog(store, 20).append([send(7)])]);
    expect([x.outcomes[0]!.status, y.outcomes[0]!.status].sort()).toEqual(['appended', 'duplicate']);
    expect((await verifyPublished(store)).size).toBe(2);
  });

  it('given a head that keeps moving then the writer gives up with ConcurrentAppendError', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES]);
    const stubborn = Object.assign(Object.create(store) as MemoryLogStore, {
      replaceHead: async () => false,
    });
    await expect(newLog(stubborn, 3).append([send(1)])).rejects.toThrow(ConcurrentAppendError);
  });
});

describe('the stored head', () => {
  it('given a head then its text round-trips, and a head whose root does not match its edge is refused', async () => {
    const store = new MemoryLogStore();
    await newLog(store).append([RULES, ...sends(0, 300)]);
    const head = decodeLogHead(store.headText!);
    expect(encodeLogHead(decodeLogHead(encodeLogHead(head)))).toBe(store.headText);
    const json = JSON.parse(store.headText!) as { state: { root: string } };
    json.state.root = Buffer.alloc(32).toString('base64');
    expect(() => decodeLogHead(JSON.stringify(json))).toThrow(LogError);
  });
});

describe('random histories', () => {
  it('given random batches with redeliveries then the log holds each fact once, in first-seen order, and audits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat(400), { maxLength: 40 }), { minLength: 1, maxLength: 12 }),
        async (batches) => {
          const store = new MemoryLogStore();
          const log = newLog(store);
          await log.append([RULES]);
          const firstSeen: number[] = [];
          for (const batch of batches) {
            await log.append(batch.map((i) => send(i)));
            for (const i of batch) if (!firstSeen.includes(i)) firstSeen.push(i);
          }
          const published = await verifyPublished(store);
          expect(published.entries).toEqual([RULES, ...firstSeen.map((i) => send(i))]);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('the worked example of docs/transparency-format.md', () => {
  it('given the documented key and entries then the documented hashes, files, checkpoints and proof', async () => {
    const origin = 'sportello.example/log/example';
    const keys = generateKeyPair(origin, 0x01, new Uint8Array(32).fill(0x2a));
    expect(keys).toEqual({
      skey: 'PRIVATE+KEY+sportello.example/log/example+2ea01eb5+ASoqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioq',
      vkey: 'sportello.example/log/example+2ea01eb5+ARl/ayPhbIUyxqvIOPrNXqeJvgx2spIDNAOb+os9No1h',
    });
    const rules: RulesEntry = { ...RULES, origin };
    const example: SendEntry = {
      kind: 'send',
      token: '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca',
      arrivalTime: '2025-05-13T08:00:00.123Z',
      receiptId: '3f0c1c2e-8a4b-4f7e-9d35-0c9b0c1f2a77',
    };
    const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hexOf(leafHash(encodeEntry(rules)))).toBe(
      '945b3465ea675eca3b83ce93148866649d234d1e6aa590683e69c2aaa384b0ee',
    );
    expect(hexOf(leafHash(encodeEntry(example)))).toBe(
      'c67af967ba53b93149bc8207f36ecb13bf5ee4e266bed0312992675cd63e0e47',
    );

    const store = new MemoryLogStore();
    const log = new TransparencyLog(store, { origin, signer: noteSigner(keys.skey) });
    const first = await log.append([rules, example]);
    expect([...store.files.keys()]).toEqual(['tile/0/000.p/2', 'tile/entries/000.p/2']);
    expect(first.checkpoint).toBe(
      'sportello.example/log/example\n2\nRRCVa00qhm8QzIoLqV1mnmMWOvCe1tyFuEoqjsM7Evs=\n\n' +
        '— sportello.example/log/example LqAete5SwqJaKcgVNKL/xQ2Hsl/lbyBcU0KJEPPvvimGT7pHmLBSK+9fRzgNQrguCF0XBwcrTl+mlNH6qmTSHu7o2AE=\n',
    );
    const sealed = await log.seal('2025-05-13T08:30:00.000Z');
    expect([...store.files.keys()].slice(2)).toEqual(['tile/0/000.p/3', 'tile/entries/000.p/3']);
    expect(Buffer.from(await log.entry(2)).toString()).toBe(
      'sportello-log/v1 seal\nentries 2\nsealed 2025-05-13T08:30:00.000Z\n',
    );
    expect(sealed.checkpoint).toBe(
      'sportello.example/log/example\n3\nFbnaErlKG+cmf18Z59+uGhRYGMLDXsKnNt8FF5nWMqk=\n\n' +
        '— sportello.example/log/example LqAetR811g+VeGzeM+3by483fFvP4vjcsO1aUcDEv1CJAk42T2p/fkiPwVNyxCU3PhUQBALb4sTI1SsuTIxmLjOlYQ0=\n',
    );
    expect((await log.inclusionProof(1)).proof.map(hexOf)).toEqual([
      '945b3465ea675eca3b83ce93148866649d234d1e6aa590683e69c2aaa384b0ee',
      '13be4abc3f5427e5c2b9b28cc621ce06207edffca28923f55ea51fba2a7d661f',
    ]);
  });
});
