// Synth-position arithmetic exactly as SynthVault / PositionMath.sol / OracleMath.sol do it, in bigint:
// collateral valued down, debt valued up, ratios rounded down, fees rounded up. Every preview the page
// shows before signing comes from here, so what the page accepts is what the vault accepts.
import { formatUnits } from "viem";
import { parseAmount } from "../../ui/format.ts";

/** 100%, and one whole 18-decimal token. */
export const WAD = 10n ** 18n;
export const MAX_UINT256 = 2n ** 256n - 1n;
/** Positions store collateral and debt as uint128. */
export const MAX_UINT128 = 2n ** 128n - 1n;

/** The smaller of two bigints (Math.min takes numbers only). */
export function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("mulDiv: division by zero");
  return (a * b) / denominator;
}

export function mulDivUp(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("mulDivUp: division by zero");
  const product = a * b;
  return product === 0n ? 0n : (product - 1n) / denominator + 1n;
}

/** USD value (18 decimals) of `amount` collateral units at `price` (USD per whole token), rounded down. */
export function collateralValue(amount: bigint, price: bigint, decimals: number): bigint {
  return mulDiv(amount, price, 10n ** BigInt(decimals));
}

/** USD value (18 decimals) of `debt` synths (18 decimals) at `price`, rounded up. */
export function debtValue(debt: bigint, price: bigint): bigint {
  return mulDivUp(debt, price, WAD);
}

/** Collateral value over debt value (1e18 = 100%), rounded down; MAX_UINT256 without debt. */
export function ratio(collateralValueUsd: bigint, debtValueUsd: bigint): bigint {
  if (debtValueUsd === 0n) return MAX_UINT256;
  return mulDiv(collateralValueUsd, WAD, debtValueUsd);
}

/** Fee at `rate` (1e18 = 100%) on `amount`, rounded up. */
export function fee(amount: bigint, rate: bigint): bigint {
  return mulDivUp(amount, rate, WAD);
}

/** Largest debt whose position passes `ratio >= minRatio` at `synthPrice` (PositionMath.maxDebt). */
export function maxDebt(collateralValueUsd: bigint, synthPrice: bigint, minRatio: bigint): bigint {
  return mulDiv(mulDiv(collateralValueUsd, WAD, minRatio), WAD, synthPrice);
}

/** Largest `amount` with `amount + fee(amount, rate) <= room` (PositionMath.maxAmountWithFee). */
export function maxAmountWithFee(room: bigint, rate: bigint): bigint {
  return mulDiv(room, WAD, WAD + rate);
}

/** Smallest burn `amount` whose `amount - fee(amount, rate)` is exactly `debtReduction`. */
export function amountForNet(debtReduction: bigint, rate: bigint): bigint {
  return mulDivUp(debtReduction, WAD, WAD - rate);
}

/** What burning `amount` does (SynthVault.quoteBurn): the fee and how much the debt drops. */
export function quoteBurn(amount: bigint, burnFee: bigint): { fee: bigint; debtReduction: bigint } {
  const f = fee(amount, burnFee);
  return { fee: f, debtReduction: amount - f };
}

/** Largest burn amount whose debt reduction stays within `debt` (the next unit would exceed it). */
export function maxBurnFor(debt: bigint, burnFee: bigint): bigint {
  // `a - fee(a)` grows by 0 or 1 per unit of `a`: the first amount reducing by debt + 1, minus one.
  return amountForNet(debt + 1n, burnFee) - 1n;
}

/**
 * The lowest collateral price (USD per whole token, 18 decimals) at which the position is not
 * liquidatable, at the current debt value: below it, `ratio < liquidationRatio`. Undefined without
 * debt or without collateral (nothing to liquidate / already liquidatable at any price).
 */
export function liquidationPrice(
  collateralAmount: bigint,
  decimals: number,
  debtValueUsd: bigint,
  liquidationRatio: bigint,
): bigint | undefined {
  if (collateralAmount === 0n || debtValueUsd === 0n) return undefined;
  // ratio >= L  <=>  floor(C * p / 10^d) * 1e18 >= L * debtValue  <=>  floor(C * p / 10^d) >= ceil(L * dv / 1e18)
  //             <=>  C * p >= ceil(L * dv / 1e18) * 10^d  <=>  p >= ceil(ceil(L * dv / 1e18) * 10^d / C).
  const minValue = mulDivUp(liquidationRatio, debtValueUsd, WAD);
  return mulDivUp(minValue, 10n ** BigInt(decimals), collateralAmount);
}

