/**
 * Evidence of automated sending (R16, R19): a person reads the asked positions, finds the characters in the code and
 * types them — seconds; a script answers in milliseconds (INAIL 2013: 98 sends in 131 ms). Every send record keeps when
 * its form was issued and where the send came from; the operator lists the sends faster than a threshold beside the
 * session overlaps (`ops evidence list`) and decides (annulment, R19).
 */
import type { AuditRecord } from '#domain/kernel/audit';
import type { SendRecord } from './ledger.ts';

/** Faster than this from the form to the send is flagged by default. */
export const FAST_SEND_MS = 1_500;
export const FAST_SEND = 'FAST_SEND';

/** Milliseconds from the form's issue to the send's arrival, when the record keeps both. */
export function formToSendMs(send: SendRecord): number | undefined {
  if (!send.formIssuedAt) return undefined;
  return Date.parse(send.arrivalTime) - Date.parse(send.formIssuedAt);
}

/** The sends faster than `thresholdMs`, as evidence records (subject: the token; actor: the participant), by arrival. */
export function fastSends(sends: readonly SendRecord[], thresholdMs = FAST_SEND_MS): AuditRecord[] {
  return sends
    .flatMap((send) => {
      const ms = formToSendMs(send);
      if (ms === undefined || ms >= thresholdMs) return [];
      return [
        {
          id: `${send.arrivalTime}#${send.token}`,
          kind: FAST_SEND,
          at: send.arrivalTime,
          actor: send.participantSub,
          subject: send.token,
          data: {
            formToSendMs: ms,
            thresholdMs,
            formIssuedAt: send.formIssuedAt,
            sourceIp: send.sourceIp ?? null,
            sessionId: send.sessionId,
            receiptId: send.receiptId,
          },
        },
      ];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}
