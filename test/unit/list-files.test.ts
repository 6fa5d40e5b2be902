import { formatInstant, jsonRow, listFileName, listFiles, writeListFiles } from '#domain/lists/list-files';
import { computeLists, listRows } from '#domain/lists/ranking';
import { TextSink } from '#domain/lists/text-sink';
import { application, tok } from './lists/builders.ts';

const T0 = Date.UTC(2026, 9, 26, 8, 0, 0, 7);

function files() {
  const a = application({ token: tok(1), companyName: 'Riga\r\nspezzata, "virgolette"', requestedCents: 5 });
  const b = application({ token: tok(2), companyName: 'Semplice', requestedCents: 100_000 });
  const outcome = computeLists(
    {
      applications: [a, b],
      sends: [
        { token: a.token, arrivalMs: T0, line: 2 },
        { token: b.token, arrivalMs: T0 + 1, line: 3 },
      ],
      allocations: [{ region: 'Lazio', axis: '1.1', allocationCents: 100, line: 2 }],
      annulments: [],
    },
    { edition: 'isi2024', resolution: 'ms' },
  );
  if (!outcome.ok) throw new Error('unexpected problems');
  return new Map(listFiles(outcome.lists).map((f) => [f.name, [...f.chunks()].join('')]));
}

describe('list files', () => {
  it('names each list {region-slug}_{axis}.csv', () => {
    expect(listFileName({ region: "Valle d'Aosta", axis: '5.1' })).toBe('valle-d-aosta_5.1.csv');
    expect(listFileName({ region: 'Provincia autonoma di Trento', axis: '1.2' })).toBe(
      'provincia-autonoma-di-trento_1.2.csv',
    );
  });

  it('writes the CSV with LF endings, quoting only where needed (CR included), euros with two decimals, ms arrivals', () => {
    expect(files().get('lazio_1.1.csv')).toBe(
      'position,token,company_name,arrival_at,requested_eur,cumulative_eur,status,decided_by\n' +
        `1,${tok(1)},"Riga\r\nspezzata, ""virgolette""",2026-10-26T08:00:00.007Z,0.05,0.05,UTILE,\n` +
        `2,${tok(2)},Semplice,2026-10-26T08:00:00.008Z,1000.00,1000.05,CARENZA_FONDI,\n`,
    );
  });

  it('writes lists.json as valid JSON, one row per line, the same fields with money as strings and null for empty', () => {
    const text = files().get('lists.json') as string;
    expect(text.endsWith(']}\n')).toBe(true);
    expect(text.split('\n')[0]).toBe('{"edition":"isi2024","resolution":"ms","lists":[');
    expect(JSON.parse(text)).toEqual({
      edition: 'isi2024',
      resolution: 'ms',
      lists: [
        {
          region: 'Lazio',
          axis: '1.1',
          allocationEur: '1.00',
          kind: 'CLICK_DAY',
          rows: [
            {
              position: 1,
              token: tok(1),
              company_name: 'Riga\r\nspezzata, "virgolette"',
              arrival_at: '2026-10-26T08:00:00.007Z',
              requested_eur: '0.05',
              cumulative_eur: '0.05',
              status: 'UTILE',
              decided_by: null,
            },
            {
              position: 2,
              token: tok(2),
              company_name: 'Semplice',
              arrival_at: '2026-10-26T08:00:00.008Z',
              requested_eur: '1000.00',
              cumulative_eur: '1000.05',
              status: 'CARENZA_FONDI',
              decided_by: null,
            },
          ],
        },
      ],
    });
  });

  it('with no lists still writes a valid lists.json', () => {
    const outcome = computeLists(
      { applications: [], sends: [], allocations: [], annulments: [] },
      { edition: 'isi2012', resolution: 's' },
    );
    if (!outcome.ok) throw new Error('unexpected problems');
    const only = listFiles(outcome.lists);
    expect(only.map((f) => f.name)).toEqual(['lists.json']);
    expect(JSON.parse([...(only[0]?.chunks() ?? [])].join(''))).toEqual({
      edition: 'isi2012',
      resolution: 's',
      lists: [],
    });
  });

  it('prints instants in UTC with milliseconds', () => {
    expect(formatInstant(Date.UTC(2026, 9, 26, 9, 0, 0, 0))).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('list files written in one pass', () => {
  const names = ['Alfa', 'Bè "q"', 'a,b', 'x\ny', 'r\r\n', 'back\\slash', 'tab\t', '\u0001ctl', 'emoji 😀', 'ünï', ''];

  function computed() {
    const applications = names.map((companyName, i) =>
      application({ token: tok(i + 1, i % 2 ? '-' : '+'), companyName, requestedCents: 1_000 * (i + 1) }),
    );
    const outcome = computeLists(
      {
        applications,
        sends: applications.slice(0, 9).map((a, i) => ({
          token: a.token,
          // the last one beyond year 9999: the general form of the instant
          arrivalMs: i === 8 ? Date.UTC(10_000, 0, 1) : T0 + 999 * i,
          line: i + 2,
        })),
        allocations: [{ region: 'Lazio', axis: '1.1', allocationCents: 20_000, line: 2 }],
        annulments: [
          {
            token: applications[3]!.token,
            reason: 'Motivo "tra virgolette"\nsu due righe',
            annulledAt: '2026-10-26T09:10:00.000+01:00',
            annulledAtMs: T0 + 600_000,
            line: 2,
          },
        ],
      },
      { edition: 'isi2024', resolution: 'ms' },
    );
    if (!outcome.ok) throw new Error('unexpected problems');
    return outcome.lists;
  }

  it('writes through writeListFiles exactly the bytes of listFiles, each lists.json row as JSON.stringify writes it', () => {
    const lists = computed();
    const written = new Map<string, Buffer[]>();
    const closed: string[] = [];
    writeListFiles(lists, (name) => {
      written.set(name, []);
      return { write: (bytes) => written.get(name)!.push(Buffer.from(bytes)), close: () => closed.push(name) };
    });
    const expected = listFiles(lists);
    expect([...written.keys()].sort()).toEqual(expected.map((f) => f.name).sort());
    expect(closed.sort()).toEqual(expected.map((f) => f.name).sort());
    for (const file of expected) {
      expect(Buffer.concat(written.get(file.name)!).toString('utf8')).toBe([...file.chunks()].join(''));
    }
    const json = [...expected.find((f) => f.name === 'lists.json')!.chunks()].join('');
    const list = lists.lists[0]!;
    const lines = json.split('\n').filter((line) => line.startsWith('{"position"'));
    expect(lines.map((line) => line.replace(/,$/, ''))).toEqual(
      listRows(list).map((row) => JSON.stringify(jsonRow(row))),
    );
    // The two applications not sent are not in a click-day list.
    expect(
      JSON.parse(json)
        .lists[0].rows.map((r: { company_name: string }) => r.company_name)
        .sort(),
    ).toEqual(names.slice(0, 9).sort());
    const csv = [...expected.find((f) => f.name === 'lazio_1.1.csv')!.chunks()].join('');
    expect(csv).toContain(',"Bè ""q""",');
    expect(csv).toContain(',"x\ny",');
    expect(csv).toContain(',back\\slash,');
    expect(csv).toContain(',+010000-01-01T00:00:00.000Z,');
  });
});

describe('TextSink', () => {
  function sink(threshold: number) {
    const flushed: string[] = [];
    const text = new TextSink((bytes) => flushed.push(Buffer.from(bytes).toString('utf8')), threshold);
    return { text, flushed };
  }

  it('writes integers as String() does and padded digits', () => {
    const { text, flushed } = sink(1024);
    for (const n of [0, 7, 10, 99, 100, 1_100_000, 123_456_789_012_345, Number.MAX_SAFE_INTEGER]) {
      text.integer(n);
      text.char(44);
    }
    text.padded(7, 3);
    text.padded(42, 2);
    text.padded(0, 2);
    text.end();
    expect(flushed.join('')).toBe('0,7,10,99,100,1100000,123456789012345,9007199254740991,0074200');
  });

  it('grows past its buffer for a long text, and hands over at row boundaries once past the threshold', () => {
    const { text, flushed } = sink(8);
    text.ascii('abc');
    text.rowDone();
    expect(flushed).toEqual([]);
    text.utf8('è'.repeat(20));
    text.rowDone();
    expect(flushed).toEqual([`abc${'è'.repeat(20)}`]);
    text.ascii('z');
    text.end();
    text.end();
    expect(flushed).toEqual([`abc${'è'.repeat(20)}`, 'z']);
  });
});
