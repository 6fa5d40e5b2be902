/** The privacy purge's report in Italian: per table and per user pool, what was (or would be) deleted or pseudonymised. */
import { PURGE_TABLES, type PurgeReport, type PurgeTable, touchesAnything } from '#domain/accounts/privacy-purge';
import { count, plural } from '#domain/kernel/plural';

const TABLE_NAMES: Record<PurgeTable, string> = {
  applications: 'domande',
  claims: 'vincoli di unicità (e-mail, PEC, telefoni)',
  sends: 'invii',
  security: 'sicurezza (sessioni, accessi, contatori, registrazioni)',
  audit: 'registro di controllo e prove',
  config: 'configurazione, registro pubblico e chiavi',
};

export function describePurge(report: PurgeReport, where: string, publishedAt: string): string[] {
  const done = report.applied;
  const header = `Bando ${report.edition}, elenchi definitivi pubblicati il ${publishedAt}, su ${where}:`;
  const tables = PURGE_TABLES.map((table) => {
    const c = report.tables[table];
    const parts = [
      c.deleted > 0 ? `${c.deleted} ${done ? plural(c.deleted, 'cancellato', 'cancellati') : 'da cancellare'}` : '',
      c.pseudonymised > 0
        ? `${c.pseudonymised} ${done ? plural(c.pseudonymised, 'pseudonimizzato', 'pseudonimizzati') : 'da pseudonimizzare'}`
        : '',
      c.kept > 0 ? `${c.kept} ${plural(c.kept, 'lasciato', 'lasciati')} con dati personali (vedi sotto)` : '',
    ].filter(Boolean);
    return `- ${TABLE_NAMES[table]}: ${count(c.scanned, 'elemento letto', 'elementi letti')}${parts.length ? `, ${parts.join(', ')}` : ''}`;
  });
  const accounts = `- account: ${count(report.accounts.participant, 'partecipante', 'partecipanti')} e ${count(report.accounts.admin, 'amministratore', 'amministratori')} ${done ? plural(report.accounts.participant + report.accounts.admin, 'cancellato', 'cancellati') : 'da cancellare'}`;
  const kept = report.keptItems.map(
    (k) =>
      `  lasciato in ${TABLE_NAMES[k.table]}: ${JSON.stringify(k.key)} (${k.attributes.join(', ')}) — pubblicato negli elenchi o nel registro, o parte della configurazione: non si modifica`,
  );
  const closing = !touchesAnything(report)
    ? 'Nessun dato personale da cancellare o pseudonimizzare.'
    : done
      ? 'Fatto: le pseudonimizzazioni non sono reversibili (la chiave non è stata conservata).'
      : 'Prova: nessuna modifica effettuata. Per eseguire: privacy purge --apply';
  return [header, ...tables, accounts, ...kept, closing];
}
