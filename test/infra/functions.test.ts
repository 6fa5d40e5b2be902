import { HANDLER_NEEDS, type TableNeed, TRIGGER_NEEDS, tableActions } from '#catalogue/function-needs';
import { TABLES } from '#catalogue/resources';

describe('function needs (lambdas/catalogue/function-needs.ts)', () => {
  it.each<[TableNeed, string[]]>([
    [{ access: 'read' }, ['BatchGetItem', 'ConditionCheckItem', 'GetItem', 'Query']],
    [{ access: 'write' }, ['BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'PutItem', 'UpdateItem']],
    [{ access: 'readwrite', only: ['PutItem', 'GetItem'] }, ['GetItem', 'PutItem']],
  ])('given %j, when granted, then exactly %j', (need, actions) => {
    expect(tableActions(need)).toEqual(actions);
  });

  it('given an action beyond the access level, when granted, then it is refused', () => {
    expect(() => tableActions({ access: 'read', only: ['PutItem'] })).toThrow(/exceed/);
  });

  it('never grants Scan, and names only tables of resources.ts', () => {
    for (const needs of [...Object.values(HANDLER_NEEDS), ...Object.values(TRIGGER_NEEDS)]) {
      for (const [id, need] of Object.entries(needs.tables ?? {})) {
        expect(Object.keys(TABLES)).toContain(id);
        expect(tableActions(need)).not.toContain('Scan');
      }
    }
  });

  it('lets the send path put a send and consume an application, and delete nothing', () => {
    const { tables, sendQueue, receiptKey } = HANDLER_NEEDS.counter;
    expect(tableActions(tables?.sends as TableNeed)).toEqual(['GetItem', 'PutItem']);
    const applications = tableActions(tables?.applications as TableNeed);
    expect(applications).toContain('UpdateItem');
    expect(applications).not.toContain('PutItem');
    expect(Object.values(tables ?? {}).flatMap((need) => tableActions(need))).not.toContain('DeleteItem');
    expect(sendQueue).toBe('send');
    expect(receiptKey).toBe('certify');
  });

  it('keeps audit append-only for every function that writes it', () => {
    for (const needs of Object.values(HANDLER_NEEDS)) {
      const audit = needs.tables?.audit;
      if (audit && audit.access !== 'read') expect(tableActions(audit)).toEqual(['PutItem']);
    }
  });
});
