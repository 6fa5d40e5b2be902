/**
 * Log entry format v1: golden bytes of each kind (the examples of docs/transparency-format.md), round trips over
 * generated entries, and the canonicality property — any bytes that parse are exactly the canonical text of what they
 * parse to, so one fact has one leaf hash.
 */
import fc from 'fast-check';
import {
  type CounterWindow,
  counterFor,
  type CriterionName,
  encodeEntry,
  EntryError,
  entryKey,
  formatEntry,
  type LogEntry,
  parseEntry,
  reasonSha256,
  type RulesEntry,
} from '#domain/transparency/entries';

const TOKEN = '+a0077abfd892085c9dc08be2c78417ba35e928d636c3f605f8d8d2b7796524ca';
const H = (c: string) => c.repeat(64);

const RULES: RulesEntry = {
  kind: 'rules',
  origin: 'sportello.example/log/isi2024',
  edition: 'isi2024',
  resolution: 'ms',
  tieBreak: ['registered_at', 'requested_eur', 'project_eur', 'cciaa_date', 'legality_rating', 'token'],
  allocation: { mode: 'window-draw', windowSeconds: 60, seedSha256: H('1'), beacon: 'drand/quicknet/12345678' },
  counters: [
    { region: '*', axis: '*', opensAt: '2025-05-13T08:00:00.000Z', closesAt: '2025-05-13T08:30:00.000Z' },
    { region: 'lazio', axis: '5.1', opensAt: '2025-05-14T08:00:00.000Z', closesAt: '2025-05-14T08:30:00.000Z' },
  ],
  applicationsSha256: H('a'),
  allocationsSha256: H('b'),
};

const RULES_TEXT = [
  'sportello-log/v1 rules',
  'origin sportello.example/log/isi2024',
  'edition isi2024',
  'resolution ms',
  'tie-break registered_at,requested_eur,project_eur,cciaa_date,legality_rating,token',
  'allocation window-draw',
  'window 60',
  `seed-sha256 ${H('1')}`,
  'beacon drand/quicknet/12345678',
  'counter * * 2025-05-13T08:00:00.000Z 2025-05-13T08:30:00.000Z',
  'counter lazio 5.1 2025-05-14T08:00:00.000Z 2025-05-14T08:30:00.000Z',
  `applications-sha256 ${H('a')}`,
  `allocations-sha256 ${H('b')}`,
  '',
].join('\n');

const SEND: LogEntry = {
  kind: 'send',
  token: TOKEN,
  arrivalTime: '2025-05-13T08:00:00.123Z',
  receiptId: '3f0c1c2e-8a4b-4f7e-9d35-0c9b0c1f2a77',
};
const SEND_TEXT = `sportello-log/v1 send\ntoken ${TOKEN}\narrival 2025-05-13T08:00:00.123Z\nreceipt 3f0c1c2e-8a4b-4f7e-9d35-0c9b0c1f2a77\n`;

const ANNULMENT: LogEntry = {
  kind: 'annulment',
  token: TOKEN,
  annulledAt: '2025-05-20T10:00:00.000Z',
  reasonSha256: reasonSha256('abc'),
};
const ANNULMENT_TEXT = `sportello-log/v1 annulment\ntoken ${TOKEN}\nannulled 2025-05-20T10:00:00.000Z\nreason-sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n`;

const SEAL: LogEntry = { kind: 'seal', entries: 1234, sealedAt: '2025-05-13T08:30:00.000Z' };
const SEAL_TEXT = 'sportello-log/v1 seal\nentries 1234\nsealed 2025-05-13T08:30:00.000Z\n';

