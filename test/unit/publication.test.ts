import { escapeHtml, formatEurosItalian, renderListHtml, STATUS_WORDS } from '#domain/lists/list-html';
import { publicCsvCell, renderPublicCsv } from '#domain/lists/public-csv';
import {
  currentListKey,
  EMPTY_INDEX,
  ListsFileSchema,
  ListsIndexSchema,
  listPathKey,
  nextIndex,
  type PublicationMeta,
  type PublishedList,
  type PublishedRow,
  parseListPath,
  publicationId,
  publicationListKey,
} from '#domain/lists/publication';

const meta = (id: string, edition: 'isi2024' | 'isi2012' = 'isi2024'): PublicationMeta => ({
  publicationId: id,
  publishedAt: '2026-11-09T10:00:00.000Z',
  edition,
  resolution: 'ms',
});

const list: PublishedList = {
  region: "Valle d'Aosta",
  axis: '5.1',
  allocationEur: '1234567.80',
  kind: 'CLICK_DAY',
  rows: [
    {
      position: 1,
      token: `+${'a'.repeat(64)}`,
      company_name: 'Rossi & Figli <S.r.l.> "Il Sole"',
      arrival_at: '2026-10-26T09:00:00.100Z',
      requested_eur: '1000.00',
      cumulative_eur: '1000.00',
      status: 'UTILE',
      decided_by: null,
    },
    {
      position: 2,
      token: `-${'b'.repeat(64)}`,
      company_name: 'Bianchi S.p.A.',
      arrival_at: '2026-10-26T09:00:00.100Z',
      requested_eur: '2000000.00',
      cumulative_eur: '2001000.00',
      status: 'CARENZA_FONDI',
      decided_by: 'registered_at',
    },
    {
      position: null,
      token: `+${'c'.repeat(64)}`,
      company_name: 'Verdi',
      arrival_at: '2026-10-26T09:00:00.050Z',
      requested_eur: '10.00',
      cumulative_eur: null,
      status: 'ANNULLATA',
      decided_by: null,
      reason: "Sessioni concorrenti <script>alert('x')</script>",
    },
  ],
};

