/** Italian agreement with a count (lambdas/domain/kernel/plural.ts). */
import { z } from 'zod';
import { count, plural } from '#domain/kernel/plural';
import { parseToken } from '#domain/kernel/token';
import { fieldProblems, italianIssues } from '#domain/kernel/validation';
import { countdown } from '../../web/src/lib/format.ts';

test.each([
  [0, '0 secondi'],
  [1, '1 secondo'],
  [2, '2 secondi'],
  [61, '61 secondi'],
  [1.5, '1.5 secondi'],
  [-1, '-1 secondi'],
])('given %p, then count says %p', (n, expected) => {
  expect(count(n, 'secondo', 'secondi')).toBe(expected);
});

test('given whole phrases, then adjectives and participles agree with the count', () => {
  expect(count(1, 'domanda caricata', 'domande caricate')).toBe('1 domanda caricata');
  expect(count(4, 'domanda caricata', 'domande caricate')).toBe('4 domande caricate');
});

test('given the word alone, then plural picks the form and leaves the number to the sentence', () => {
  expect(`resta ${plural(1, 'un tentativo', 'più tentativi')}`).toBe('resta un tentativo');
  expect(plural(0, 'riga', 'righe')).toBe('righe');
});

describe('messages that print a count', () => {
  test('given a one-character code, then the token message says "ne è stato inserito 1"', () => {
    expect(parseToken('+')).toEqual({
      ok: false,
      message: 'Il codice identificativo deve essere di 65 caratteri: ne è stato inserito 1.',
    });
    expect(parseToken('+a')).toMatchObject({ message: expect.stringContaining('ne sono stati inseriti 2.') });
  });

  test('given a limit of one character or element, then the validation message is singular', () => {
    const field = z.object({ a: z.string().max(1), b: z.array(z.string()).min(1) });
    const parsed = field.safeParse({ a: 'xy', b: [] }, { error: italianIssues });
    expect(parsed.success ? [] : fieldProblems(parsed.error).map((p) => p.message)).toEqual([
      'Inserire al massimo 1 carattere.',
      'Indicare almeno 1 elemento.',
    ]);
  });

  test('given 61 seconds left, then the countdown a screen reader hears agrees in number', () => {
    expect(countdown(61_000).spoken).toBe('1 minuto e 1 secondo');
    expect(countdown(3_600_000 + 120_000).spoken).toBe('1 ora e 2 minuti e 0 secondi');
  });
});
