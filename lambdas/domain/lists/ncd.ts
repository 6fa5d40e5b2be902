/**
 * R17c, the one rule every part applies (ranking, registration, the send path): a list (region × axis) whose
 * applications, sent or not, request in total no more than its allocation has no click day (*elenco NCD*). A list
 * without an allocation is never NCD.
 */
export function isNcdList(allocationCents: number | undefined, requestedCents: number): boolean {
  return allocationCents !== undefined && requestedCents <= allocationCents;
}
