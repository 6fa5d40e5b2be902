/**
 * C2SP signed notes with Ed25519.
 *
 * Vectors:
 * - Go `golang.org/x/mod/sumdb/note` `note_test.go` (https://github.com/golang/mod/blob/master/sumdb/note/note_test.go):
 *   the PeterNeumann and EnochRoot keys and signatures, TestNewVerifier / TestNewSigner manglings, TestSign's exact
 *   output, TestOpen's cases.
 * - C2SP signed-note "Example" (https://github.com/C2SP/C2SP/blob/main/signed-note.md): `example.com/foo` vkey and note.
 * - RFC 8032 §7.1 TEST 1 (https://www.rfc-editor.org/rfc/rfc8032#section-7.1) for the Ed25519 primitive.
 */
import {
  computeKeyId,
  ed25519PublicKey,
  ed25519Signer,
  ed25519Verifier,
  formatSignerKey,
  generateKeyPair,
  isValidKeyName,
  type NoteSigner,
  NoteError,
  noteSigner,
  noteVerifier,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '#domain/transparency/note';
import { fromHex, hex } from './naive-merkle.ts';

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const code = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof NoteError ? e.code : String(e);
  }
};

describe('Ed25519 (RFC 8032 TEST 1)', () => {
  it('given the RFC seed then the RFC public key and signature of the empty message', () => {
    const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = ed25519PublicKey(seed);
    expect(hex(pub)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = ed25519Signer(seed)(new Uint8Array());
    expect(hex(sig)).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(ed25519Verifier(pub)(new Uint8Array(), sig)).toBe(true);
    expect(ed25519Verifier(pub)(new Uint8Array([0]), sig)).toBe(false);
    expect(ed25519Verifier(pub)(new Uint8Array(), sig.subarray(1))).toBe(false);
  });
});

describe('keys', () => {
  it("given Go's PeterNeumann keys then they parse and agree on name and key ID c74f20a3", () => {
    const v = parseVerifierKey(PETER_VKEY);
    const s = parseSignerKey(PETER_SKEY);
    expect([v.name, v.keyId.toString(16), v.type]).toEqual(['PeterNeumann', 'c74f20a3', 1]);
    expect(hex(s.publicKey)).toBe(hex(v.publicKey));
    expect(s.keyId).toBe(v.keyId);
    expect(computeKeyId('PeterNeumann', 1, v.publicKey)).toBe(0xc74f20a3);
    expect(formatSignerKey('PeterNeumann', 1, s.seed)).toBe(PETER_SKEY);
  });

  it('given every proper substring or one-byte mangling of the vkey and skey then they are refused (Go TestNewVerifier/TestNewSigner)', () => {
    const accepted: string[] = [];
    for (const [key, parse] of [
      [PETER_VKEY, parseVerifierKey],
      [PETER_SKEY, parseSignerKey],
    ] as const) {
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i === 0 && j === key.length) continue;
          if (code(() => parse(key.slice(i, j))) === null) accepted.push(key.slice(i, j));
        }
      }
      for (let i = 0; i < key.length; i++) {
        const mangled = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        if (code(() => parse(mangled)) === null) accepted.push(mangled);
      }
    }
    expect(accepted).toEqual([]);
    // Go: wrong key length with adjusted key hash, unknown algorithm with adjusted key hash.
    expect(
      code(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')),
    ).toBe('malformed-key');
    expect(code(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe(
      'malformed-key',
    );
  });

  it('given generated key pairs then the skey signs what the vkey verifies, and the type is in the key ID', () => {
    const { skey, vkey } = generateKeyPair('sportello.example/log/isi2024');
    const sig = noteSigner(skey).sign(Buffer.from('hi')) as Uint8Array;
    expect(noteVerifier(vkey).verify(Buffer.from('hi'), sig)).toBe(true);
    expect(noteVerifier(vkey).verify(Buffer.from('ho'), sig)).toBe(false);
    const seed = new Uint8Array(32).fill(9);
    const plain = parseVerifierKey(generateKeyPair('w', 0x01, seed).vkey);
    const cosig = parseVerifierKey(generateKeyPair('w', 0x04, seed).vkey);
    expect(hex(plain.publicKey)).toBe(hex(cosig.publicKey));
    expect(plain.keyId).not.toBe(cosig.keyId);
    expect(code(() => noteVerifier(generateKeyPair('w', 0x04, seed).vkey))).toBe('malformed-key');
  });

  it.each(['', 'a b', 'a+b', 'a\tb', 'a\u3000b', 'a\u00a0b', 'a\u0085b', 'a\nb', 'a\u0001b'])(
    'given the key name %j then it is not a valid name',
    (name) => {
      expect(isValidKeyName(name)).toBe(false);
      expect(code(() => generateKeyPair(name))).toBe('malformed-key');
    },
  );
});

describe('signing', () => {
  it("given Go's TestSign then the exact signed note", async () => {
    const want = `${TEXT}\n${PETER_SIG}`;
    expect(await signNote(TEXT, [noteSigner(PETER_SKEY)])).toBe(want);
    // An existing signature by the same key is replaced.
    const existing = { name: 'PeterNeumann', keyId: 0xc74f20a3, signature: Buffer.from('BAD') };
    expect(await signNote(TEXT, [noteSigner(PETER_SKEY)], [existing])).toBe(want);
  });

  it('given bad inputs then signing refuses', async () => {
    const peter = noteSigner(PETER_SKEY);
    await expect(signNote('abc', [peter])).rejects.toMatchObject({ code: 'malformed-note' });
    await expect(signNote('a\u0001b\n', [peter])).rejects.toMatchObject({ code: 'malformed-note' });
    await expect(signNote(TEXT, [], [{ name: 'a+b', keyId: 1, signature: new Uint8Array(4) }])).rejects.toMatchObject({
      code: 'malformed-note',
    });
    await expect(signNote(TEXT, [{ ...peter, name: 'bad name' }])).rejects.toMatchObject({ code: 'invalid-signer' });
    await expect(signNote(TEXT, [])).rejects.toMatchObject({ code: 'invalid-signer' });
    const failing: NoteSigner = { name: 'x', keyId: 1, sign: async () => Promise.reject(new Error('surprise!')) };
    await expect(signNote(TEXT, [failing])).rejects.toThrow('surprise!');
  });

  it('given an asynchronous signer and a text with blank lines then the note opens to the same text', async () => {
    const { skey, vkey } = generateKeyPair('k');
    const s = noteSigner(skey);
    const asyncSigner: NoteSigner = { name: s.name, keyId: s.keyId, sign: async (m) => s.sign(m) };
    const text = 'a\n\nb\n\n';
    const note = await signNote(text, [asyncSigner]);
    expect(openNote(note, [noteVerifier(vkey)]).text).toBe(text);
  });
});

describe('opening', () => {
  const peter = noteVerifier(PETER_VKEY);
  const enoch = noteVerifier(ENOCH_VKEY);
  const msg = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;

  it("given Go's TestOpen note then known keys verify and unknown ones are kept unverified", () => {
    const one = openNote(msg, [peter]);
    expect(one.text).toBe(TEXT);
    expect(one.signatures.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(Buffer.from(msg), [peter, enoch]);
    expect(both.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
  });

  it('given no known key then the note is unverified and carries what was parsed', () => {
    try {
      openNote(msg, []);
      throw new Error('opened');
    } catch (e) {
      expect(e).toBeInstanceOf(NoteError);
      expect((e as NoteError).code).toBe('unverified');
      expect((e as NoteError).note!.unverified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    }
  });

  it('given duplicated verifiers then ambiguous only when used', () => {
    expect(code(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]))).toBe('ambiguous-key');
    expect(code(() => openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch]))).toBeNull();
  });

  it('given too many signatures, an invalid signature or repeated ones then Go’s verdicts', () => {
    expect(code(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]))).toBe('malformed-note');
    expect(code(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, []))).toBe('malformed-note');
    const broken = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    expect(code(() => openNote(`${TEXT}\n${broken}`, [peter]))).toBe('invalid-signature');
    const enochBroken = ENOCH_SIG.slice(0, 60) + 'ABCD' + ENOCH_SIG.slice(60);
    const n = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochBroken}`, [peter]);
    expect(n.signatures).toHaveLength(1);
    expect(n.unverified).toHaveLength(2);
  });

  it.each([
    ['no blank line', TEXT],
    ['no signature', `${TEXT}\n`],
    ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`],
    [
      'a bad name',
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    ],
    ['an unexpected line', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['a hyphen instead of the em dash', `${TEXT}\n${PETER_SIG.replace('—', '-')}`],
    ['CRLF', `${TEXT}\n${PETER_SIG.replace('\n', '\r\n')}`],
    ['a signature of 4 bytes', `${TEXT}\n— PeterNeumann x08gow==\n`],
    ['non-canonical base64', `${TEXT}\n${PETER_SIG.replace('AM=', 'AN=')}`],
  ])('given a note with %s then it is malformed', (_, text) => {
    expect(code(() => openNote(text, [peter]))).toBe('malformed-note');
  });

  it('given bytes that are not UTF-8 then the note is malformed', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]);
    expect(code(() => openNote(bytes, [peter]))).toBe('malformed-note');
  });

  it('given the C2SP signed-note example then it verifies with its vkey', () => {
    const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openNote(note, [noteVerifier(vkey)]).text).toBe('This is an example message.\n');
    expect(code(() => openNote(note.replace('example message', 'example massage'), [noteVerifier(vkey)]))).toBe(
      'invalid-signature',
    );
  });
});
