// Display formatting: token amounts, USD (the indexer's and oracle's 18-decimal integers), ratios,
// addresses and times. Exact integers stay bigint until the last step.
import { formatUnits, parseUnits } from "viem";

const WAD_DECIMALS = 18;

/** A token amount for display: grouped, at most `digits` decimals, never scientific notation. */
export function formatAmount(value: bigint | string, decimals: number, digits = 4): string {
  const text = formatUnits(BigInt(value), decimals);
  const [whole = "0", fraction = ""] = text.split(".");
  const negative = whole.startsWith("-");
  const grouped = BigInt(negative ? whole.slice(1) : whole).toLocaleString("en-US");
  const cut = fraction.slice(0, digits).replace(/0+$/, "");
  const tiny = cut === "" && /[1-9]/.test(fraction) && grouped === "0";
  if (tiny) return `${negative ? "-" : ""}<0.${"0".repeat(Math.max(0, digits - 1))}1`;
  return `${negative ? "-" : ""}${grouped}${cut ? `.${cut}` : ""}`;
}

/** USD held as an 18-decimal integer: "$1,234.56". */
export function formatUsd(value: bigint | string | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "—";
  const v = BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const text = formatUnits(abs, WAD_DECIMALS);
  const [whole = "0", fraction = ""] = text.split(".");
  const cents = (fraction + "0".repeat(digits)).slice(0, digits);
  const grouped = BigInt(whole).toLocaleString("en-US");
  return `${negative ? "-" : ""}$${grouped}${digits > 0 ? `.${cents}` : ""}`;
}

/** An 18-decimal ratio (1e18 = 100%) as a percentage. */
export function formatRatio(value: bigint | string | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "—";
  const v = BigInt(value);
  if (v > 10n ** 30n) return "∞";
  const percent = Number(formatUnits(v * 100n, WAD_DECIMALS));
  return `${percent.toLocaleString("en-US", { maximumFractionDigits: digits })}%`;
}

export function shortAddress(address: string | undefined | null): string {
  if (!address) return "—";
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Parses what a user typed as a token amount; undefined when it is not one. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim().replace(/,/g, "");
  if (!/^\d*(\.\d*)?$/.test(trimmed) || trimmed === "" || trimmed === ".") return undefined;
  const [, fraction = ""] = trimmed.split(".");
  if (fraction.length > decimals) return undefined;
  try {
    const value = parseUnits(trimmed, decimals);
    // Nothing on chain holds more than a uint256.
    return value < 2n ** 256n ? value : undefined;
  } catch {
    return undefined;
  }
}

/** "3 min ago", "in 2 h" from unix seconds, relative to `now` (unix seconds). */
export function relativeTime(at: number, now = Date.now() / 1000): string {
  const delta = Math.round(at - now);
  const abs = Math.abs(delta);
  const text =
    abs < 60
      ? `${abs} s`
      : abs < 3600
        ? `${Math.floor(abs / 60)} min`
        : abs < 86_400
          ? `${Math.floor(abs / 3600)} h ${Math.floor((abs % 3600) / 60)} min`
          : `${Math.floor(abs / 86_400)} d ${Math.floor((abs % 86_400) / 3600)} h`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
