/**
 * Bad input for the definitive lists (R22 details, CONTRACT outcomes): every problem is reported at once, as a
 * `ListsInputError`, before any money moves.
 */
import { redistribute } from '#domain/lists/redistribution/redistribution';
import { ListsInputError, type ListsProblem } from '#domain/lists/redistribution/problems';
import type { Outcome, OutcomeRecord, RedistributionInput } from '#domain/lists/redistribution/model';
import { inputOf, list, row, type TestRow } from './redistribution-builders.ts';

function problemsOf(input: RedistributionInput<TestRow>, edition: 'isi2024' | 'isi2012' = 'isi2024'): ListsProblem[] {
  try {
    redistribute(input, edition);
  } catch (error) {
    expect(error).toBeInstanceOf(ListsInputError);
    return [...(error as ListsInputError).problems];
  }
  throw new Error('expected a ListsInputError');
}

const codes = (problems: ListsProblem[]) => problems.map((p) => [p.code, p.token ?? p.list]);

const LISTS = [
  list('Lazio', '1.1', '100', [
    row('a', '50', 'UTILE', 'PERFEZIONATA'),
    row('b', '50', 'UTILE', 'DECADUTA'),
    row('c', '50', 'CARENZA_FONDI', undefined, 1),
    row('z', '50', 'ANNULLATA'),
  ]),
  list('Umbria', '1.1', '100', [row('n', '10', 'NCD', 'PERFEZIONATA')]),
];

describe('outcomes (R22b)', () => {
  it('accepts exactly one outcome per row in useful position (UTILE or NCD)', () => {
    expect(() => redistribute(inputOf(LISTS), 'isi2024')).not.toThrow();
  });

  it('reports missing, duplicate, extra and invalid outcomes together, with lines', () => {
    const outcomes: OutcomeRecord[] = [
      { token: 'a', outcome: 'PERFEZIONATA', line: 2 },
      { token: 'a', outcome: 'DECADUTA', line: 3 }, // duplicate
      { token: 'c', outcome: 'PERFEZIONATA', line: 4 }, // not in useful position
      { token: 'z', outcome: 'DECADUTA', line: 5 }, // annulled: not in useful position
      { token: 'nobody', outcome: 'DECADUTA', line: 6 }, // unknown token
      { token: 'n', outcome: 'FORSE' as Outcome, line: 7 }, // invalid outcome
      // 'b' is missing
    ];
    const problems = problemsOf({ lists: LISTS, outcomes });
    expect(problems.map((p) => [p.code, p.token, p.line])).toEqual([
      ['OUTCOME_DUPLICATE', 'a', 3],
      ['OUTCOME_EXTRA', 'c', 4],
      ['OUTCOME_EXTRA', 'z', 5],
      ['OUTCOME_EXTRA', 'nobody', 6],
      ['OUTCOME_INVALID', 'n', 7],
      ['OUTCOME_MISSING', 'b', undefined],
    ]);
    expect(problems[0]?.message).toBe('esito ripetuto per a (già alla riga 2)');
    expect(problems[5]?.message).toBe("manca l'esito per b (Lazio|1.1)");
  });
});

describe('lists', () => {
  it('refuses duplicate lists and tokens and bad amounts', () => {
    const problems = problemsOf(
      inputOf([
        list('Lazio', '2', '10', [row('a', '5', 'UTILE', 'PERFEZIONATA')]),
        { ...list('Lazio', '2', '10'), allocationCents: -1 },
        list('Umbria', '2', '10', [
          row('a', '5', 'UTILE', 'PERFEZIONATA'),
          { ...row('b', '1', 'UTILE'), requestedCents: 0.5 },
        ]),
      ]),
    );
    expect(codes(problems)).toEqual([
      ['LIST_DUPLICATE', 'Lazio|2'],
      ['AMOUNT_INVALID', 'Lazio|2'],
      ['TOKEN_DUPLICATE', 'a'],
      ['AMOUNT_INVALID', 'b'],
      ['OUTCOME_DUPLICATE', 'a'],
      ['OUTCOME_MISSING', 'b'],
    ]);
  });

  it('refuses rows that are not in a provisional order', () => {
    const problems = problemsOf(
      inputOf([
        list('Lazio', '1.1', '10', [row('a', '5', 'CARENZA_FONDI', undefined, 1), row('b', '5', 'UTILE', 'DECADUTA')]),
        list('Lazio', '2', '10', [row('c', '5', 'ANNULLATA'), row('d', '5', 'UTILE', 'DECADUTA')]),
        list('Lazio', '3', '10', [row('e', '5', 'NCD', 'DECADUTA'), row('f', '5', 'UTILE', 'DECADUTA')]),
        list('Lazio', '4', '10', [{ ...row('g', '5', 'UTILE'), status: 'SUBENTRATA' as never }]),
      ]),
    );
    expect(codes(problems)).toEqual([
      ['ROW_ORDER', 'b'],
      ['ROW_ORDER', 'd'],
      ['ROW_ORDER', 'f'],
      ['ROW_ORDER', 'g'],
    ]);
    expect(problems[0]?.message).toBe('Lazio|1.1: una domanda in posizione utile segue una esclusa (b)');
  });

  it('needs an arrival rank on waiting rows for isi2024 unless a comparator is given', () => {
    const lists = [list('Lazio', '1.1', '10', [row('a', '50', 'CARENZA_FONDI'), row('b', '5', 'ANNULLATA')])];
    expect(codes(problemsOf(inputOf(lists)))).toEqual([['ARRIVAL_RANK_MISSING', 'a']]);
    expect(() => redistribute({ ...inputOf(lists), compareAcrossLists: () => 0 }, 'isi2024')).not.toThrow();
    expect(() => redistribute(inputOf(lists), 'isi2012')).not.toThrow();
  });

  it('throws one error whose message names every problem', () => {
    const attempt = () => redistribute({ lists: LISTS, outcomes: [] }, 'isi2024');
    expect(attempt).toThrow(
      /^3 problemi nei dati: manca l'esito per a .*; manca l'esito per b .*; manca l'esito per n/,
    );
  });
});
