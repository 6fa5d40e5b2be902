import fc from 'fast-check';
import { normalisePhone, PHONE_PREFIXES, parseE164 } from '#domain/accounts/phone';

describe('normalisePhone', () => {
  it.each([
    ['+39 333 123 4567', '+393331234567'],
    ['0039 333 1234567', '+393331234567'],
    ['00393331234567', '+393331234567'],
    ['3331234567', '+393331234567'],
    ['333 123 4567', '+393331234567'],
    ['  +39 333.123.4567  ', '+393331234567'],
    ['(+39) 333-123-4567', '+393331234567'],
    ['333/1234567', '+393331234567'],
    ['+393331234567', '+393331234567'],
    ['+44 7911 123456', '+447911123456'],
    ['0044 7911 123456', '+447911123456'],
    ['+1 650 253 0000', '+16502530000'],
  ])('given %j then the E.164 number is %s', (input, e164) => {
    expect(normalisePhone(input)).toMatchObject({ ok: true, e164 });
  });

  it('reads national input in the country of the prefix select', () => {
    expect(normalisePhone('07911 123456', 'GB')).toMatchObject({ ok: true, e164: '+447911123456' });
    expect(normalisePhone('0151 23456789', 'DE')).toMatchObject({ ok: true, e164: '+4915123456789', country: 'DE' });
    // A national number read as Italian is an Italian number.
    expect(normalisePhone('07911 123456').ok).toBe(false);
  });

  it.each([
    ['', 'Inserire il numero di telefono.'],
    ['   ', 'Inserire il numero di telefono.'],
    ['333-CALL-ME', '"C" non è ammesso'],
    ['333 123 4567!', '"!" non è ammesso'],
    ['39+3331234567', '"+" non è ammesso'],
    ['+39', 'troppo corto'],
    ['33', 'troppo corto'],
    ['3331234567890123', 'troppo lungo'],
    ['+39 3'.padEnd(40, '3'), 'troppo lungo'],
    ['+999 3331234567', 'prefisso internazionale non esiste'],
    ['+39 06 1234 5678', 'è di rete fissa e non può ricevere SMS'],
    ['06 1234 5678', 'è di rete fissa'],
    ['800 123456', 'è un numero verde'],
    ['899 123456', 'a tariffazione speciale'],
    ['+39 123 456 7890', 'non è un numero di telefono valido'],
  ])('given %j then it is refused with a message containing %j', (input, fragment) => {
    const r = normalisePhone(input);
    expect(r.ok).toBe(false);
    expect(r.ok || r.message).toContain(fragment);
  });

  it('gives one E.164 spelling for every way of typing an Italian mobile number (property)', () => {
    const mobile = fc.tuple(fc.constantFrom('320', '328', '333', '338', '347', '349', '366', '393'), fc.nat(9_999_999));
    const separator = fc.constantFrom('', ' ', '.', '-', '/');
    const lead = fc.constantFrom('', '+39', '+39 ', '0039', '0039 ', '(+39) ');
    fc.assert(
      fc.property(mobile, separator, lead, ([operator, rest], sep, prefix) => {
        const subscriber = String(rest).padStart(7, '0');
        const typed = `${prefix}${operator}${sep}${subscriber.slice(0, 3)}${sep}${subscriber.slice(3)}`;
        expect(normalisePhone(typed)).toMatchObject({ ok: true, e164: `+39${operator}${subscriber}` });
      }),
    );
  });

  it('never accepts a number that is not E.164, and is idempotent on what it returns (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const r = normalisePhone(s);
        if (!r.ok) return;
        expect(r.e164).toMatch(/^\+[1-9]\d{6,14}$/);
        expect(parseE164(r.e164)).toEqual(r);
      }),
    );
  });
});

describe('parseE164', () => {
  it.each([
    ['+393331234567', true],
    ['393331234567', false],
    ['+39 333 1234567', false],
    ['00393331234567', false],
    ['+390612345678', false],
  ])('given %j then ok is %s', (input, ok) => {
    expect(parseE164(input).ok).toBe(ok);
  });
});

describe('PHONE_PREFIXES', () => {
  it('puts Italy first, then every country once by Italian name', () => {
    expect(PHONE_PREFIXES[0]).toEqual({ country: 'IT', callingCode: '+39', label: 'Italia (+39)' });
    const countries = PHONE_PREFIXES.map((p) => p.country);
    expect(new Set(countries).size).toBe(countries.length);
    expect(countries.length).toBeGreaterThan(200);
    const rest = PHONE_PREFIXES.slice(1).map((p) => p.label);
    expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b, 'it')));
    expect(PHONE_PREFIXES).toContainEqual({ country: 'DE', callingCode: '+49', label: 'Germania (+49)' });
    expect(PHONE_PREFIXES).toContainEqual({ country: 'SM', callingCode: '+378', label: 'San Marino (+378)' });
  });
});
