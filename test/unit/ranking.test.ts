import { EDITIONS, type EditionId } from '#domain/lists/editions';
import { type ComputedLists, computeLists, listRows, type RankingInput, type Resolution } from '#domain/lists/ranking';
import type { Allocation, Annulment, Application, Send } from '#domain/lists/records';
import { application, tok } from './lists/builders.ts';

const T0 = Date.UTC(2026, 9, 26, 8, 0, 0, 0);

function input(parts: Partial<RankingInput>): RankingInput {
  return { applications: [], sends: [], allocations: [], annulments: [], ...parts };
}

function lists(
  parts: Partial<RankingInput>,
  edition: EditionId = 'isi2024',
  resolution: Resolution = 'ms',
): ComputedLists {
  const outcome = computeLists(input(parts), { edition, resolution });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.lists;
}

const allocation = (allocationCents: number, more: Partial<Allocation> = {}): Allocation => ({
  region: 'Lazio',
  axis: '1.1',
  allocationCents,
  line: 2,
  ...more,
});
const send = (app: Application, arrivalMs: number): Send => ({ token: app.token, arrivalMs, line: 2 });
const annul = (app: Application, reason = 'Sessioni concorrenti'): Annulment => ({
  token: app.token,
  reason,
  annulledAt: '2026-10-27T10:00:00Z',
  annulledAtMs: T0,
  line: 2,
});

/** `[token number, status, decided_by]` per row of the only list. */
function summary(computed: ComputedLists): [string, string, string | null][] {
  const [only] = computed.lists;
  if (!only || computed.lists.length !== 1) throw new Error(`expected one list, got ${computed.lists.length}`);
  return listRows(only).map((r) => [r.application.token.slice(-2), r.status, r.decidedBy]);
}

describe('click-day order at equal arrival: each criterion of isi2024 in sequence (art. 16)', () => {
  const base = {
    registeredAtMs: T0 - 1000,
    requestedCents: 100,
    projectCents: 200,
    cciaaDate: '2001-01-01',
    legalityRating: true,
  };
  it.each([
    ['registered_at', { registeredAtMs: T0 - 2000 }, {}],
    ['registered_at', { registeredAtNanos: 0 }, { registeredAtNanos: 1 }],
    ['requested_eur', { requestedCents: 99 }, {}],
    ['project_eur', { projectCents: 201 }, {}],
    ['cciaa_date', { cciaaDate: '2000-12-31' }, {}],
    ['legality_rating', {}, { legalityRating: false }],
    ['token', {}, {}],
  ] as const)(
    'given a tie down to %s when ranked then the preferred comes first and decided_by names it',
    (criterion, winner, loser) => {
      // The loser has the smaller token so that only the criterion under test can put the winner first.
      const first = application({ ...base, ...winner, token: tok(0x20, '+') });
      const second = application({ ...base, ...loser, token: tok(criterion === 'token' ? 0x30 : 0x10, '+') });
      const computed = lists({
        applications: [second, first],
        sends: [send(second, T0), send(first, T0)],
        allocations: [allocation(150)],
      });
      expect(summary(computed)).toEqual([
        [first.token.slice(-2), 'UTILE', null],
        [second.token.slice(-2), 'CARENZA_FONDI', criterion],
      ]);
    },
  );

  it('ignores workers in isi2024 and uses them in isi2012 (art. 14: requested, project, workers, cciaa)', () => {
    const many = application({ token: tok(0x2), workers: 10, registeredAtMs: T0 });
    const few = application({ token: tok(0x1), workers: 1, registeredAtMs: T0 - 5 });
    const parts = { applications: [many, few], sends: [send(many, T0), send(few, T0)], allocations: [allocation(1)] };
    expect(summary(lists(parts, 'isi2024'))).toEqual([
      ['01', 'CARENZA_FONDI', null],
      ['02', 'CARENZA_FONDI', 'registered_at'],
    ]);
    expect(summary(lists(parts, 'isi2012'))).toEqual([
      ['02', 'CARENZA_FONDI', null],
      ['01', 'CARENZA_FONDI', 'workers'],
    ]);
  });

  it('isi2012 ignores registered_at and legality, and ends on cciaa_date then token', () => {
    const older = application({
      token: tok(0x9),
      requestedCents: 100,
      cciaaDate: '1999-01-01',
      legalityRating: false,
      registeredAtMs: T0,
    });
    const newer = application({
      token: tok(0x1),
      requestedCents: 100,
      cciaaDate: '2005-01-01',
      legalityRating: true,
      registeredAtMs: T0 - 9,
    });
    const twin = application({
      token: tok(0x2),
      requestedCents: 100,
      cciaaDate: '2005-01-01',
      legalityRating: true,
      registeredAtMs: T0 - 9,
    });
    const computed = lists(
      {
        applications: [twin, newer, older],
        sends: [send(twin, T0), send(newer, T0), send(older, T0)],
        allocations: [allocation(1_000_000)],
        // Make it a click day: total requested must exceed the allocation.
      },
      'isi2012',
    );
    expect(computed.lists[0]?.kind).toBe('NCD');
    const clickDay = lists(
      {
        applications: [twin, newer, older],
        sends: [send(twin, T0), send(newer, T0), send(older, T0)],
        allocations: [allocation(250)],
      },
      'isi2012',
    );
    expect(summary(clickDay)).toEqual([
      ['09', 'UTILE', null],
      ['01', 'UTILE', 'cciaa_date'],
      ['02', 'CARENZA_FONDI', 'token'],
    ]);
  });

  it('puts + before - when all else is equal (code-unit order)', () => {
    const minus = application({ token: tok(1, '-') });
    const plus = application({ token: tok(0xff, '+') });
    const computed = lists({
      applications: [minus, plus],
      sends: [send(minus, T0), send(plus, T0)],
      allocations: [allocation(0)],
    });
    expect(listRows(computed.lists[0] as never).map((r) => r.application.token[0])).toEqual(['+', '-']);
  });

  it('has the criteria as data, in the seeds’ order', () => {
    expect(EDITIONS.isi2024.criteria.map((c) => c.criterion)).toEqual([
      'registered_at',
      'requested_eur',
      'project_eur',
      'cciaa_date',
      'legality_rating',
    ]);
    expect(EDITIONS.isi2012.criteria.map((c) => c.criterion)).toEqual([
      'requested_eur',
      'project_eur',
      'workers',
      'cciaa_date',
    ]);
  });
});

