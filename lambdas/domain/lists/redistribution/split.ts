/**
 * The one way R22d splits an amount of cents over weights, so that two implementations agree to the cent:
 * share_i = floor(P·w_i / Σw), then the cents left over go one each to the largest fractional remainders, ties to
 * the earliest weight (callers pass weights in allocations-file order). The products P·w_i exceed 2^53 for real
 * allocations (a billion cents times a billion cents), so the arithmetic is BigInt: no floating point anywhere.
 */

/**
 * Splits `amount` cents (any sign) over `weights` (non-negative integer cents). The shares sum to `amount` exactly.
 * All weights 0 (or none positive) splits equally. A negative amount is split with floor too, so its leftover is
 * still a number of cents to add (a deficit spreads like a surplus, with the same tie rule).
 */
export function splitCents(amount: number, weights: readonly number[]): number[] {
  if (weights.length === 0) {
    if (amount !== 0) throw new RangeError(`cannot split ${amount} cents over no weight`);
    return [];
  }
  assertCents(amount, 'amount');
  for (const weight of weights) {
    assertCents(weight, 'weight');
    if (weight < 0) throw new RangeError(`negative weight ${weight}`);
  }
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  const effective = total === 0n ? weights.map(() => 1n) : weights.map((w) => BigInt(w));
  const divisor = total === 0n ? BigInt(weights.length) : total;
  const p = BigInt(amount);
  const shares: bigint[] = [];
  const remainders: bigint[] = [];
  let assigned = 0n;
  for (const weight of effective) {
    const product = p * weight;
    const share = floorDiv(product, divisor);
    shares.push(share);
    remainders.push(product - share * divisor);
    assigned += share;
  }
  const leftover = Number(p - assigned); // 0 ≤ leftover < weights.length
  const byRemainder = effective.map((_, i) => i);
  byRemainder.sort((a, b) => {
    const ra = remainders[a] as bigint;
    const rb = remainders[b] as bigint;
    return ra > rb ? -1 : ra < rb ? 1 : a - b;
  });
  for (let k = 0; k < leftover; k++) {
    const i = byRemainder[k] as number;
    shares[i] = (shares[i] as bigint) + 1n;
  }
  return shares.map((share) => Number(share));
}

/** Floor division (BigInt `/` truncates toward zero; a negative amount must floor so remainders stay ≥ 0). */
function floorDiv(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  return numerator % divisor < 0n ? quotient - 1n : quotient;
}

function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} is not a safe integer of cents: ${value}`);
}
