/**
 * C2SP tlog-cosignature/v1 (Ed25519): message format, key IDs, timestamps, witness cosigning and quorum checks.
 *
 * Vectors:
 * - C2SP tlog-cosignature (https://github.com/C2SP/C2SP/blob/main/tlog-cosignature.md): the signed message of the
 *   `example.com/behind-the-sofa` checkpoint at time 1679315147.
 * - transparency-dev/formats `note/note_cosigv1_test.go`
 *   (https://github.com/transparency-dev/formats/blob/main/note/note_cosigv1_test.go): the real witness vkey
 *   `remora.n621.de+da77ade7+…` (type 0x04, key ID must match), the cosignature whose timestamp is 1727964367, a
 *   68-byte plain signature that carries no timestamp.
 * - transparency-dev/formats `witness/witness_test.go`: the witness keys Wit1, Wit2, Wit3 (plain Ed25519 skeys used
 *   as cosigner keys, as Go's NewSignerForCosignatureV1 allows).
 * The Ed25519 signature of a cosignature is also checked with node:crypto directly, independently of the verifier.
 */
import { createPublicKey, verify } from 'node:crypto';
import { formatCheckpoint, openCheckpoint, signCheckpoint } from '#domain/transparency/checkpoint';
import {
  cosignatureMessage,
  cosignatureTimestamp,
  cosignatureVerifier,
  cosigner,
  verifyCosignedCheckpoint,
  witnessCosign,
} from '#domain/transparency/cosignature';
import { leafHash, MemoryTree } from '#domain/transparency/merkle';
import {
  computeKeyId,
  formatVerifierKey,
  generateKeyPair,
  noteSigner,
  noteVerifier,
  openNote,
  parseSignerKey,
  parseVerifierKey,
} from '#domain/transparency/note';
import { entries } from './naive-merkle.ts';

const WIT = {
  Wit1: 'PRIVATE+KEY+Wit1+55ee4561+AeadRiG7XM4XiieCHzD8lxysXMwcViy5nYsoXURWGrlE',
  Wit2: 'PRIVATE+KEY+Wit2+85ecc407+AfPTvxw5eUcqSgivo2vaiC7JPOMUZ/9baHPSDrWqgdGm',
  Wit3: 'PRIVATE+KEY+Wit3+d3ed3be7+AR2Kg8k6ccBr5QXz5SHtnkOS4UGQGEQaWi6Gfr6Mm3X5',
};
/** The type 0x04 vkey of a witness skey. */
const cosignerVkey = (skey: string) => {
  const k = parseSignerKey(skey);
  return formatVerifierKey(k.name, 0x04, k.publicKey);
};

describe('cosignature/v1 format', () => {
  it('given the C2SP example checkpoint and time then the exact signed message', () => {
    const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(Buffer.from(cosignatureMessage(body, 1679315147)).toString()).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(() => cosignatureMessage(body, -1)).toThrow('timestamp');
    expect(() => cosignatureMessage(body, 1.5)).toThrow('timestamp');
  });

  it('given the transparency-dev witness vkey then it is a cosignature key whose ID matches', () => {
    const vkey = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';
    const k = parseVerifierKey(vkey);
    expect(k.type).toBe(0x04);
    expect(computeKeyId(k.name, 0x04, k.publicKey)).toBe(0xda77ade7);
    expect(cosignatureVerifier(vkey).keyId).toBe(0xda77ade7);
    expect(() => cosignatureVerifier('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6')).toThrow(
      'not a cosignature/v1 key',
    );
  });

  it('given the transparency-dev cosignature then its timestamp is 1727964367, and a plain signature has none', () => {
    const raw = Buffer.from(
      'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==',
      'base64',
    );
    expect(cosignatureTimestamp(raw.subarray(4))).toBe(1727964367);
    const plain = Buffer.from(
      'eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=',
      'base64',
    );
    expect(cosignatureTimestamp(plain.subarray(4))).toBeNull();
  });

  it("given Wit1's key as a cosigner then the key ID uses type 0x04 and the Ed25519 signature covers the v1 message", async () => {
    const w = cosigner(WIT.Wit1, () => 1700000000);
    const k = parseSignerKey(WIT.Wit1);
    expect(w.keyId).toBe(computeKeyId('Wit1', 0x04, k.publicKey));
    expect(w.keyId).not.toBe(0x55ee4561);
    const body = formatCheckpoint({
      origin: 'o.example/log',
      size: 1,
      root: leafHash(Buffer.from('a')),
      extensions: [],
    });
    const sig = (await w.sign(Buffer.from(body))) as Uint8Array;
    expect(sig).toHaveLength(72);
    expect(Buffer.from(sig.subarray(0, 8)).readBigUInt64BE()).toBe(1700000000n);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), k.publicKey]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, cosignatureMessage(body, 1700000000), key, sig.subarray(8))).toBe(true);
    expect(cosignatureVerifier(cosignerVkey(WIT.Wit1)).verify(Buffer.from(body), sig)).toBe(true);
    expect(cosignatureVerifier(cosignerVkey(WIT.Wit1)).verify(Buffer.from(`${body}ext\n`), sig)).toBe(false);
    // A plain note verifier of the same key does not accept it (other type, other key ID, other message).
    expect(noteVerifier(formatVerifierKey('Wit1', 0x01, k.publicKey)).verify(Buffer.from(body), sig)).toBe(false);
  });
});

