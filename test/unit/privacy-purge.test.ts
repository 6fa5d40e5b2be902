/** R21: the pseudonymiser (what it takes for an address, what it never does) and the purge's plan per table. */
import { emptyCounts, planItem, PURGE_TABLES, type PurgeReport, tally } from '#domain/accounts/privacy-purge';
import { holdsPersonalData, PSEUDONYM, pseudonymiser } from '#domain/kernel/pseudonym';

const TOKEN = `+${'1234567890'.repeat(6)}abcd`;
const key = new Uint8Array(32).fill(7);

describe('the pseudonymiser', () => {
  const p = pseudonymiser(key);

  test('given a token whose sign is followed by digits, then it is never taken for a phone', () => {
    expect(p.text(TOKEN)).toBe(TOKEN);
    expect(p.text(`-${'9'.repeat(64)}`)).toBe(`-${'9'.repeat(64)}`);
    expect(holdsPersonalData({ subject: TOKEN })).toBe(false);
  });

  test('given times and instants, then none is taken for an IPv6 address', () => {
    for (const text of ['09:00:00', 'alle 09:00:00 UTC', '2026-10-26T09:00:00.131Z', '10:00:00.000', '12:30'])
      expect(p.text(text)).toBe(text);
  });

  test('given addresses of every kind, then each becomes a pseudonym, the same one for the same address', () => {
    const text = 'Mario.Rossi@Example.it da 203.0.113.9 e 2001:db8:1:2::/64 (2001:DB8::5), tel. +393331234567';
    const out = p.text(text);
    const found = out.match(/anon-[0-9a-f]{16}@anon\.invalid|anon-(?:phone|ip):[0-9a-f]{16}/g) ?? [];
    expect(found).toHaveLength(5);
    for (const pseudonym of found) expect(pseudonym).toMatch(PSEUDONYM);
    expect(out).not.toMatch(/rossi|203\.0|2001|db8|393331234567/i);
    expect(p.text('mario.rossi@example.it')).toBe(found[0]);
    expect(p.text('2001:db8:0:0::5')).toBe(p.text('2001:DB8::5'));
    expect(p.text('+393331234567')).toBe(found[4]);
    // Another purge, another key: the pseudonyms cannot be linked across purges.
    expect(pseudonymiser(new Uint8Array(32).fill(8)).text('mario.rossi@example.it')).not.toBe(found[0]);
  });

  test('given a pseudonym, then it is left as it is (a second purge finds nothing)', () => {
    const once = p.text('pec@impresa.it +393331234567 198.51.100.7');
    expect(p.text(once)).toBe(once);
    expect(holdsPersonalData(once)).toBe(false);
    // An e-mail pseudonym is still an address a PEC check accepts.
    expect(p.text('pec@impresa.it')).toMatch(/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/);
  });

  test('given nested values, then strings are walked and keys, numbers and booleans kept', () => {
    const value = { former: { email: 'a@b.it', sources: ['198.51.100.7'], at: 3, sent: true } };
    expect(p.deep(value)).toEqual({
      former: { email: p.text('a@b.it'), sources: [p.text('198.51.100.7')], at: 3, sent: true },
    });
    expect(holdsPersonalData(value)).toBe(true);
  });
});

describe('the plan of the purge', () => {
  const p = pseudonymiser(key);

  test('given security items, then every one is deleted, with or without an address in it', () => {
    expect(
      planItem('security', { pk: 'SESSION#participant#sub', sk: 'CURRENT', sourceIp: '' }, ['pk', 'sk'], p),
    ).toEqual({ action: 'delete', key: { pk: 'SESSION#participant#sub', sk: 'CURRENT' } });
  });

  test('given claims, then those of an address or phone are deleted and a token claim stays', () => {
    expect(planItem('claims', { claim: 'ACCOUNT#participant#a@b.it', owner: 'r1' }, ['claim'], p)?.action).toBe(
      'delete',
    );
    expect(planItem('claims', { claim: 'PHONE#participant#+393331234567', owner: 'r1' }, ['claim'], p)?.action).toBe(
      'delete',
    );
    expect(planItem('claims', { claim: `TOKEN#${TOKEN}`, owner: 'r1' }, ['claim'], p)).toBeUndefined();
  });

  test('given an application, then its PEC and participant e-mail are pseudonymised and what the lists read is not', () => {
    const item = {
      token: TOKEN,
      companyName: 'Impresa S.r.l.',
      pec: 'pec@impresa.it',
      participantEmail: 'p@impresa.it',
      participantSub: 'sub-1',
      sentAt: '2026-10-26T09:00:00.131Z',
      receiptId: 'R-1',
    };
    expect(planItem('applications', item, ['token'], p)).toEqual({
      action: 'pseudonymise',
      key: { token: TOKEN },
      changes: { pec: p.text('pec@impresa.it'), participantEmail: p.text('p@impresa.it') },
    });
  });

  test('given an annulment reason holding an address, then the item is kept and reported (the lists publish it)', () => {
    const item = { token: TOKEN, annulReason: 'segnalata da x@y.it', pec: 'pec@impresa.it' };
    expect(planItem('applications', item, ['token'], p)).toEqual({
      action: 'keep',
      key: { token: TOKEN },
      attributes: ['annulReason'],
    });
  });

  test('given a send and an audit entry, then the source and the data are pseudonymised, arrival and kind are not', () => {
    const send = { token: TOKEN, arrivalTime: '2026-10-26T09:00:00.131Z', receiptId: 'R-1', sourceIp: '203.0.113.9' };
    expect(planItem('sends', send, ['token'], p)).toMatchObject({ changes: { sourceIp: p.text('203.0.113.9') } });
    const entry = { pk: 'EVIDENCE', sk: 'x', kind: 'SEND', at: 'now', actor: 'a@b.it', data: { sourceIp: '::1' } };
    expect(planItem('audit', entry, ['pk', 'sk'], p)).toMatchObject({
      changes: { actor: p.text('a@b.it'), data: { sourceIp: p.text('::1') } },
    });
  });

  test('given configuration items, then nothing is changed and what looks personal is reported', () => {
    expect(
      planItem('config', { pk: 'TIMETABLE', sk: 'GLOBAL', moments: ['09:00:00'] }, ['pk', 'sk'], p),
    ).toBeUndefined();
    expect(planItem('config', { pk: 'LOG', sk: 'CURRENT', origin: '127.0.0.1:3000/log' }, ['pk', 'sk'], p)).toEqual({
      action: 'keep',
      key: { pk: 'LOG', sk: 'CURRENT' },
      attributes: ['origin'],
    });
  });

  test('given a tally, then deletions, pseudonyms and kept items are counted per table', () => {
    const report: PurgeReport = {
      edition: 'isi2024',
      applied: false,
      tables: Object.fromEntries(PURGE_TABLES.map((t) => [t, emptyCounts()])) as PurgeReport['tables'],
      accounts: { participant: 0, admin: 0 },
      keptItems: [],
    };
    tally(report, 'claims', { action: 'delete', key: { claim: 'x' } });
    tally(report, 'claims', undefined);
    tally(report, 'config', { action: 'keep', key: { pk: 'LOG' }, attributes: ['origin'] });
    expect(report.tables.claims).toEqual({ scanned: 2, deleted: 1, pseudonymised: 0, kept: 0 });
    expect(report.keptItems).toEqual([{ table: 'config', key: { pk: 'LOG' }, attributes: ['origin'] }]);
  });
});
