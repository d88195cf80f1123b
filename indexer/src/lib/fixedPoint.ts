// Exact integer arithmetic mirrored from the contracts (OpenZeppelin Math.mulDiv, OracleMath,
// PositionMath), so indexed values equal what the chain's views return, to the wei.

export const WAD = 10n ** 18n;
export const MAX_UINT256 = 2n ** 256n - 1n;
/** OracleMath.MAX_PRICE: normalised prices above it are unusable. */
export const MAX_PRICE = 2n ** 128n - 1n;

/** floor(a * b / d), or its ceiling when `roundUp`. */
export function mulDiv(a: bigint, b: bigint, d: bigint, roundUp = false): bigint {
  if (d === 0n) throw new RangeError("mulDiv: division by zero");
  const product = a * b;
  const quotient = product / d;
  return roundUp && quotient * d !== product ? quotient + 1n : quotient;
}

/** OracleMath.normalise: a feed answer as an 18-decimal USD price, or 0n when unusable. */
export function normalisePrice(answer: bigint, decimals: number): bigint {
  if (answer <= 0n) return 0n;
  let price: bigint;
  if (decimals <= 18) {
    const scale = 10n ** BigInt(18 - decimals);
    if (answer > MAX_PRICE / scale) return 0n;
    price = answer * scale;
  } else {
    price = answer / 10n ** BigInt(decimals - 18);
    if (price > MAX_PRICE) return 0n;
  }
  return price;
}

/** USD value (18 decimals) of `amount` token units at `price`, rounded down (PositionMath.collateralValue). */
export function valueUsd(amount: bigint, price: bigint, decimals: number): bigint {
  return amount === 0n ? 0n : mulDiv(amount, price, 10n ** BigInt(decimals));
}

/** USD value of `debt` 18-decimal synths, rounded up (PositionMath.debtValue). */
export function debtValueUsd(debt: bigint, price: bigint): bigint {
  return debt === 0n ? 0n : mulDiv(debt, price, WAD, true);
}

/** Collateral value over debt value, rounded down; MAX_UINT256 without debt (PositionMath.ratio). */
export function collateralRatio(collateralValue: bigint, debtValue: bigint): bigint {
  return debtValue === 0n ? MAX_UINT256 : mulDiv(collateralValue, WAD, debtValue);
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
