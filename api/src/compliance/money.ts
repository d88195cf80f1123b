// US dollar amounts as decimal strings at the edges ("2999.99") and integer cents (bigint) inside,
// so limits and totals are exact: no floating point ever touches money.

/** A positive dollar amount with at most 2 decimals and at most 12 integer digits. */
export const usdPattern = "^(?!0+(\\.0{1,2})?$)(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?$";
const usdRegex = new RegExp(usdPattern);
/** The same grammar allowing zero (policy thresholds). */
const nonNegativeRegex = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/** "2999.99" → 299999n. Throws RangeError on anything but a non-negative 2-decimal amount. */
export function usdToCents(value: string): bigint {
  if (!nonNegativeRegex.test(value)) throw new RangeError(`not a dollar amount: "${value}"`);
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}

/** True for a positive amount the check accepts (the request schema enforces the same). */
export function isPositiveUsd(value: string): boolean {
  return usdRegex.test(value);
}

/** 299999n → "2999.99" (always two decimals). */
export function centsToUsd(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** 1000000n → "$10,000.00", for human-readable rule details. */
export function formatUsd(cents: bigint): string {
  const [whole = "0", fraction = "00"] = centsToUsd(cents).split(".");
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}