describe('witnesses', () => {
  const origin = 'sportello.example/log/isi2024';
  const logKeys = generateKeyPair(origin);
  const log = noteVerifier(logKeys.vkey);
  const data = entries(20, 5);
  const tree = MemoryTree.fromEntries(data);
  const signedAt = (size: number, root = tree.root(size)) =>
    signCheckpoint({ origin, size, root, extensions: [] }, [noteSigner(logKeys.skey)]);
  const witness = (name: keyof typeof WIT, time = 1_750_000_000) => cosigner(WIT[name], () => time);

  it('given a first checkpoint then the witness cosigns it and remembers the tree', async () => {
    const { signed, tree: seen } = await witnessCosign({
      signed: await signedAt(5),
      origin,
      log,
      witness: witness('Wit1'),
    });
    expect(seen.size).toBe(5);
    const note = openNote(signed, [log, cosignatureVerifier(cosignerVkey(WIT.Wit1))]);
    expect(note.signatures.map((s) => s.name)).toEqual([origin, 'Wit1']);
  });

  it('given growth with a valid consistency proof then cosigned; a fork, a shrink or a bad proof are refused', async () => {
    const previous = { size: 5, root: tree.root(5) };
    const ok = await witnessCosign({
      signed: await signedAt(12),
      origin,
      log,
      witness: witness('Wit1'),
      previous,
      consistencyProof: tree.consistencyProof(5, 12),
    });
    expect(ok.tree.size).toBe(12);
    const fork = await signedAt(12, leafHash(Buffer.from('fork')));
    await expect(
      witnessCosign({
        signed: fork,
        origin,
        log,
        witness: witness('Wit1'),
        previous,
        consistencyProof: tree.consistencyProof(5, 12),
      }),
    ).rejects.toThrow('not proven consistent');
    await expect(
      witnessCosign({ signed: await signedAt(3), origin, log, witness: witness('Wit1'), previous }),
    ).rejects.toThrow('not proven consistent');
    await expect(
      witnessCosign({
        signed: await signedAt(12),
        origin,
        log,
        witness: witness('Wit1'),
        previous,
        consistencyProof: [],
      }),
    ).rejects.toThrow('not proven consistent');
    const sameSizeOtherRoot = await signedAt(5, leafHash(Buffer.from('other')));
    await expect(
      witnessCosign({ signed: sameSizeOtherRoot, origin, log, witness: witness('Wit1'), previous }),
    ).rejects.toThrow('not proven consistent');
  });

  it('given a checkpoint not signed by the log then the witness refuses it', async () => {
    const impostor = generateKeyPair(origin);
    const signed = await signCheckpoint({ origin, size: 5, root: tree.root(5), extensions: [] }, [
      noteSigner(impostor.skey),
    ]);
    await expect(witnessCosign({ signed, origin, log, witness: witness('Wit1') })).rejects.toThrow(
      'no verifiable signatures',
    );
  });

  it('given cosignatures by two of three witnesses then a quorum of 2 passes and 3 fails, with timestamps', async () => {
    let signed = await signedAt(7);
    for (const [name, time] of [
      ['Wit1', 1_750_000_001],
      ['Wit3', 1_750_000_003],
    ] as const) {
      signed = (await witnessCosign({ signed, origin, log, witness: witness(name, time) })).signed;
    }
    const witnesses = [cosignerVkey(WIT.Wit1), cosignerVkey(WIT.Wit2), cosignerVkey(WIT.Wit3)];
    const result = verifyCosignedCheckpoint(signed, { log, origin, witnesses, quorum: 2 });
    expect(result.checkpoint.size).toBe(7);
    expect(result.cosigners.map((c) => [c.name, c.timestamp])).toEqual([
      ['Wit1', 1_750_000_001],
      ['Wit3', 1_750_000_003],
    ]);
    expect(() => verifyCosignedCheckpoint(signed, { log, origin, witnesses, quorum: 3 })).toThrow(
      '2 of the required 3',
    );
    expect(() => verifyCosignedCheckpoint(signed, { log, origin, witnesses, quorum: 4 })).toThrow('cannot be met');
    // Unknown cosignatures are ignored; the log's own signature is still required.
    expect(verifyCosignedCheckpoint(signed, { log, origin, witnesses: [], quorum: 0 }).cosigners).toEqual([]);
    expect(openCheckpoint(signed, { log, origin }).note.unverified.map((s) => s.name)).toEqual(['Wit1', 'Wit3']);
  });

  it('given a tampered witness cosignature then the whole checkpoint is rejected', async () => {
    const { signed } = await witnessCosign({ signed: await signedAt(7), origin, log, witness: witness('Wit2') });
    const lines = signed.split('\n');
    const last = lines[lines.length - 2]!;
    const raw = Buffer.from(last.split(' ')[2]!, 'base64');
    raw[20] = raw[20]! ^ 1;
    lines[lines.length - 2] = `— Wit2 ${raw.toString('base64')}`;
    const tampered = lines.join('\n');
    expect(() =>
      verifyCosignedCheckpoint(tampered, { log, origin, witnesses: [cosignerVkey(WIT.Wit2)], quorum: 1 }),
    ).toThrow('invalid signature for key Wit2');
  });
});
