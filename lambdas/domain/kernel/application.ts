/** Applications (*domande*) as the operator loads them, their participant binding and their store. */
import type { Axis, Region } from './geography.ts';

/** Application (*domanda*) as loaded by the operator; amounts in euro cents; e-mail/PEC stored lower-case. */
export interface ApplicationData {
  token: string;
  companyName: string;
  pec: string;
  region: Region;
  axis: Axis;
  requestedCents: number;
  projectCents: number;
  /** When the application was registered in the application procedure (*REGISTRA*), ISO 8601 with offset. */
  registeredAt: string;
  /** CCIAA registration date `YYYY-MM-DD`. */
  cciaaDate: string;
  legalityRating: boolean;
  workers: number;
}

/** The participant a token is bound to (R6: one participant per token, one token per participant). */
export interface ParticipantBinding {
  /** Cognito `sub` of the participant account. */
  sub: string;
  email: string;
  /** ISO instant of the binding. */
  boundAt: string;
}

export interface Application extends ApplicationData {
  participant?: ParticipantBinding;
  /** Arrival instant (ISO) of the recorded first send: the application is consumed. */
  sentAt?: string;
  receiptId?: string;
  annulment?: { reason: string; annulledAt: string };
}

export type BindOutcome = 'bound' | 'unknown' | 'taken' | 'sent' | 'annulled';
export type UnbindOutcome = 'unbound' | 'unknown' | 'sent' | 'not-bound';
export type AnnulOutcome = 'annulled' | 'unknown' | 'already-annulled';

export interface ApplicationStore {
  get(token: string): Promise<Application | undefined>;
  /** Applications whose primary PEC is `pec` (case-insensitive). */
  listByPec(pec: string): Promise<Application[]>;
  /** Every application (operator exports, list building, the administrator's view is by PEC instead). */
  listAll(): Promise<Application[]>;
  /**
   * Bulk import: writes each application's data; a token already present is updated only while it is neither bound
   * nor sent (its binding fields are never touched). Returns the tokens the condition refused.
   */
  importMany(applications: readonly ApplicationData[]): Promise<{ written: number; refused: string[] }>;
  /** Binds the participant only if the token is unbound (or already bound to the same `sub`), not sent, not annulled. */
  bindParticipant(token: string, participant: ParticipantBinding): Promise<BindOutcome>;
  /** Token reset: removes the binding unless the application was sent. With `sub`, only that participant's binding. */
  unbindParticipant(token: string, sub?: string): Promise<UnbindOutcome>;
  annul(token: string, reason: string, annulledAt: string): Promise<AnnulOutcome>;
}