/**
 * Most collateral `withdraw` accepts: all of it without debt, else what keeps the ratio at or above
 * `issuanceRatio` at these prices (exact: one unit more fails).
 */
export function maxWithdrawable(p: {
  collateral: bigint;
  debt: bigint;
  collateralPrice: bigint;
  synthPrice: bigint;
  decimals: number;
  issuanceRatio: bigint;
}): bigint {
  if (p.debt === 0n) return p.collateral;
  if (p.collateralPrice === 0n) return 0n;
  const minValue = mulDivUp(p.issuanceRatio, debtValue(p.debt, p.synthPrice), WAD);
  const minCollateral = mulDivUp(minValue, 10n ** BigInt(p.decimals), p.collateralPrice);
  return p.collateral > minCollateral ? p.collateral - minCollateral : 0n;
}

/**
 * Most synths `mint` accepts (SynthVault.quoteMint's maxMintable): bounded by the issuance ratio and
 * the synth's debt ceiling, the fee included.
 */
export function maxMintable(p: {
  collateral: bigint;
  debt: bigint;
  collateralPrice: bigint;
  synthPrice: bigint;
  decimals: number;
  issuanceRatio: bigint;
  mintFee: bigint;
  debtCeiling: bigint;
  totalDebt: bigint;
}): bigint {
  if (p.synthPrice === 0n || p.issuanceRatio === 0n) return 0n;
  const value =
    p.collateral === 0n ? 0n : collateralValue(p.collateral, p.collateralPrice, p.decimals);
  const most = maxDebt(value, p.synthPrice, p.issuanceRatio);
  let room = most > p.debt ? most - p.debt : 0n;
  const ceilingRoom = p.debtCeiling > p.totalDebt ? p.debtCeiling - p.totalDebt : 0n;
  room = minOf(room, ceilingRoom);
  return maxAmountWithFee(room, p.mintFee);
}

/** Deviation of `price` from `reference` (1e18 = 100%, rounded up); OracleMath.isWithinDeviation's test. */
export function deviation(price: bigint, reference: bigint): bigint | undefined {
  if (reference === 0n) return undefined;
  const diff = price > reference ? price - reference : reference - price;
  return mulDivUp(diff, WAD, reference);
}

export function isWithinDeviation(price: bigint, reference: bigint, maxDeviation: bigint): boolean {
  const diff = price > reference ? price - reference : reference - price;
  return diff * WAD <= maxDeviation * reference;
}

/** A feed's raw answer as an 18-decimal price; 0 when unusable (OracleMath.normalise). */
export function normalise(answer: bigint, decimals: number): bigint {
  if (answer <= 0n) return 0n;
  if (decimals <= 18) {
    const scaled = answer * 10n ** BigInt(18 - decimals);
    return scaled > MAX_UINT128 ? 0n : scaled;
  }
  const price = answer / 10n ** BigInt(decimals - 18);
  return price > MAX_UINT128 ? 0n : price;
}

// ---------------------------------------------------------------- what the user typed

export type ParsedAmount =
  | { kind: "ok"; value: bigint }
  | { kind: "empty" }
  | { kind: "invalid"; message: string };

/** An amount as typed: a positive decimal with at most `decimals` places that fits in a uint256. */
export function parseAmountInput(text: string, decimals: number, symbol: string): ParsedAmount {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  if (/^[-−]/.test(trimmed)) return { kind: "invalid", message: "The amount cannot be negative." };
  const plain = trimmed.replace(/,/g, "");
  if (!/^\d*(\.\d*)?$/.test(plain) || plain === ".") {
    return {
      kind: "invalid",
      message: "Enter a number such as 12.5 (digits and at most one decimal point).",
    };
  }
  const fraction = plain.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    return {
      kind: "invalid",
      message: `${symbol} has ${decimals} decimals: use at most ${decimals} digits after the point.`,
    };
  }
  // The text is a well-formed decimal here: parseAmount refuses it only beyond a uint256.
  const value = parseAmount(plain, decimals);
  if (value === undefined || value > MAX_UINT256) {
    return { kind: "invalid", message: "That number is far too large." };
  }
  if (value === 0n) return { kind: "invalid", message: "Enter an amount greater than zero." };
  return { kind: "ok", value };
}

/** An exact amount for an input field (no grouping, no rounding): 1500000000000000000n, 18 -> "1.5". */
export function amountText(value: bigint, decimals: number): string {
  return formatUnits(value, decimals);
}