describe('resolution', () => {
  const early = application({ token: tok(1), registeredAtMs: T0 - 10, requestedCents: 100 });
  const late = application({ token: tok(2), registeredAtMs: T0 - 20, requestedCents: 100 });
  const parts = {
    applications: [early, late],
    sends: [send(early, T0 + 1_000), send(late, T0 + 1_999)],
    allocations: [allocation(100)],
  };

  it('ms orders by the recorded millisecond', () => {
    expect(summary(lists(parts, 'isi2024', 'ms'))).toEqual([
      ['01', 'UTILE', null],
      ['02', 'CARENZA_FONDI', null],
    ]);
  });

  it('s floors to the UTC second, so 1.000 and 1.999 tie and the criteria decide; arrival_at keeps the ms', () => {
    const computed = lists(parts, 'isi2024', 's');
    expect(summary(computed)).toEqual([
      ['02', 'UTILE', null],
      ['01', 'CARENZA_FONDI', 'registered_at'],
    ]);
    expect(listRows(computed.lists[0] as never).map((r) => r.arrivalMs)).toEqual([T0 + 1_999, T0 + 1_000]);
  });

  it('s does not join different seconds: 0.999 and 1.000 stay apart', () => {
    const computed = lists({ ...parts, sends: [send(early, T0 + 1_000), send(late, T0 + 999)] }, 'isi2024', 's');
    expect(summary(computed)).toEqual([
      ['02', 'UTILE', null],
      ['01', 'CARENZA_FONDI', null],
    ]);
  });

  it('s floors instants before 1970 towards the earlier second too', () => {
    const a = application({ token: tok(1), registeredAtMs: 5, requestedCents: 100 });
    const b = application({ token: tok(2), registeredAtMs: 1, requestedCents: 100 });
    const computed = lists(
      { applications: [a, b], sends: [send(a, -1_000), send(b, -1)], allocations: [allocation(100)] },
      'isi2024',
      's',
    );
    expect(summary(computed)).toEqual([
      ['02', 'UTILE', null],
      ['01', 'CARENZA_FONDI', 'registered_at'],
    ]);
  });
});