describe('publication layout', () => {
  test('given a list, then its current and publication keys follow the CONTRACT path under lists/', () => {
    const address = { edition: 'isi2024' as const, region: list.region, axis: list.axis };
    expect(currentListKey(address, 'html')).toBe('lists/isi2024/valle-d-aosta/5.1.html');
    expect(publicationListKey('P1', address, 'csv')).toBe('lists/publications/P1/isi2024/valle-d-aosta/5.1.csv');
    expect(publicationId(new Date('2026-11-09T10:00:00.123Z'), 'ab12cd')).toBe('20261109T100000123Z-ab12cd');
  });

  test('given public paths, then only real editions, region slugs, axes and formats are list addresses', () => {
    expect(parseListPath('isi2024', 'provincia-autonoma-di-bolzano', '1.2.json')).toEqual({
      edition: 'isi2024',
      region: 'Provincia autonoma di Bolzano',
      axis: '1.2',
      format: 'json',
      definitive: false,
      publicCsv: false,
    });
    expect(parseListPath('isi2024', 'lazio', '5.1-definitivo.html')).toMatchObject({
      axis: '5.1',
      format: 'html',
      definitive: true,
      publicCsv: false,
    });
    const publicCsv = parseListPath('isi2024', 'valle-d-aosta', 'elenco-valle-d-aosta-asse-1.1-provvisorio.csv');
    expect(publicCsv).toMatchObject({ axis: '1.1', format: 'csv', definitive: false, publicCsv: true });
    expect(listPathKey(publicCsv)).toBe('lists/isi2024/valle-d-aosta/elenco-valle-d-aosta-asse-1.1-provvisorio.csv');
    expect(listPathKey(parseListPath('isi2024', 'lazio', '2-definitivo.json'))).toBe(
      'lists/isi2024/lazio/2-definitivo.json',
    );
    for (const [edition, region, file] of [
      ['isi2025', 'lazio', '2.json'],
      ['isi2024', 'Lazio', '2.json'],
      ['isi2024', 'lazio', '9.json'],
      ['isi2024', 'lazio', '2.pdf'],
      ['isi2024', '..', '2.json'],
      ['isi2024', 'lazio', '2-definitiva.json'],
      ['isi2024', 'lazio', 'elenco-umbria-asse-2-provvisorio.csv'],
      ['isi2024', 'lazio', 'elenco-lazio-asse-2-provvisorio.json'],
      ['isi2024', 'lazio', 'elenco-lazio-asse-2-finale.csv'],
    ] as const) {
      expect(() => parseListPath(edition, region, file)).toThrow(RangeError);
    }
  });

  test('given successive publications, then the index keeps the latest lists per edition and every publication, newest first', () => {
    const first = nextIndex(EMPTY_INDEX, meta('P1'), [list]);
    const other = nextIndex(first, meta('P2', 'isi2012'), [{ ...list, region: 'Lazio' }]);
    const again = nextIndex(other, meta('P3'), [{ ...list, axis: '2' }]);

    expect(again.publications.map((p) => p.publicationId)).toEqual(['P3', 'P2', 'P1']);
    expect(again.publications[0]?.manifest).toBe('/lists/publications/P3/manifest.json');
    expect(again.lists.map((l) => [l.edition, l.regionSlug, l.axis, l.publicationId])).toEqual([
      ['isi2012', 'lazio', '5.1', 'P2'],
      ['isi2024', 'valle-d-aosta', '2', 'P3'],
    ]);
    expect(again.lists[1]?.urls.csv).toBe('/lists/isi2024/valle-d-aosta/2.csv');
    expect(again.lists[1]?.files.csv).toBe('/lists/isi2024/valle-d-aosta/elenco-valle-d-aosta-asse-2-provvisorio.csv');
    expect(again.lists[1]?.definitive).toBe(false);
    expect(first.lists[0]?.rows).toBe(3);
  });

  test('given a definitive publication, then its lists join the provisional ones of the edition, which stay as they were', () => {
    const provisional = nextIndex(EMPTY_INDEX, meta('P1'), [list]);
    const definitive = nextIndex(provisional, { ...meta('P2'), definitive: true }, [
      { ...list, newAllocationEur: '1300000.00', rows: [{ ...(list.rows[0] as PublishedRow), status: 'SUBENTRATA' }] },
    ]);
    expect(definitive.lists.map((l) => [l.publicationId, l.definitive, l.urls.json, l.files.csv])).toEqual([
      [
        'P1',
        false,
        '/lists/isi2024/valle-d-aosta/5.1.json',
        '/lists/isi2024/valle-d-aosta/elenco-valle-d-aosta-asse-5.1-provvisorio.csv',
      ],
      [
        'P2',
        true,
        '/lists/isi2024/valle-d-aosta/5.1-definitivo.json',
        '/lists/isi2024/valle-d-aosta/elenco-valle-d-aosta-asse-5.1-definitivo.csv',
      ],
    ]);
    expect(definitive.lists[0]).toEqual(provisional.lists[0]);
    expect(definitive.lists[1]?.newAllocationEur).toBe('1300000.00');
    expect(definitive.publications[0]).toMatchObject({
      definitive: true,
      redistribution: {
        allocationTable: { csv: '/lists/isi2024/redistribuzione/stanziamenti.csv' },
        transfers: { json: '/lists/isi2024/redistribuzione/trasferimenti.json' },
      },
    });
    // A new provisional publication replaces the provisional lists only.
    const again = nextIndex(definitive, meta('P3'), [list]);
    expect(again.lists.map((l) => [l.publicationId, l.definitive])).toEqual([
      ['P2', true],
      ['P3', false],
    ]);
  });

  test('given an index written before definitive lists existed, then it reads as provisional with files = urls', () => {
    const old = nextIndex(EMPTY_INDEX, meta('P1'), [list]);
    const stored = JSON.parse(JSON.stringify(old)) as { lists: Record<string, unknown>[] };
    for (const l of stored.lists) {
      delete l.definitive;
      delete l.files;
    }
    const read = ListsIndexSchema.parse(stored);
    expect(read.lists[0]).toMatchObject({ definitive: false, files: read.lists[0]?.urls });
  });

  test('given a lists.json with a bad row, then the schema refuses it', () => {
    const file = { edition: 'isi2024', resolution: 'ms', lists: [list] };
    expect(ListsFileSchema.safeParse(file).success).toBe(true);
    const bad = { ...file, lists: [{ ...list, rows: [{ ...list.rows[0], status: 'VINCITORE' }] }] };
    expect(ListsFileSchema.safeParse(bad).success).toBe(false);
  });
});

