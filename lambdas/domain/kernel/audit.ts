/** The audit trail (R20) and rule evidence (R11, R19): append-only. */

export interface AuditEntry {
  /** What happened: `REGISTRATION`, `RESET`, `LOGIN`, `LOCKOUT`, `SESSION_OVERLAP`, `SEND`, `ANNULMENT`, … */
  kind: string;
  /** ISO instant of the event. */
  at: string;
  /** Who acted: an account, `operator`, `system`. */
  actor: string;
  /** What it concerns: a token, an account. */
  subject?: string;
  data?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  /** Unique, time-ordered id: `<at>#<random>`. */
  id: string;
}

export interface AuditLog {
  /** Appends an entry (never overwrites one). */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Appends rule evidence (session overlaps, …), listable by the operator; also kept in the day's trail. */
  appendEvidence(entry: AuditEntry): Promise<AuditRecord>;
  listEvidence(): Promise<AuditRecord[]>;
  /** The trail of one UTC day (`YYYY-MM-DD`), in time order. */
  listDay(day: string): Promise<AuditRecord[]>;
}