describe('funding cut (R17b)', () => {
  const apps = [30, 40, 30, 10].map((euros, i) => application({ token: tok(i + 1), requestedCents: euros * 100 }));
  const sends = apps.map((a, i) => send(a, T0 + i));
  const total = 110_00;

  it.each([
    [100_00, ['UTILE', 'UTILE', 'UTILE', 'CARENZA_FONDI'], 'cumulative equal to the allocation is still UTILE'],
    [99_99, ['UTILE', 'UTILE', 'CARENZA_FONDI', 'CARENZA_FONDI'], 'one cent short cuts there'],
    [
      65_00,
      ['UTILE', 'CARENZA_FONDI', 'CARENZA_FONDI', 'CARENZA_FONDI'],
      'no skipping: the 30 and 10 after it do not move up',
    ],
    [0, ['CARENZA_FONDI', 'CARENZA_FONDI', 'CARENZA_FONDI', 'CARENZA_FONDI'], 'nothing fits a zero allocation'],
  ])('given allocation %d cents then %j (%s)', (allocationCents, statuses) => {
    const [list] = lists({ applications: apps, sends, allocations: [allocation(allocationCents)] }).lists;
    const rows = listRows(list as never);
    expect(list?.kind).toBe('CLICK_DAY');
    expect(rows.map((r) => r.status)).toEqual(statuses);
    expect(rows.map((r) => r.cumulativeCents)).toEqual([30_00, 70_00, 100_00, 110_00]);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    expect(total).toBe(110_00);
  });
});

describe('NCD lists (R17c)', () => {
  const late = application({ token: tok(1), registeredAtMs: T0 + 2, requestedCents: 60_00 });
  const early = application({ token: tok(2), registeredAtMs: T0 + 1, requestedCents: 40_00 });
  const unsent = application({ token: tok(3), registeredAtMs: T0 + 1, requestedCents: 10_00 });
  const apps = [late, early, unsent];

  it('given total requested (sent or not) equal to the allocation then NCD, by registered_at then token, sends ignored', () => {
    const [list] = lists({ applications: apps, sends: [send(late, T0)], allocations: [allocation(110_00)] }).lists;
    expect(list?.kind).toBe('NCD');
    expect(
      listRows(list as never).map((r) => [
        r.position,
        r.application.token.slice(-1),
        r.status,
        r.arrivalMs,
        r.cumulativeCents,
        r.decidedBy,
      ]),
    ).toEqual([
      [1, '2', 'NCD', null, 40_00, null],
      [2, '3', 'NCD', null, 50_00, null],
      [3, '1', 'NCD', null, 110_00, null],
    ]);
  });

  it('given one cent more requested than allocated then a click-day list of the sent ones only', () => {
    const [list] = lists({ applications: apps, sends: [send(late, T0)], allocations: [allocation(109_99)] }).lists;
    expect(list?.kind).toBe('CLICK_DAY');
    expect(listRows(list as never).map((r) => [r.application.token, r.status])).toEqual([[late.token, 'UTILE']]);
  });

  it('counts annulled applications in the total: annulling does not turn a click day into NCD afterwards', () => {
    const [list] = lists({
      applications: apps,
      sends: [send(late, T0)],
      allocations: [allocation(100_00)],
      annulments: [annul(unsent)],
    }).lists;
    expect(list?.kind).toBe('CLICK_DAY');
  });

  it('puts annulled NCD applications last, by registered_at then token, without position or cumulative', () => {
    const [list] = lists({
      applications: apps,
      allocations: [allocation(200_00)],
      annulments: [annul(late, 'Dati falsi'), annul(early, 'Rinuncia')],
    }).lists;
    expect(
      listRows(list as never).map((r) => [
        r.position,
        r.application.token.slice(-1),
        r.status,
        r.cumulativeCents,
        r.reason,
      ]),
    ).toEqual([
      [1, '3', 'NCD', 10_00, null],
      [null, '2', 'ANNULLATA', null, 'Rinuncia'],
      [null, '1', 'ANNULLATA', null, 'Dati falsi'],
    ]);
  });
});

describe('annulled applications in click-day lists (R19)', () => {
  it('leave the ranking (others move up and the cut is recomputed) and come last in click order with their arrival', () => {
    const a = application({ token: tok(1), requestedCents: 50_00 });
    const b = application({ token: tok(2), requestedCents: 50_00 });
    const c = application({ token: tok(3), requestedCents: 50_00 });
    const d = application({ token: tok(4), requestedCents: 50_00 });
    const neverSent = application({ token: tok(5), requestedCents: 50_00 });
    const [list] = lists({
      applications: [a, b, c, d, neverSent],
      sends: [send(a, T0 + 3), send(b, T0 + 1), send(c, T0 + 2), send(d, T0 + 4)],
      allocations: [allocation(100_00)],
      annulments: [annul(c, 'Motivo C'), annul(b, 'Motivo B'), annul(neverSent, 'Mai inviata')],
    }).lists;
    expect(
      listRows(list as never).map((r) => [
        r.position,
        r.application.token.slice(-1),
        r.arrivalMs,
        r.cumulativeCents,
        r.status,
        r.decidedBy,
        r.reason,
      ]),
    ).toEqual([
      [1, '1', T0 + 3, 50_00, 'UTILE', null, null],
      [2, '4', T0 + 4, 100_00, 'UTILE', null, null],
      [null, '2', T0 + 1, null, 'ANNULLATA', null, 'Motivo B'],
      [null, '3', T0 + 2, null, 'ANNULLATA', null, 'Motivo C'],
    ]);
  });

  it('decided_by compares neighbours in the ranking only, not an annulled row in between', () => {
    const a = application({ token: tok(1), requestedCents: 10 });
    const gone = application({ token: tok(2), requestedCents: 10 });
    const b = application({ token: tok(3), requestedCents: 20 });
    const computed = lists({
      applications: [a, gone, b],
      sends: [send(a, T0), send(gone, T0), send(b, T0)],
      allocations: [allocation(0)],
      annulments: [annul(gone)],
    });
    expect(summary(computed)).toEqual([
      ['01', 'CARENZA_FONDI', null],
      ['03', 'CARENZA_FONDI', 'requested_eur'],
      ['02', 'ANNULLATA', null],
    ]);
  });
});

