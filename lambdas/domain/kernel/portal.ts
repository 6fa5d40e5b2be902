/** The two portals, each with its own accounts (user pool): participants (*partecipanti*) and company administrators. */
export const PORTALS = ['participant', 'admin'] as const;
export type Portal = (typeof PORTALS)[number];
