/** R22a: NCD decided once per list, by the axis's national coverage first, else by the list's own. */
import {
  type AllocationRow,
  type ApplicationDemand,
  decideNcd,
  ncdLookup,
} from '#domain/lists/redistribution/ncd-decision';
import { ListsInputError } from '#domain/lists/redistribution/problems';
import type { Axis, Region } from '#domain/kernel/geography';

const allocation = (region: Region, axis: Axis, allocationCents: number, line?: number): AllocationRow => ({
  region,
  axis,
  allocationCents,
  line,
});
const demand = (region: Region, axis: Axis, requestedCents: number, line?: number): ApplicationDemand => ({
  region,
  axis,
  requestedCents,
  line,
});

describe('decideNcd', () => {
  it("makes every list of an axis NCD when the axis's national allocation covers its demand", () => {
    // Axis 3: 100 + 200 = 300 ≥ 150 + 50 = 200, although Lazio alone (100 < 150) would not be covered.
    const record = decideNcd(
      [demand('Lazio', '3', 100), demand('Lazio', '3', 50), demand('Umbria', '3', 50)],
      [allocation('Lazio', '3', 100), allocation('Umbria', '3', 200)],
    );
    expect(record.axes).toEqual([{ axis: '3', allocationCents: 300, requestedCents: 200, covered: true }]);
    expect(record.lists).toEqual([
      {
        region: 'Lazio',
        axis: '3',
        ncd: true,
        rule: 'national',
        axisAllocationCents: 300,
        axisRequestedCents: 200,
        listAllocationCents: 100,
        listRequestedCents: 150,
        applicationCount: 2,
      },
      {
        region: 'Umbria',
        axis: '3',
        ncd: true,
        rule: 'national',
        axisAllocationCents: 300,
        axisRequestedCents: 200,
        listAllocationCents: 200,
        listRequestedCents: 50,
        applicationCount: 1,
      },
    ]);
  });

  it('otherwise decides each list by its own allocation; equal counts as covered; a list with no demand is NCD', () => {
    const record = decideNcd(
      [demand('Lazio', '1.1', 500), demand('Umbria', '1.1', 100), demand('Umbria', '1.1', 1)],
      [allocation('Lazio', '1.1', 100), allocation('Umbria', '1.1', 101), allocation('Marche', '1.1', 0)],
    );
    expect(record.axes).toEqual([{ axis: '1.1', allocationCents: 201, requestedCents: 601, covered: false }]);
    expect(record.lists.map((l) => [l.region, l.ncd, l.rule, l.listRequestedCents, l.applicationCount])).toEqual([
      ['Lazio', false, 'none', 500, 1],
      ['Umbria', true, 'list', 101, 2],
      ['Marche', true, 'list', 0, 0],
    ]);
  });

  it('keeps allocations-file order, axes in order of first appearance, and round-trips through JSON', () => {
    const allocations = [allocation('Umbria', '5.2', 10), allocation('Lazio', '2', 10), allocation('Lazio', '5.2', 10)];
    const record = decideNcd([demand('Lazio', '5.2', 30)], allocations);
    expect(record.axes.map((a) => a.axis)).toEqual(['5.2', '2']);
    expect(record.lists.map((l) => `${l.region}|${l.axis}`)).toEqual(['Umbria|5.2', 'Lazio|2', 'Lazio|5.2']);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    const lookup = ncdLookup(record);
    expect(lookup('Lazio', '5.2')?.ncd).toBe(false);
    expect(lookup('Lazio', '2')?.rule).toBe('national');
    expect(lookup('Umbria', '2')).toBeUndefined();
  });

  it('refuses duplicate allocations, demand without allocation and bad amounts, listing every problem', () => {
    const attempt = () =>
      decideNcd(
        [demand('Lazio', '4', 10, 2), demand('Lazio', '4', 10, 3), demand('Umbria', '1.1', -1, 4)],
        [allocation('Umbria', '1.1', 10, 2), allocation('Umbria', '1.1', 20, 3), allocation('Lazio', '2', 0.5, 4)],
      );
    expect(attempt).toThrow(ListsInputError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ListsInputError).problems;
      expect(problems.map((p) => [p.code, p.list, p.line])).toEqual([
        ['LIST_DUPLICATE', 'Umbria|1.1', 3],
        ['AMOUNT_INVALID', 'Lazio|2', 4],
        ['AMOUNT_INVALID', 'Umbria|1.1', 4],
        ['ALLOCATION_MISSING', 'Lazio|4', 2],
      ]);
      expect(problems[3]?.message).toBe('manca lo stanziamento per Lazio, asse 4 (2 domande)');
    }
  });
});
