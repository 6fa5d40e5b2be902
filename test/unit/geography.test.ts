import { AXES, parseAxis, parseRegion, REGIONS, slug } from '#domain/kernel/geography';

describe('geography', () => {
  it.each([
    ["Valle d'Aosta", 'valle-d-aosta'],
    ['Friuli-Venezia Giulia', 'friuli-venezia-giulia'],
    ['Provincia autonoma di Bolzano', 'provincia-autonoma-di-bolzano'],
    ['  Émilia -- Romagna ', 'emilia-romagna'],
  ])('slug(%j) is %j', (text, expected) => expect(slug(text)).toBe(expected));

  it('has 21 regions with distinct slugs, each found again from its slug', () => {
    expect(REGIONS).toHaveLength(21);
    expect(new Set(REGIONS.map(slug)).size).toBe(21);
    for (const r of REGIONS) expect(parseRegion(slug(r))).toBe(r);
    expect(parseRegion('VALLE D’AOSTA')).toBe("Valle d'Aosta");
    expect(parseRegion('Atlantide')).toBeUndefined();
  });

  it('knows exactly the seven axes', () => {
    expect(AXES).toEqual(['1.1', '1.2', '2', '3', '4', '5.1', '5.2']);
    expect(parseAxis(' 5.1 ')).toBe('5.1');
    expect(parseAxis('5')).toBeUndefined();
    expect(parseAxis('1.10')).toBeUndefined();
  });
});
