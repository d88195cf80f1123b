// Satoshi amounts as typed by a person: whole numbers only (grouping commas, spaces and underscores are
// fine), within the gateway's per-swap limits, and never more bitcoin than will ever exist.

/** 21 million BTC: the API refuses anything larger. */
export const maxSatsEver = 2_100_000_000_000_000n;

export type SatsLimits = { min: bigint; max: bigint };

export type SatsCheck = { ok: true; sats: bigint } | { ok: false; reason: string };

export function formatSats(sats: bigint | string | number): string {
  return `${BigInt(sats).toLocaleString("en-US")} sats`;
}

/** Parses what a person typed as a number of satoshis, checked against the swap limits. */
export function parseSats(text: string, limits?: SatsLimits): SatsCheck {
  const trimmed = text.trim().replace(/[,_\s]/g, "");
  if (trimmed === "") return { ok: false, reason: "Enter an amount in sats." };
  if (/^-/.test(trimmed)) return { ok: false, reason: "The amount must be positive." };
  if (/^\+?\d*\.\d*$/.test(trimmed) && trimmed !== ".") {
    return { ok: false, reason: "Sats are whole numbers: no decimals." };
  }
  if (!/^\+?\d+$/.test(trimmed)) return { ok: false, reason: "Enter a whole number of sats." };
  if (trimmed.replace(/^\+?0*/, "").length > 19) {
    return { ok: false, reason: "That is more bitcoin than will ever exist." };
  }
  const sats = BigInt(trimmed.replace(/^\+/, ""));
  if (sats === 0n) return { ok: false, reason: "The amount must be more than zero." };
  if (sats > maxSatsEver)
    return { ok: false, reason: "That is more bitcoin than will ever exist." };
  if (limits && sats < limits.min) {
    return { ok: false, reason: `The smallest swap is ${formatSats(limits.min)}.` };
  }
  if (limits && sats > limits.max) {
    return { ok: false, reason: `The largest swap is ${formatSats(limits.max)}.` };
  }
  return { ok: true, sats };
}

/** USD (18 decimals) of `sats` at a BTC price in USD (18 decimals): 1 BTC = 1e8 sats. */
export function satsToUsd(sats: bigint, btcPriceUsd: bigint): bigint {
  return (sats * btcPriceUsd) / 100_000_000n;
}

/** The API's USD cents (a decimal string) as 18-decimal USD, for formatUsd. */
export function centsToUsd(cents: string | bigint): bigint {
  return BigInt(cents) * 10n ** 16n;
}