describe('lists and their order', () => {
  it('makes one list per region × axis with applications, CONTRACT region order then axis order; none for an allocation alone', () => {
    const apps = [
      application({ token: tok(1), region: 'Veneto', axis: '1.1' }),
      application({ token: tok(2), region: 'Abruzzo', axis: '5.2' }),
      application({ token: tok(3), region: 'Abruzzo', axis: '1.2' }),
      application({ token: tok(4), region: 'Provincia autonoma di Trento', axis: '2' }),
    ];
    const computed = lists({
      applications: apps,
      allocations: [
        allocation(0, { region: 'Provincia autonoma di Trento', axis: '2' }),
        allocation(0, { region: 'Veneto', axis: '1.1' }),
        allocation(0, { region: 'Abruzzo', axis: '5.2' }),
        allocation(0, { region: 'Abruzzo', axis: '1.2' }),
        allocation(0, { region: 'Molise', axis: '3' }),
      ],
    });
    expect(computed.lists.map((l) => `${l.region} ${l.axis} ${l.kind} ${l.size}`)).toEqual([
      'Abruzzo 1.2 CLICK_DAY 0',
      'Abruzzo 5.2 CLICK_DAY 0',
      'Veneto 1.1 CLICK_DAY 0',
      'Provincia autonoma di Trento 2 CLICK_DAY 0',
    ]);
  });

  it('is deterministic: input order does not change the result', () => {
    const apps = Array.from({ length: 30 }, (_, i) =>
      application({
        token: tok(i + 1, i % 2 ? '+' : '-'),
        requestedCents: (i % 3) * 100,
        registeredAtMs: T0 + (i % 4),
      }),
    );
    const sends = apps.map((a, i) => send(a, T0 + (i % 5)));
    const parts = { applications: apps, sends, allocations: [allocation(1_000)] };
    const once = listRows(lists(parts).lists[0] as never).map((r) => [r.application.token, r.status, r.decidedBy]);
    const reversed = { ...parts, applications: [...apps].reverse(), sends: [...sends].reverse() };
    expect(
      listRows(lists(reversed).lists[0] as never).map((r) => [r.application.token, r.status, r.decidedBy]),
    ).toEqual(once);
  });
});

describe('bad input', () => {
  const a = application({ token: tok(1) });
  const b = application({ token: tok(2), region: 'Molise', axis: '4' });

  it('collects every problem: unknown and repeated tokens in sends and annulments, missing allocation, duplicates', () => {
    const outcome = computeLists(
      input({
        applications: [a, b, { ...a, line: 9 }],
        sends: [
          { token: tok(7), arrivalMs: T0, line: 2 },
          { token: a.token, arrivalMs: T0, line: 3 },
          { token: a.token, arrivalMs: T0 + 1, line: 4 },
        ],
        annulments: [annul(a), { ...annul(a), line: 3 }, { ...annul(a), token: tok(8), line: 4 }],
        allocations: [allocation(10), allocation(20, { line: 3 })],
      }),
      { edition: 'isi2024', resolution: 'ms' },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ['applications', 9, expect.stringMatching(/^codice identificativo ripetuto: compare già alla riga \d+/)],
      ['sends', 2, expect.stringMatching(/^codice identificativo sconosciuto \+0+7:/)],
      ['sends', 4, 'invio ripetuto per lo stesso codice identificativo'],
      ['annulments', 3, 'annullamento ripetuto per lo stesso codice identificativo'],
      ['annulments', 4, expect.stringMatching(/^codice identificativo sconosciuto \+0+8:/)],
      ['allocations', 3, 'stanziamento ripetuto per Lazio, asse 1.1'],
      ['allocations', undefined, 'manca lo stanziamento per Molise, asse 4 (1 domanda)'],
    ]);
  });
});
