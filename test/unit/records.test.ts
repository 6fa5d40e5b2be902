import { decodeUtf8 } from '#domain/lists/files/csv';
import {
  describeProblem,
  type InputProblem,
  parseAllocations,
  parseAnnulments,
  parseApplications,
  parseSends,
} from '#domain/lists/records';
import { applicationRow, applicationsCsv, tok } from './lists/builders.ts';

function problemsOf(result: { ok: true } | { ok: false; problems: InputProblem[] }): InputProblem[] {
  if (result.ok) throw new Error('expected problems, got none');
  return result.problems;
}

describe('applications.csv', () => {
  it('given a valid file when parsed then every field is typed: cents, exact instant, canonical region, lower-case PEC', () => {
    const result = parseApplications(
      applicationsCsv([
        applicationRow({
          token: `  ${tok(10)} `,
          company_name: 'Beta, "La Nuova" S.r.l.',
          pec: 'Beta@PEC.Example.IT',
          region: 'VALLE D’AOSTA',
          axis: '5.1',
          requested_eur: '1234.5',
          project_eur: '2000',
          registered_at: '2026-03-01T10:15:30.123456+01:00',
          cciaa_date: '2000-02-29',
          legality_rating: 'false',
          workers: '0',
        }),
      ]),
    );
    expect(result).toEqual({
      ok: true,
      records: [
        {
          token: tok(10),
          companyName: 'Beta, "La Nuova" S.r.l.',
          pec: 'beta@pec.example.it',
          region: "Valle d'Aosta",
          axis: '5.1',
          requestedCents: 123_450,
          projectCents: 200_000,
          registeredAt: '2026-03-01T10:15:30.123456+01:00',
          registeredAtMs: Date.UTC(2026, 2, 1, 9, 15, 30, 123),
          registeredAtNanos: 456_000,
          cciaaDate: '2000-02-29',
          legalityRating: false,
          workers: 0,
          line: 2,
        },
      ],
    });
  });

  it.each([
    ['2026-03-01T10:00:00Z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00Z', Date.UTC(2026, 2, 1, 10)],
    ['2026-03-01T10:00:00.5-02:30', Date.UTC(2026, 2, 1, 12, 30, 0, 500)],
    ['2026-03-01T00:30:00+0100', Date.UTC(2026, 1, 28, 23, 30)],
    ['1999-12-31T23:59:59.999+00:00', Date.UTC(1999, 11, 31, 23, 59, 59, 999)],
  ])('given registered_at %j when parsed then the instant is exact', (registeredAt, ms) => {
    const result = parseApplications(applicationsCsv([applicationRow({ registered_at: registeredAt })]));
    expect(result.ok && result.records[0]?.registeredAtMs).toBe(ms);
  });

  it.each([
    ['token', tok(0xabc).toUpperCase(), /minuscolo/],
    ['token', tok(1).slice(0, 40), /65 caratteri/],
    ['company_name', '   ', /ragione sociale mancante/],
    ['company_name', '=HYPERLINK("http://x")', /non può iniziare con =, \+, -, @/],
    ['company_name', '  +39 S.r.l.', /come formula/],
    ['company_name', '-Alfa', /come formula/],
    ['company_name', '@Alfa', /come formula/],
    ['company_name', '\tAlfa', /come formula/],
    ['company_name', 'Alfa \u202eSRL', /direzione del testo U\+202E/],
    ['company_name', 'Alfa\u2066 S.r.l.', /"Alfa<U\+2066> S\.r\.l\."/],
    ['pec', 'non-una-pec', /PEC non valido/],
    ['region', 'Atlantide', /regione o provincia autonoma sconosciuta/],
    ['axis', '6', /asse sconosciuto/],
    ['requested_eur', '1.234', /importo non valido/],
    ['requested_eur', '-5', /importo non valido/],
    ['project_eur', '1,5', /importo non valido/],
    ['registered_at', '2026-03-01T10:00:00', /fuso orario/],
    ['registered_at', '2026-03-01 10:00:00Z', /fuso orario/],
    ['registered_at', '2026-02-30T10:00:00Z', /data inesistente/],
    ['registered_at', '2026-03-01T24:00:00Z', /ora inesistente/],
    ['registered_at', '2026-03-01T10:00:00+25:00', /fuso orario non valido/],
    ['cciaa_date', '2001-13-01', /data inesistente/],
    ['cciaa_date', '2023-02-29', /data inesistente/],
    ['cciaa_date', '01/01/2001', /AAAA-MM-GG/],
    ['legality_rating', 'TRUE', /true oppure false/],
    ['legality_rating', 'si', /true oppure false/],
    ['workers', '-1', /intero/],
    ['workers', '2.5', /intero/],
  ] as const)('given %s = %j when parsed then line 2, that column, says why', (column, value, message) => {
    const problems = problemsOf(parseApplications(applicationsCsv([applicationRow({ [column]: value })])));
    expect(problems).toEqual([{ file: 'applications', line: 2, column, message: expect.stringMatching(message) }]);
  });

  it('given several bad rows when parsed then every one is listed with its physical line, quoted line breaks counted', () => {
    const text = applicationsCsv([
      applicationRow({ token: tok(1) }),
      applicationRow({ token: tok(2), company_name: 'Su\ndue righe' }),
      applicationRow({ token: tok(3), workers: 'x' }),
      applicationRow({ token: tok(1), requested_eur: '' }),
    ]);
    const problems = problemsOf(parseApplications(text));
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [5, 'workers'],
      [6, 'token'],
      [6, 'requested_eur'],
    ]);
    expect(problems[1]?.message).toMatch(/ripetuto: compare già alla riga 2/);
  });

  it('given a row with a missing or extra column when parsed then the row is bad and the others still checked', () => {
    const text = `${applicationsCsv([applicationRow()])}a,b,c\n${applicationsCsv([applicationRow({ token: tok(2), axis: '9' })]).split('\n')[1]}\n`;
    const problems = problemsOf(parseApplications(text));
    expect(problems).toEqual([
      { file: 'applications', line: 3, message: 'la riga ha 3 colonne invece di 11' },
      { file: 'applications', line: 4, column: 'axis', message: expect.stringMatching(/asse sconosciuto/) },
    ]);
  });

  it('tolerates blank lines (skipped, still counted) and a last line without LF', () => {
    const text = applicationsCsv([applicationRow({ token: tok(1) }), applicationRow({ token: tok(2), workers: 'x' })]);
    const withBlank = text.replace('\n+', '\n\n+').trimEnd();
    const problems = problemsOf(parseApplications(withBlank));
    expect(problems.map((p) => p.line)).toEqual([4]);
  });
});

