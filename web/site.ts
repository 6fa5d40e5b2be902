/**
 * The deployment's own words, read at build time from `web/site.config.json` (docs/portals.md "Site configuration"):
 * the administration that owns the counter (header, footer, privacy page), the help contacts and FAQ, the
 * accessibility statement and the privacy contacts. The defaults in the repository are demo values; a deployment
 * edits the file (or points `SPORTELLO_SITE_CONFIG` at its own) and rebuilds the site.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseSmsCountries } from '#domain/accounts/phone';

const text = z.string().trim().min(1);

export const SiteConfigSchema = z.strictObject({
  administration: z.strictObject({
    /** Shown in the header's top bar and in the footer: "Istituto …". */
    name: text,
    /** The administration's own site, linked from its name. */
    url: z.url(),
  }),
  service: z.strictObject({
    /** The site's name in the header and in every <title>. */
    name: text,
    /** The call the counter serves, under the name. */
    call: text,
  }),
  help: z.strictObject({
    intro: text,
    contacts: z
      .array(
        z.strictObject({
          kind: z.enum(['phone', 'email', 'pec', 'web']),
          label: text,
          value: text,
          hours: text.optional(),
        }),
      )
      .min(1),
    faq: z.array(z.strictObject({ question: text, answer: text })),
  }),
  accessibility: z.strictObject({
    /** The statement published on AgID's form.agid.gov.it, if any; else the site's own page `/accessibilita/`. */
    statementUrl: z.url().nullable(),
    feedbackEmail: z.email(),
  }),
  privacy: z.strictObject({
    controller: text,
    dpoEmail: z.email(),
  }),
  /**
   * Countries whose mobile numbers may receive SMS codes: ISO 3166 codes, or `EU` for the member states. The phone
   * page lists only these; the backend refuses the others (R16). Absent: Italy only.
   */
  sms: z.strictObject({ countries: z.array(z.string().regex(/^([A-Z]{2}|EU)$/)).min(1) }).optional(),
  /**
   * The API web ACL's JavaScript integration (AWS WAF console, "Application integration"): the pages load its
   * `challenge.js` and send API requests through it, so that the WAF Challenge (`-c wafChallenge=on`) is answered by
   * the browser. Absent: no integration (the challenge must then stay off).
   */
  waf: z.strictObject({ integrationUrl: z.url().regex(/^https:\/\/.+\/$/) }).optional(),
});
export type SiteConfig = z.infer<typeof SiteConfigSchema>;
export type HelpContact = SiteConfig['help']['contacts'][number];

export const SITE_CONFIG_FILE = resolve(__dirname, 'site.config.json');

/** The configuration, checked: a wrong file stops the build with every problem listed. */
export function loadSiteConfig(file = process.env.SPORTELLO_SITE_CONFIG ?? SITE_CONFIG_FILE): SiteConfig {
  const raw: unknown = JSON.parse(readFileSync(resolve(file), 'utf8'));
  const parsed = SiteConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(radice)'}: ${i.message}`).join('\n');
    throw new Error(`${join(file)} non è valido:\n${problems}`);
  }
  return parsed.data;
}

/** The SMS allow-list of the deployment, expanded (`EU` → the member states); Italy when the file says nothing. */
export function smsCountriesOf(site: SiteConfig): string[] {
  return parseSmsCountries(site.sms?.countries.join(','));
}

/** `tel:`/`mailto:` address of a contact (spaces dropped from phone numbers). */
export function contactHref(contact: HelpContact): string {
  if (contact.kind === 'phone') return `tel:${contact.value.replace(/[^\d+]/g, '')}`;
  if (contact.kind === 'web') return contact.value;
  return `mailto:${contact.value}`;
}
