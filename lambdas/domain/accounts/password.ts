/**
 * Password policy (R7), as seed 002 "criteri di complessità" states it: 8 to 16 characters, at least 3 of the
 * 4 classes, only the listed characters, and a matching confirmation. Lengths count Unicode code points, so an
 * astral character counts as one, and every character outside the four classes is refused by name.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 16;
export const PASSWORD_MIN_CLASSES = 3;

/** The seeds' special characters, exactly: `@ # $ % ^ & * - _ + = [ ] { } | \ : ' , ? / ` ~ " ( ) ; .` */
export const PASSWORD_SPECIAL_CHARACTERS = '@#$%^&*-_+=[]{}|\\:\',?/`~"();.';

export type PasswordRule = 'LENGTH' | 'CLASSES' | 'CHARACTERS' | 'CONFIRMATION';

export interface PasswordProblem {
  rule: PasswordRule;
  message: string;
}

/** The rules as the portals show them next to the password field, in the order they are checked. */
export const PASSWORD_RULES: readonly { rule: PasswordRule; text: string }[] = [
  { rule: 'LENGTH', text: `Da ${PASSWORD_MIN_LENGTH} a ${PASSWORD_MAX_LENGTH} caratteri.` },
  {
    rule: 'CLASSES',
    text: `Almeno 3 elementi tra: lettera maiuscola, lettera minuscola, numero (0-9), carattere speciale tra ${[...PASSWORD_SPECIAL_CHARACTERS].join(' ')}`,
  },
  {
    rule: 'CHARACTERS',
    text: 'Nessun altro carattere: non sono ammessi spazi, lettere accentate né altri simboli.',
  },
  { rule: 'CONFIRMATION', text: 'La conferma deve coincidere con la password.' },
];

type CharacterClass = 'upper' | 'lower' | 'digit' | 'special';

function classOf(c: string): CharacterClass | undefined {
  if (c >= 'A' && c <= 'Z') return 'upper';
  if (c >= 'a' && c <= 'z') return 'lower';
  if (c >= '0' && c <= '9') return 'digit';
  if (PASSWORD_SPECIAL_CHARACTERS.includes(c)) return 'special';
  return undefined;
}

const NAMED: Record<string, string> = { ' ': 'spazio', '\t': 'tabulazione', '\n': 'a capo', '\r': 'a capo' };

/** A refused character as a person can recognise it: `"é"`, `"!"`, `spazio`, or its code point when invisible. */
export function describeCharacter(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  // Controls, format characters, other spaces and lone combining marks cannot be told apart when printed.
  return /^[\p{C}\p{Z}\p{M}]$/u.test(c) ? `il carattere invisibile ${code}` : `"${c}"`;
}

/** Every broken rule, each with one Italian message; empty when the password and its confirmation are acceptable. */
export function passwordProblems(password: string, confirmation: string): PasswordProblem[] {
  const chars = [...password];
  const problems: PasswordProblem[] = [];
  if (chars.length < PASSWORD_MIN_LENGTH || chars.length > PASSWORD_MAX_LENGTH) {
    problems.push({
      rule: 'LENGTH',
      message: `La password deve avere da ${PASSWORD_MIN_LENGTH} a ${PASSWORD_MAX_LENGTH} caratteri: ne ha ${chars.length}.`,
    });
  }
  const classes = new Set(chars.map(classOf).filter((c) => c !== undefined));
  if (classes.size < PASSWORD_MIN_CLASSES) {
    problems.push({
      rule: 'CLASSES',
      message: `La password deve contenere almeno ${PASSWORD_MIN_CLASSES} elementi tra lettera maiuscola, lettera minuscola, numero e carattere speciale: ne contiene ${classes.size}.`,
    });
  }
  const refused = [...new Set(chars.filter((c) => classOf(c) === undefined))];
  if (refused.length > 0) {
    const names = refused.map(describeCharacter).join(', ');
    problems.push({
      rule: 'CHARACTERS',
      message:
        refused.length === 1
          ? `La password contiene un carattere non ammesso: ${names}.`
          : `La password contiene caratteri non ammessi: ${names}.`,
    });
  }
  if (password !== confirmation) {
    problems.push({ rule: 'CONFIRMATION', message: 'La conferma della password non coincide con la password.' });
  }
  return problems;
}

export type PasswordCheck = { ok: true } | { ok: false; problems: PasswordProblem[]; message: string };

/** For `PASSWORD_POLICY` errors: `message` joins every broken rule, in the order of `PASSWORD_RULES`. */
export function checkPassword(password: string, confirmation: string): PasswordCheck {
  const problems = passwordProblems(password, confirmation);
  if (problems.length === 0) return { ok: true };
  return { ok: false, problems, message: problems.map((p) => p.message).join(' ') };
}

/** The first broken rule's message, or undefined: for a form that shows one message at a time. */
export function firstPasswordProblem(password: string, confirmation: string): string | undefined {
  return passwordProblems(password, confirmation)[0]?.message;
}