describe('file-level rules', () => {
  const header = 'region,axis,allocation_eur';

  it.each([
    ['a BOM', `\uFEFF${header}\nLazio,1.1,10\n`],
    ['CRLF endings', `${header}\r\nLazio,1.1,10\r\n"Umbria",2,"20"\r\n`],
    ['a BOM and CRLF endings, no final line break', `\uFEFF${header}\r\nLazio,1.1,10\r\n"Umbria",2,"20"`],
  ])('given %s when parsed then the file is read as any other', (_, text) => {
    const result = parseAllocations(text);
    expect(result.ok && result.records.map((r) => [r.region, r.axis, r.allocationCents, r.line])).toEqual([
      ['Lazio', '1.1', 1000, 2],
      ...(text.includes('Umbria') ? [['Umbria', '2', 2000, 3]] : []),
    ]);
  });

  it.each([
    ['CRLF in an LF file', `${header}\nLazio,1.1,10\nUmbria,2,20\r\nMarche,3,30\n`, 3, /fine riga CRLF .* usa LF/],
    ['LF in a CRLF file', `${header}\r\nLazio,1.1,10\r\n"Umbria",2,20\nMarche,3,30\r\n`, 3, /fine riga LF .* usa CRLF/],
  ])('given %s when parsed then the line is named and the rest is not read', (_, text, line, message) => {
    expect(problemsOf(parseAllocations(text))).toEqual([
      { file: 'allocations', line, message: expect.stringMatching(message) },
    ]);
  });

  it('given a header separated by semicolons when parsed then line 1 says how to save the file with commas', () => {
    const problems = problemsOf(parseAllocations('region;axis;allocation_eur\r\nLazio;1.1;10\r\n'));
    expect(problems).toEqual([
      {
        file: 'allocations',
        line: 1,
        message: expect.stringMatching(/punto e virgola \(;\) come separatore: sono ammesse solo le virgole/),
      },
    ]);
    expect(problems[0]?.message).toMatch(/CSV UTF-8 \(delimitato da virgole\)/);
    expect(problemsOf(parseAllocations('regione;asse\nLazio;1.1\n'))[0]?.message).toMatch(
      /^intestazione errata "regione;asse": il file sembra usare il punto e virgola/,
    );
  });

  it.each([
    ['a wrong header', 'regione,asse,importo\nLazio,1.1,10\n', /intestazione errata/],
    ['columns in another order', 'axis,region,allocation_eur\n1.1,Lazio,10\n', /intestazione errata/],
    ['an empty file', '', /file vuoto/],
  ])('given %s when parsed then line 1 says so and nothing else is read', (_, text, message) => {
    expect(problemsOf(parseAllocations(text))).toEqual([
      { file: 'allocations', line: 1, message: expect.stringMatching(message) },
    ]);
  });

  it('given broken quoting when parsed then the rows before are checked and the problem names the line where it starts', () => {
    const text = `${header}\nAtlantide,1.1,10\nLazio,1.1,10\n"Lazio,2,10\nLazio,3,10\n`;
    const problems = problemsOf(parseAllocations(text));
    expect(problems.map((p) => [p.line, p.message.slice(0, 25)])).toEqual([
      [2, 'regione o provincia auton'],
      [4, 'virgolette aperte e mai c'],
    ]);
  });

  it('given a stray quote inside an unquoted field when parsed then the line is named', () => {
    const problems = problemsOf(parseAllocations(`${header}\nLazio,1.1,10\nLa"zio,2,10\n`));
    expect(problems).toEqual([{ file: 'allocations', line: 3, message: expect.stringMatching(/virgolette/) }]);
  });

  it('given bytes that are not UTF-8 when decoded then the line holding them is named', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${header}\nLazio,1.1,10\n`),
      Buffer.from([0x4c, 0xe0, 0x2c]),
      Buffer.from('\n'),
    ]);
    expect(decodeUtf8(bytes, 'allocations')).toEqual({
      ok: false,
      problem: { file: 'allocations', line: 3, message: 'il file non è codificato in UTF-8 valido' },
    });
    expect(decodeUtf8(Buffer.from('àè'), 'sends')).toEqual({ ok: true, text: 'àè' });
  });

  it('describes a problem for the operator with file, line and column', () => {
    expect(describeProblem({ file: 'sends', line: 7, column: 'arrival_at', message: 'orario non valido' })).toBe(
      'file invii, riga 7, colonna arrival_at: orario non valido',
    );
    expect(describeProblem({ file: 'allocations', message: 'manca lo stanziamento' })).toBe(
      'file stanziamenti: manca lo stanziamento',
    );
  });
});

describe('allocations.csv', () => {
  it('matches regions on the slug and keeps the canonical name; refuses a region × axis twice', () => {
    const result = parseAllocations(
      "region,axis,allocation_eur\nvalle-d-aosta,1.1,10\nPROVINCIA AUTONOMA DI BOLZANO,2,0.5\nValle d'Aosta,1.1,3\n",
    );
    expect(problemsOf(result)).toEqual([
      { file: 'allocations', line: 4, column: 'axis', message: expect.stringMatching(/ripetuto.*riga 2/) },
    ]);
    const ok = parseAllocations(
      'region,axis,allocation_eur\nvalle-d-aosta,1.1,10\nPROVINCIA AUTONOMA DI BOLZANO,2,0.5\n',
    );
    expect(ok).toEqual({
      ok: true,
      records: [
        { region: "Valle d'Aosta", axis: '1.1', allocationCents: 1000, line: 2 },
        { region: 'Provincia autonoma di Bolzano', axis: '2', allocationCents: 50, line: 3 },
      ],
    });
  });
});

describe('sends.csv', () => {
  it('keeps the arrival in epoch ms UTC', () => {
    expect(parseSends(`token,arrival_at\n${tok(1)},2026-10-26T09:00:00.123Z\n`)).toEqual({
      ok: true,
      records: [{ token: tok(1), arrivalMs: Date.UTC(2026, 9, 26, 9, 0, 0, 123), line: 2 }],
    });
  });

  it.each([
    '2026-10-26T09:00:00Z',
    '2026-10-26T09:00:00.12Z',
    '2026-10-26T09:00:00.1234Z',
    '2026-10-26T10:00:00.123+01:00',
    '2026-10-26 09:00:00.123Z',
    '2026-10-32T09:00:00.123Z',
    '2026-10-26T09:60:00.123Z',
  ])('given arrival_at %j when parsed then it is refused (UTC with milliseconds only)', (arrival) => {
    expect(problemsOf(parseSends(`token,arrival_at\n${tok(1)},${arrival}\n`))).toEqual([
      { file: 'sends', line: 2, column: 'arrival_at', message: expect.any(String) },
    ]);
  });

  it('refuses the same token twice', () => {
    const text = `token,arrival_at\n${tok(1)},2026-10-26T09:00:00.123Z\n${tok(1)},2026-10-26T09:00:01.123Z\n`;
    expect(problemsOf(parseSends(text))).toEqual([
      { file: 'sends', line: 3, column: 'token', message: expect.stringMatching(/riga 2/) },
    ]);
  });
});

describe('annulments.csv', () => {
  it('keeps the reason as written and the instant', () => {
    const text = `token,reason,annulled_at\n${tok(1)},"Sessioni concorrenti, R11",2026-10-27T10:00:00+01:00\n`;
    expect(parseAnnulments(text)).toEqual({
      ok: true,
      records: [
        {
          token: tok(1),
          reason: 'Sessioni concorrenti, R11',
          annulledAt: '2026-10-27T10:00:00+01:00',
          annulledAtMs: Date.UTC(2026, 9, 27, 9),
          line: 2,
        },
      ],
    });
  });

  it('refuses an empty reason, a bad instant and a repeated token, each on its line', () => {
    const text = `token,reason,annulled_at\n${tok(1)},,2026-10-27T10:00:00Z\n${tok(2)},motivo,ieri\n${tok(2)},altro,2026-10-27T10:00:00Z\n`;
    expect(problemsOf(parseAnnulments(text)).map((p) => [p.line, p.column])).toEqual([
      [2, 'reason'],
      [3, 'annulled_at'],
      [4, 'token'],
    ]);
  });
});

describe('large files (read in chunks cut at record boundaries)', () => {
  /** ~4 MB of annulments, every third reason spanning lines and holding quotes, a few bad rows anywhere. */
  function bigAnnulments(badEvery: number, unclosedAt?: number) {
    const lines = ['token,reason,annulled_at'];
    const expectedBad: number[] = [];
    let line = 2;
    for (let i = 0; i < 30_000; i++) {
      const multi = i % 3 === 0;
      const reason = multi ? `"Motivo ""${i}""\nsu due righe, ${'x'.repeat(60)}"` : `Motivo ${i} ${'y'.repeat(60)}`;
      const bad = i % badEvery === badEvery - 1;
      if (unclosedAt === i) lines.push(`${tok(i + 1)},"mai chiuso,2026-10-27T10:00:00Z`);
      else lines.push(`${tok(i + 1)},${reason},${bad ? 'ieri' : '2026-10-27T10:00:00Z'}`);
      if (bad && unclosedAt === undefined) expectedBad.push(line);
      line += multi ? 2 : 1;
    }
    return { text: `${lines.join('\n')}\n`, expectedBad, lineOf: (i: number) => 2 + i + Math.ceil(i / 3) };
  }

  it('names the physical line of every bad row across chunk boundaries', () => {
    const { text, expectedBad } = bigAnnulments(997);
    expect(text.length).toBeGreaterThan(3 * 2 ** 20);
    const problems = problemsOf(parseAnnulments(text));
    expect(problems.map((p) => p.line)).toEqual(expectedBad);
    expect(problems.every((p) => p.column === 'annulled_at')).toBe(true);
  });

  it('reads every record of a clean large file with its reason intact', () => {
    const { text } = bigAnnulments(Number.POSITIVE_INFINITY);
    const result = parseAnnulments(text);
    expect(result.ok && result.records.length).toBe(30_000);
    expect(result.ok && result.records[29_997]).toMatchObject({
      reason: `Motivo "29997"\nsu due righe, ${'x'.repeat(60)}`,
    });
    expect(result.ok && result.records.at(-1)?.line).toBe(2 + 29_999 + Math.ceil(29_999 / 3));
  });

  it('names the first line of a record whose quoting breaks deep in the file', () => {
    const { text, lineOf } = bigAnnulments(Number.POSITIVE_INFINITY, 25_001);
    expect(problemsOf(parseAnnulments(text))).toEqual([
      { file: 'annulments', line: lineOf(25_001), message: expect.stringMatching(/virgolette/) },
    ]);
  });
});
