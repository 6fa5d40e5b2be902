/**
 * Italian agreement with a count: "1 secondo", "2 secondi", "0 secondi" (in Italian only one takes the singular).
 * Every message that prints a count says it through these, so none reads "riprovare tra 1 secondi".
 */

/** The form that agrees with `n`: `plural(1, 'riga', 'righe')` → "riga"; `plural(3, …)` → "righe". */
export function plural<T extends string>(n: number, one: T, many: T): T {
  return n === 1 ? one : many;
}

/**
 * The count followed by the agreeing form: `count(1, 'domanda caricata', 'domande caricate')` → "1 domanda caricata".
 * The forms may be whole phrases, so adjectives and participles agree too.
 */
export function count(n: number, one: string, many: string): string {
  return `${n} ${plural(n, one, many)}`;
}
