/**
 * C2SP tlog-checkpoint: strict parse and format, signing and opening with the log's key.
 *
 * Vectors:
 * - C2SP tlog-checkpoint example body (https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md).
 * - Go `golang.org/x/mod/sumdb/tlog` `note_test.go` TestParseTree: a tree note with origin "go.sum database tree",
 *   size 123456789012 and root RecordHash("hello world") (https://github.com/golang/mod/blob/master/sumdb/tlog/note_test.go).
 * - transparency-dev/formats `log/checkpoint_test.go` TestUnmarshalLogState cases
 *   (https://github.com/transparency-dev/formats/blob/main/log/checkpoint_test.go); two differ on purpose: there a
 *   root may have any length and trailing empty lines are kept as "rest", here the root is a 32-byte hash and C2SP's
 *   "extension lines MUST be non-empty" is enforced.
 */
import {
  CheckpointError,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from '#domain/transparency/checkpoint';
import { leafHash } from '#domain/transparency/merkle';
import { generateKeyPair, noteSigner, noteVerifier } from '#domain/transparency/note';

const ROOT_B64 = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
const BODY = `example.com/behind-the-sofa\n20852163\n${ROOT_B64}\n`;

describe('checkpoint text', () => {
  it('given the C2SP example body then it parses and formats back byte for byte', () => {
    const c = parseCheckpoint(BODY);
    expect(c.origin).toBe('example.com/behind-the-sofa');
    expect(c.size).toBe(20852163);
    expect(Buffer.from(c.root).toString('base64')).toBe(ROOT_B64);
    expect(c.extensions).toEqual([]);
    expect(formatCheckpoint(c)).toBe(BODY);
  });

  it("given Go's TestParseTree note then its size and root", () => {
    const c = parseCheckpoint('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n');
    expect(c.size).toBe(123456789012);
    expect(c.root).toEqual(leafHash(Buffer.from('hello world')));
  });

  it('given extension lines then they are kept and formatted back', () => {
    const text = `${BODY}Here's some associated data.\nlots\n`;
    const c = parseCheckpoint(text);
    expect(c.extensions).toEqual(["Here's some associated data.", 'lots']);
    expect(formatCheckpoint(c)).toBe(text);
  });

  it.each([
    ['insufficient lines', 'Head\n9944\n'],
    ['empty origin', `\n9944\n${ROOT_B64}\n`],
    ['missing newline on the root', `Log\n123\n${ROOT_B64}`],
    ['size not a number', `Log\nbananas\n${ROOT_B64}\n`],
    ['negative size', `Log\n-34\n${ROOT_B64}\n`],
    ['size too large', `Log\n3438945738945739845734895735\n${ROOT_B64}\n`],
    ['root not base64', "Log\n123\nThisIsn'tBase64\n"],
    ['Go: size in hex', `go.sum database tree\n0xabcdef\n${ROOT_B64}\n`],
    ['Go: root too big', 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n'],
    ['leading zero in size', `Log\n0123\n${ROOT_B64}\n`],
    ['plus sign in size', `Log\n+123\n${ROOT_B64}\n`],
    ['root of 7 bytes ("bananas")', 'Log\n123\nYmFuYW5hcw==\n'],
    ['non-canonical base64 root', `Log\n123\n${ROOT_B64.replace('2I=', '2J=')}\n`],
    ['trailing empty lines (C2SP: extension lines are non-empty)', `${BODY}\n\n`],
    ['CRLF', BODY.replace(/\n/g, '\r\n')],
  ])('given %s then the checkpoint is refused', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(CheckpointError);
  });

  it('given an invalid checkpoint to format then it is refused', () => {
    const c = parseCheckpoint(BODY);
    expect(() => formatCheckpoint({ ...c, origin: '' })).toThrow('origin');
    expect(() => formatCheckpoint({ ...c, size: -1 })).toThrow('size');
    expect(() => formatCheckpoint({ ...c, root: c.root.subarray(1) })).toThrow('32 bytes');
    expect(() => formatCheckpoint({ ...c, extensions: [''] })).toThrow('extension');
  });
});

describe('signed checkpoints', () => {
  const origin = 'sportello.example/log/isi2024';
  const log = generateKeyPair(origin);
  const other = generateKeyPair('someone.else/key');
  const checkpoint = { origin, size: 3, root: leafHash(Buffer.from('x')), extensions: [] };

  it("given a checkpoint signed by the log's key then it opens with that key and origin", async () => {
    const signed = await signCheckpoint(checkpoint, [noteSigner(log.skey)]);
    expect(signed.startsWith(`${origin}\n3\n`)).toBe(true);
    expect(signed).toContain(`\n\n— ${origin} `);
    const opened = openCheckpoint(signed, { log: noteVerifier(log.vkey), origin });
    expect(opened.checkpoint.size).toBe(3);
    expect(opened.checkpoint.root).toEqual(checkpoint.root);
  });

  it('given the wrong origin, another signer, or a changed size then it does not open', async () => {
    const signed = await signCheckpoint(checkpoint, [noteSigner(log.skey)]);
    expect(() =>
      openCheckpoint(signed, { log: noteVerifier(log.vkey), origin: 'sportello.example/log/isi2012' }),
    ).toThrow('not sportello.example/log/isi2012');
    const byOther = await signCheckpoint(checkpoint, [noteSigner(other.skey)]);
    expect(() =>
      openCheckpoint(byOther, { log: noteVerifier(log.vkey), origin, others: [noteVerifier(other.vkey)] }),
    ).toThrow('not signed by the log');
    expect(() => openCheckpoint(byOther, { log: noteVerifier(log.vkey), origin })).toThrow('no verifiable signatures');
    expect(() => openCheckpoint(signed.replace('\n3\n', '\n4\n'), { log: noteVerifier(log.vkey), origin })).toThrow(
      'invalid signature',
    );
  });
});