describe('golden entries', () => {
  it.each([
    ['rules', RULES, RULES_TEXT],
    ['send', SEND, SEND_TEXT],
    ['annulment', ANNULMENT, ANNULMENT_TEXT],
    ['seal', SEAL, SEAL_TEXT],
  ] as const)('given the %s entry then its exact text, and the text parses back to it', (_, entry, text) => {
    expect(formatEntry(entry)).toBe(text);
    expect(Buffer.from(encodeEntry(entry)).toString('latin1')).toBe(text);
    expect(parseEntry(text)).toEqual(entry);
    expect(parseEntry(Buffer.from(text))).toEqual(entry);
  });

  it('given a chronological edition then no draw lines', () => {
    const rules: RulesEntry = { ...RULES, allocation: { mode: 'chronological' }, counters: RULES.counters.slice(0, 1) };
    const text = formatEntry(rules);
    expect(text).toContain('\nallocation chronological\ncounter * * ');
    expect(text).not.toMatch(/window|seed|beacon/);
    expect(parseEntry(text)).toEqual(rules);
  });

  it('given a window draw without beacon then the beacon line is absent and parses back absent', () => {
    const rules: RulesEntry = { ...RULES, allocation: { mode: 'window-draw', windowSeconds: 1, seedSha256: H('c') } };
    const parsed = parseEntry(formatEntry(rules));
    expect(parsed).toEqual(rules);
    expect('beacon' in (parsed as RulesEntry).allocation).toBe(false);
  });
});

