// What the user types on the pools page, checked: token amounts (with the reason one is refused),
// and the trade settings, slippage tolerance and deadline, kept in localStorage.
import { parseAmount } from "../../ui/format.ts";
import { WAD } from "./math.ts";

export type Checked<T> =
  | { ok: true; value: T; warning?: string }
  | { ok: false; error: string; empty?: boolean };

/** A token amount as typed: empty, not a number, too many decimals, zero, or above a balance. */
export function checkAmount(
  text: string,
  decimals: number,
  options: { symbol?: string; balance?: bigint; allowZero?: boolean } = {},
): Checked<bigint> {
  const trimmed = text.trim();
  const symbol = options.symbol ?? "this token";
  if (trimmed === "") return { ok: false, error: "Enter an amount.", empty: true };
  const cleaned = trimmed.replace(/,/g, "");
  if (!/^\d*(\.\d*)?$/.test(cleaned) || cleaned === ".") {
    return { ok: false, error: "Enter a number, like 1.5." };
  }
  const fraction = cleaned.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    return {
      ok: false,
      error: `${symbol} has ${decimals} decimals: use at most ${decimals} digits after the point.`,
    };
  }
  const value = parseAmount(cleaned, decimals);
  if (value === undefined) return { ok: false, error: "Enter a number, like 1.5." };
  if (value === 0n && !options.allowZero)
    return { ok: false, error: "Enter an amount above zero." };
  if (options.balance !== undefined && value > options.balance) {
    return { ok: false, error: `More than your ${symbol} balance.` };
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------- slippage and deadline

export type TradeSettings = {
  /** Percent, as typed ("0.5"). */
  slippage: string;
  /** Minutes, as typed ("30"). */
  deadlineMinutes: string;
};

export const DEFAULT_SETTINGS: TradeSettings = { slippage: "0.5", deadlineMinutes: "30" };
export const SETTINGS_KEY = "fluxion.pools.settings";
/** Above this the tolerance is refused: a trade that may lose half its value is not protected. */
export const MAX_SLIPPAGE_PERCENT = 50;
export const MAX_DEADLINE_MINUTES = 4_320; // 3 days

const PERCENT_DECIMALS = 4; // 0.0001%
const LOW_SLIPPAGE = WAD / 10_000n; // 0.01%
const HIGH_SLIPPAGE = WAD / 20n; // 5%

/** Slippage tolerance in percent → a 1e18 fraction (0.5 → 0.005e18). */
export function checkSlippage(text: string): Checked<bigint> {
  const trimmed = text.trim().replace(/%$/, "").trim();
  if (trimmed === "") return { ok: false, error: "Enter a slippage tolerance.", empty: true };
  if (!/^\d*(\.\d*)?$/.test(trimmed) || trimmed === ".") {
    return { ok: false, error: "Enter a percentage, like 0.5." };
  }
  const fraction = trimmed.split(".")[1] ?? "";
  if (fraction.length > PERCENT_DECIMALS) {
    return { ok: false, error: `Use at most ${PERCENT_DECIMALS} decimals.` };
  }
  const hundredths = parseAmount(trimmed, 18); // percent x 1e18
  if (hundredths === undefined) return { ok: false, error: "Enter a percentage, like 0.5." };
  const value = hundredths / 100n;
  if (value > (BigInt(MAX_SLIPPAGE_PERCENT) * WAD) / 100n) {
    return { ok: false, error: `Slippage above ${MAX_SLIPPAGE_PERCENT}% is refused.` };
  }
  if (value < LOW_SLIPPAGE) {
    return {
      ok: true,
      value,
      warning: "Below 0.01%: the transaction will likely fail if the price moves at all.",
    };
  }
  if (value > HIGH_SLIPPAGE) {
    return {
      ok: true,
      value,
      warning: "High tolerance: you may get a much worse price (or be front-run).",
    };
  }
  return { ok: true, value };
}

/** Deadline in whole minutes → seconds. */
export function checkDeadline(text: string): Checked<bigint> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: "Enter a deadline in minutes.", empty: true };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "Enter whole minutes, like 30." };
  const minutes = BigInt(trimmed);
  if (minutes < 1n) return { ok: false, error: "The deadline must be at least 1 minute." };
  if (minutes > BigInt(MAX_DEADLINE_MINUTES)) {
    return { ok: false, error: `At most ${MAX_DEADLINE_MINUTES} minutes (3 days).` };
  }
  return { ok: true, value: minutes * 60n };
}

type StorageLike = Pick<Storage, "getItem" | "setItem">;

/** Saved settings, each falling back to its default when missing or no longer valid. */
export function loadSettings(storage: StorageLike | undefined): TradeSettings {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? "null");
  } catch {
    saved = null;
  }
  const record = (saved && typeof saved === "object" ? saved : {}) as Record<string, unknown>;
  const slippage =
    typeof record.slippage === "string" && checkSlippage(record.slippage).ok
      ? record.slippage
      : DEFAULT_SETTINGS.slippage;
  const deadlineMinutes =
    typeof record.deadlineMinutes === "string" && checkDeadline(record.deadlineMinutes).ok
      ? record.deadlineMinutes
      : DEFAULT_SETTINGS.deadlineMinutes;
  return { slippage, deadlineMinutes };
}

/** Saves the settings that are valid (an invalid field keeps its saved value). */
export function saveSettings(storage: StorageLike | undefined, settings: TradeSettings): void {
  if (!storage) return;
  const current = loadSettings(storage);
  const next: TradeSettings = {
    slippage: checkSlippage(settings.slippage).ok ? settings.slippage.trim() : current.slippage,
    deadlineMinutes: checkDeadline(settings.deadlineMinutes).ok
      ? settings.deadlineMinutes.trim()
      : current.deadlineMinutes,
  };
  try {
    storage.setItem(SETTINGS_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the settings last for this visit.
  }
}

/** The deadline the contract gets: chain time (never the wall clock) plus the user's window. */
export function deadlineFrom(chainNow: bigint, seconds: bigint): bigint {
  return chainNow + seconds;
}
