/**
 * The one mapping from zod issues to CONTRACT's `error.fields` (`{path, message}`), with Italian messages: used by the
 * HTTP edge for every route's body and query, and by the portals' forms (which import the same schemas).
 */
import { z } from 'zod';
import { count } from './plural.ts';

export interface FieldProblem {
  /** Dotted path inside the body or query (`answers.c1`, `items.0.email`); empty for the whole body. */
  path: string;
  message: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'un testo',
  number: 'un numero',
  int: 'un numero intero',
  boolean: 'vero o falso',
  array: 'un elenco',
  object: 'un oggetto',
  date: 'una data',
  bigint: 'un numero intero',
};

const italianLocale = z.locales.it().localeError;

/**
 * Italian messages for zod issues, clearer than the generic locale for the cases forms meet; a message written in
 * a schema always wins over this map, and the `it` locale covers the rest.
 */
export const italianIssues: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Campo obbligatorio.';
      return `Valore non valido: è richiesto ${TYPE_NAMES[issue.expected] ?? issue.expected}.`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string')
        return n <= 1 ? 'Campo obbligatorio.' : `Inserire almeno ${count(n, 'carattere', 'caratteri')}.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Indicare almeno ${count(n, 'elemento', 'elementi')}.`;
      return issue.inclusive ? `Il valore deve essere almeno ${n}.` : `Il valore deve essere maggiore di ${n}.`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `Inserire al massimo ${count(n, 'carattere', 'caratteri')}.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Indicare al massimo ${count(n, 'elemento', 'elementi')}.`;
      return issue.inclusive ? `Il valore deve essere al massimo ${n}.` : `Il valore deve essere minore di ${n}.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Indirizzo e-mail non valido.';
      if (issue.format === 'datetime') return 'Data e ora non valide: usare il formato ISO 8601.';
      return 'Formato non valido.';
    case 'invalid_value':
      return issue.values.length <= 10
        ? `Valore non ammesso: valori possibili ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`
        : 'Valore non ammesso.';
    case 'unrecognized_keys':
      return `Campi non previsti: ${issue.keys.join(', ')}.`;
    default:
      return italianLocale(issue);
  }
};

/** zod issues → CONTRACT `error.fields`. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