describe('strict parsing', () => {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`fixture: ${from} not found`);
    return text.replace(from, to);
  };
  it.each([
    ['CRLF line ends', SEND_TEXT.replace(/\n/g, '\r\n')],
    ['a trailing space', replace(SEND_TEXT, '.123Z\n', '.123Z \n')],
    ['two spaces', replace(SEND_TEXT, 'token +', 'token  +')],
    ['a tab', replace(SEND_TEXT, 'token +', 'token\t+')],
    ['an upper-case token', replace(SEND_TEXT, 'a0077abf', 'A0077ABF')],
    ['an upper-case hash', replace(ANNULMENT_TEXT, 'ba7816bf', 'BA7816BF')],
    ['no final newline', SEND_TEXT.slice(0, -1)],
    ['an empty last line', `${SEND_TEXT}\n`],
    ['an unknown key', `${SEND_TEXT}note hello\n`],
    [
      'keys out of order',
      replace(
        SEND_TEXT,
        `token ${TOKEN}\narrival 2025-05-13T08:00:00.123Z\n`,
        `arrival 2025-05-13T08:00:00.123Z\ntoken ${TOKEN}\n`,
      ),
    ],
    ['a repeated key', replace(SEND_TEXT, 'receipt', `token ${TOKEN}\nreceipt`)],
    ['a missing key', replace(SEND_TEXT, 'arrival 2025-05-13T08:00:00.123Z\n', '')],
    ['another version', replace(SEND_TEXT, 'v1', 'v2')],
    ['an unknown kind', replace(SEND_TEXT, 'v1 send', 'v1 sent')],
    ['a non-ASCII byte', replace(SEND_TEXT, 'receipt 3f0c', 'receipt é3f0c')],
    ['an instant without milliseconds', replace(SEND_TEXT, '08:00:00.123Z', '08:00:00Z')],
    ['an instant with an offset', replace(SEND_TEXT, '08:00:00.123Z', '10:00:00.123+02:00')],
    ['an impossible date', replace(SEND_TEXT, '2025-05-13', '2025-02-30')],
    ['a token without sign', replace(SEND_TEXT, `token ${TOKEN}`, `token ${TOKEN.slice(1)}0`)],
    ['a receipt with a space', replace(SEND_TEXT, '3f0c1c2e-8a4b', '3f0c1c2e 8a4b')],
    ['a short reason hash', replace(ANNULMENT_TEXT, 'ba7816bf', 'ba7816b')],
    ['a window with a leading zero', replace(RULES_TEXT, 'window 60', 'window 060')],
    ['a window of zero', replace(RULES_TEXT, 'window 60', 'window 0')],
    ['a window over a day', replace(RULES_TEXT, 'window 60', 'window 86401')],
    ['tie-breaks without token last', replace(RULES_TEXT, 'legality_rating,token', 'token,legality_rating')],
    ['an unknown criterion', replace(RULES_TEXT, 'cciaa_date', 'cciaa')],
    ['a repeated criterion', replace(RULES_TEXT, 'project_eur,cciaa_date', 'project_eur,project_eur')],
    ['a space in tie-breaks', replace(RULES_TEXT, 'project_eur,cciaa_date', 'project_eur, cciaa_date')],
    ['counters out of order', RULES_TEXT.replace(/(counter \* \*.*\n)(counter lazio.*\n)/, '$2$1')],
    ['a counter closing before opening', replace(RULES_TEXT, '2025-05-13T08:30:00.000Z', '2025-05-13T07:30:00.000Z')],
    ['a counter with five fields', replace(RULES_TEXT, 'counter * * ', 'counter * * * ')],
    ['no counter', RULES_TEXT.replace(/counter .*\n/g, '')],
    [
      'a beacon in a chronological edition',
      replace(replace(RULES_TEXT, 'window-draw', 'chronological'), `window 60\nseed-sha256 ${H('1')}\n`, ''),
    ],
    ['a window-draw without seed', replace(RULES_TEXT, `seed-sha256 ${H('1')}\n`, '')],
    ['an upper-case region', replace(RULES_TEXT, 'counter lazio', 'counter Lazio')],
    ['an origin with a plus', replace(RULES_TEXT, 'origin sportello', 'origin +sportello')],
    ['a seal at index 0', replace(SEAL_TEXT, 'entries 1234', 'entries 0')],
    ['a seal count with a leading zero', replace(SEAL_TEXT, 'entries 1234', 'entries 01234')],
  ])('given %s then the entry is refused', (_, text) => {
    expect(() => parseEntry(text)).toThrow(EntryError);
  });

  it('given bytes that are not UTF-8 then refused', () => {
    expect(() => parseEntry(Buffer.concat([Buffer.from(SEND_TEXT), Buffer.from([0xff])]))).toThrow(EntryError);
  });

  it('given any single-byte change of a valid entry then it is refused or is itself canonical', () => {
    const texts = [RULES_TEXT, SEND_TEXT, ANNULMENT_TEXT, SEAL_TEXT];
    fc.assert(
      fc.property(fc.nat(3), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, at, byte) => {
        const bytes = Buffer.from(texts[which]!);
        bytes[at % bytes.length] = byte;
        let parsed: LogEntry;
        try {
          parsed = parseEntry(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(EntryError);
          return;
        }
        expect(Buffer.from(encodeEntry(parsed)).equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('round trips over generated entries', () => {
  const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
  const token = fc.stringMatching(/^[+-][0-9a-f]{64}$/);
  const instant = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
    .map((ms) => new Date(ms).toISOString());
  const criteria = fc
    .subarray([
      'registered_at',
      'requested_eur',
      'project_eur',
      'cciaa_date',
      'legality_rating',
      'workers',
    ] as CriterionName[])
    .chain((c) => fc.shuffledSubarray(c, { minLength: c.length, maxLength: c.length }))
    .map((c): CriterionName[] => [...c, 'token']);
  const counter = fc
    .record({
      region: fc.constantFrom('*', 'lazio', 'valle-d-aosta', 'provincia-autonoma-di-bolzano'),
      axis: fc.constantFrom('*', '1.1', '2', '5.2'),
      opens: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
      length: fc.integer({ min: 1, max: 86_400_000 }),
    })
    .map((c): CounterWindow => ({
      region: c.region,
      axis: c.axis,
      opensAt: new Date(c.opens).toISOString(),
      closesAt: new Date(c.opens + c.length).toISOString(),
    }));
  const counters = fc
    .uniqueArray(counter, { minLength: 1, maxLength: 5, selector: (c) => `${c.region} ${c.axis}` })
    .map((cs) => [...cs].sort((a, b) => (`${a.region} ${a.axis}` < `${b.region} ${b.axis}` ? -1 : 1)));
  const allocation = fc.oneof(
    fc.constant({ mode: 'chronological' as const }),
    fc.record(
      {
        mode: fc.constant('window-draw' as const),
        windowSeconds: fc.integer({ min: 1, max: 86_400 }),
        seedSha256: hex64,
        beacon: fc.stringMatching(/^[0-9A-Za-z._:/-]{1,40}$/),
      },
      { requiredKeys: ['mode', 'windowSeconds', 'seedSha256'] },
    ),
  );
  const entry: fc.Arbitrary<LogEntry> = fc.oneof(
    fc.record({
      kind: fc.constant('rules' as const),
      origin: fc.stringMatching(/^[a-z0-9.]{1,20}\/log\/[a-z0-9]{1,10}$/),
      edition: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
      resolution: fc.constantFrom('ms' as const, 's' as const),
      tieBreak: criteria,
      allocation,
      counters,
      applicationsSha256: hex64,
      allocationsSha256: hex64,
    }),
    fc.record({
      kind: fc.constant('send' as const),
      token,
      arrivalTime: instant,
      receiptId: fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9A-Za-z._:-]{1,128}$/)),
    }),
    fc.record({ kind: fc.constant('annulment' as const), token, annulledAt: instant, reasonSha256: hex64 }),
    fc.record({ kind: fc.constant('seal' as const), entries: fc.integer({ min: 1, max: 2 ** 40 }), sealedAt: instant }),
  );

  it('given generated valid entries then parse(format(e)) is e and format(parse(bytes)) is bytes', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const text = formatEntry(e);
        expect(parseEntry(text)).toEqual(e);
        expect(formatEntry(parseEntry(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('helpers', () => {
  it('given entries then their keys name the fact: one send and one annulment per token, one rules, one seal', () => {
    expect(entryKey(SEND)).toBe(`send ${TOKEN}`);
    expect(entryKey(ANNULMENT)).toBe(`annulment ${TOKEN}`);
    expect(entryKey(RULES)).toBe('rules');
    expect(entryKey(SEAL)).toBe('seal');
  });

  it('given scoped counters then the most specific applies: region+axis, region, axis, global', () => {
    const w = (opensAt: string) => ({ opensAt, closesAt: '2030-01-01T00:00:00.000Z' });
    const rules: RulesEntry = {
      ...RULES,
      counters: [
        { region: '*', axis: '*', ...w('2025-01-01T00:00:00.000Z') },
        { region: '*', axis: '2', ...w('2025-01-02T00:00:00.000Z') },
        { region: 'lazio', axis: '*', ...w('2025-01-03T00:00:00.000Z') },
        { region: 'lazio', axis: '2', ...w('2025-01-04T00:00:00.000Z') },
      ],
    };
    expect(counterFor(rules, 'lazio', '2')!.opensAt).toBe('2025-01-04T00:00:00.000Z');
    expect(counterFor(rules, 'lazio', '3')!.opensAt).toBe('2025-01-03T00:00:00.000Z');
    expect(counterFor(rules, 'molise', '2')!.opensAt).toBe('2025-01-02T00:00:00.000Z');
    expect(counterFor(rules, 'molise', '3')!.opensAt).toBe('2025-01-01T00:00:00.000Z');
    expect(counterFor({ ...rules, counters: rules.counters.slice(3) }, 'molise', '3')).toBeNull();
  });

  it('given an invalid entry to format then it is refused before any byte is produced', () => {
    expect(() => formatEntry({ ...SEND, token: TOKEN.toUpperCase() } as LogEntry)).toThrow('invalid token');
    expect(() => formatEntry({ kind: 'other' } as unknown as LogEntry)).toThrow('unknown entry kind');
  });
});