describe('list page', () => {
  const html = renderListHtml(list, meta('P1'), { csv: '/x.csv', json: '/x.json', index: '/api/lists' });

  test('given text with markup, then every value is escaped', () => {
    expect(html).toContain('Rossi &amp; Figli &lt;S.r.l.&gt; &quot;Il Sole&quot;');
    expect(html).toContain('Sessioni concorrenti &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<S.r.l.>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('given the statuses, then they are said in words, with Italian money and the tie-break in words', () => {
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('Elenco cronologico provvisorio — Valle d&#39;Aosta, asse 5.1');
    expect(html).toContain(`<td>${STATUS_WORDS.UTILE}</td>`);
    expect(html).toContain('<td>Non ammissibile per carenza di fondi</td>');
    expect(html).toContain('<td>Annullata</td>');
    expect(html).toContain('registrazione della domanda anteriore');
    expect(html).toContain('1.234.567,80 €');
    expect(STATUS_WORDS.NCD).toBe('Ammessa (elenco NCD)');
    expect(formatEurosItalian('0.05')).toBe('0,05 €');
    expect(formatEurosItalian('999.00')).toBe('999,00 €');
    expect(formatEurosItalian('1000.00')).toBe('1.000,00 €');
  });
});

describe('public CSV', () => {
  const csv = renderPublicCsv(list);

  test('given a list, then the header and statuses are Italian and the criterion is said in words', () => {
    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'Posizione,Codice identificativo,Ragione sociale,Arrivo (UTC),Importo richiesto (EUR),Importo cumulato (EUR),Esito,Criterio di spareggio',
    );
    expect(lines[2]).toBe(
      `2,'-${'b'.repeat(64)},Bianchi S.p.A.,2026-10-26T09:00:00.100Z,2000000.00,2001000.00,Non ammissibile per carenza di fondi,registrazione della domanda anteriore`,
    );
    expect(lines[3]).toContain(",10.00,,Annullata: Sessioni concorrenti <script>alert('x')</script>,");
    expect(csv.endsWith('\n')).toBe(true);
  });

  test('given cells a spreadsheet would run, then each is neutralised with a leading apostrophe', () => {
    for (const cell of ['=1+1', '+39', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(publicCsvCell(cell).replace(/^"/, '')).toMatch(/^'/);
    expect(publicCsvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(publicCsvCell('Rossi, Bianchi')).toBe('"Rossi, Bianchi"');
    expect(publicCsvCell('1000.00')).toBe('1000.00');
    expect(csv).toContain(`1,'+${'a'.repeat(64)},"Rossi & Figli <S.r.l.> ""Il Sole""",`);
  });

  test('given a definitive list, then its statuses are the definitive words', () => {
    const definitive = renderPublicCsv({
      ...list,
      rows: list.rows.map((r, i) => ({
        ...r,
        status: (['SUBENTRATA', 'DECADUTA', 'ANNULLATA'] as const)[i] ?? 'ANNULLATA',
      })),
    });
    expect(definitive).toContain(',Subentrata,');
    expect(definitive).toContain(',Decaduta,');
  });
});
