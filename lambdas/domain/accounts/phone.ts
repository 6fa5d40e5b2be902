/**
 * Phone numbers of the second factor (R4, R6): normalised to E.164 (`+393331234567`) so that one number has one
 * spelling and the R6 uniqueness claim cannot be dodged with `0039…` or spaces.
 *
 * libphonenumber-js with the `max` metadata: it knows each number's type, so a landline or a toll-free number is
 * refused with a message saying why (the `mobile` build would only call it "invalid"), and validity is checked
 * against the full national plans rather than just lengths. Its extra size is irrelevant in a Lambda bundle.
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  type NumberType,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

export type E164 = string & { readonly __brand: 'E164' };
export type { CountryCode };

export type PhoneCheck =
  { ok: true; e164: E164; country: CountryCode | undefined; international: string } | { ok: false; message: string };

export const DEFAULT_PHONE_COUNTRY: CountryCode = 'IT';

/** Types that can receive an SMS; FIXED_LINE_OR_MOBILE is how North American plans label every number. */
const SMS_TYPES: ReadonlySet<NumberType> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

const TYPE_NAMES: Record<NonNullable<NumberType>, string> = {
  FIXED_LINE: 'di rete fissa',
  MOBILE: 'di cellulare',
  FIXED_LINE_OR_MOBILE: 'di rete fissa o cellulare',
  PREMIUM_RATE: 'a tariffazione speciale',
  TOLL_FREE: 'un numero verde',
  SHARED_COST: 'a costo ripartito',
  VOIP: 'un numero VoIP',
  PERSONAL_NUMBER: 'un numero personale',
  PAGER: 'un cercapersone',
  UAN: 'un numero aziendale unico',
  VOICEMAIL: 'un numero di segreteria telefonica',
};

// Separators people type; a `+` is allowed only first (after an optional opening parenthesis, as in `(+39)`).
const SEPARATORS = /[ ().\-/]/g;
const ALLOWED = /^\(?\+?[0-9 ().\-/]*$/;

/**
 * Normalises what a person types: `+39 333 123 4567`, `0039 333 1234567` and `3331234567` all give
 * `+393331234567`. National input is read in `country` (Italy unless the portal's prefix select says otherwise).
 */
export function normalisePhone(input: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): PhoneCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, message: 'Inserire il numero di telefono.' };
  if (!ALLOWED.test(text)) {
    const bad = [...text].find((c, i) => !/[0-9 ().\-/]/.test(c) && !(c === '+' && /^\(?$/.test(text.slice(0, i))));
    return {
      ok: false,
      message: `Il numero di telefono può contenere solo cifre, spazi, punti, trattini e parentesi, con il + del prefisso internazionale all'inizio: "${bad}" non è ammesso.`,
    };
  }
  if (text.length > 32) return { ok: false, message: 'Il numero di telefono è troppo lungo.' };
  const digits = text.replace(SEPARATORS, '');
  const length = validatePhoneNumberLength(digits, country);
  if (length === 'TOO_SHORT' || length === 'NOT_A_NUMBER') {
    return { ok: false, message: 'Il numero di telefono è troppo corto.' };
  }
  if (length === 'TOO_LONG') return { ok: false, message: 'Il numero di telefono è troppo lungo.' };
  if (length === 'INVALID_COUNTRY') return { ok: false, message: 'Il prefisso internazionale non esiste.' };
  const parsed = parsePhoneNumberFromString(digits, country);
  if (!parsed?.isValid()) {
    return { ok: false, message: `"${text}" non è un numero di telefono valido.` };
  }
  const type = parsed.getType();
  const international = parsed.formatInternational();
  if (type !== undefined && !SMS_TYPES.has(type)) {
    return {
      ok: false,
      message: `Il numero ${international} è ${TYPE_NAMES[type]} e non può ricevere SMS: indicare un numero di cellulare.`,
    };
  }
  return { ok: true, e164: parsed.number as E164, country: parsed.country, international };
}

/** Strict check of a number that must already be E.164 (the API's `phone` field), with the same rules. */
export function parseE164(input: string): PhoneCheck {
  if (!/^\+[1-9][0-9]{6,14}$/.test(input)) {
    return {
      ok: false,
      message: 'Il numero di telefono deve essere nel formato internazionale, ad esempio +393331234567.',
    };
  }
  return normalisePhone(input);
}

/** Countries whose mobile numbers receive the product's SMS when the deployment says nothing else. */
export const DEFAULT_SMS_COUNTRIES: readonly CountryCode[] = [DEFAULT_PHONE_COUNTRY];
/** The 27 member states of the European Union, for a deployment that opens SMS to all of them (`EU`). */
export const EU_COUNTRIES: readonly CountryCode[] = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

/**
 * The SMS allow-list from its configured spelling: ISO 3166 codes separated by commas, `EU` for the member states;
 * empty or absent → Italy. Throws on an unknown code, so that a mistyped deployment setting fails at cold start.
 */
export function parseSmsCountries(text: string | undefined): CountryCode[] {
  const codes = (text ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (codes.length === 0) return [...DEFAULT_SMS_COUNTRIES];
  const known = new Set<string>(getCountries());
  const expanded: string[] = codes.flatMap((c): readonly string[] => (c === 'EU' ? EU_COUNTRIES : [c]));
  const unknown = expanded.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new Error(`Unknown SMS countries: ${unknown.join(', ')}`);
  return [...new Set(expanded)] as CountryCode[];
}

/** A valid number is also one the deployment sends SMS to (R16: no SMS to any country on anyone's request). */
export function allowedSmsCountry(
  phone: Extract<PhoneCheck, { ok: true }>,
  countries: readonly string[],
): { ok: true } | { ok: false; message: string } {
  if (phone.country && countries.includes(phone.country)) return { ok: true };
  const names = PHONE_PREFIXES.filter((p) => countries.includes(p.country)).map((p) => p.label);
  return {
    ok: false,
    message: `I codici SMS sono inviati solo a numeri di cellulare di: ${names.join(', ')}. Indicare un numero di uno di questi paesi.`,
  };
}

export interface PhonePrefix {
  country: CountryCode;
  /** `+39` */
  callingCode: string;
  /** `Italia (+39)`, as the seeds' "Prefisso internazionale" select shows it. */
  label: string;
}

const countryNames = new Intl.DisplayNames('it', { type: 'region', fallback: 'code' });

function prefixOf(country: CountryCode): PhonePrefix {
  const callingCode = `+${getCountryCallingCode(country)}`;
  return { country, callingCode, label: `${countryNames.of(country) ?? country} (${callingCode})` };
}

/** Every country's prefix for the portal's select: Italy first, then the others by Italian name. */
export const PHONE_PREFIXES: readonly PhonePrefix[] = [
  prefixOf(DEFAULT_PHONE_COUNTRY),
  ...getCountries()
    .filter((c) => c !== DEFAULT_PHONE_COUNTRY)
    .map(prefixOf)
    .sort((a, b) => a.label.localeCompare(b.label, 'it')),
];
