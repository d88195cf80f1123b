// Position arithmetic the UI shows before and after an action, with the vault's own rounding:
// collateral valued down, debt up, ratios as 1e18 fractions (PositionMath.sol).
const WAD = 10n ** 18n;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** USD value (18 decimals) of `amount` collateral units at `price` (USD, 18 decimals), rounded down. */
export function collateralValue(amount: bigint, price: bigint, decimals: number): bigint {
  return (amount * price) / 10n ** BigInt(decimals);
}

/** USD value (18 decimals) of `debt` synth units (18 decimals) at `price`, rounded up. */
export function debtValue(debt: bigint, price: bigint): bigint {
  return ceilDiv(debt * price, WAD);
}

/** Collateral ratio (1e18 = 100%); undefined without debt (infinite). */
export function ratio(collateralUsd: bigint, debtUsd: bigint): bigint | undefined {
  if (debtUsd === 0n) return undefined;
  return (collateralUsd * WAD) / debtUsd;
}

/**
 * The collateral price (USD per whole token, 18 decimals) at which the position's ratio falls to
 * `liquidationRatio`, at the current debt value; undefined without debt or collateral.
 */
export function liquidationPriceOf(
  collateralAmount: bigint,
  decimals: number,
  debtUsd: bigint,
  liquidationRatio: bigint,
): bigint | undefined {
  if (collateralAmount === 0n || debtUsd === 0n) return undefined;
  return ceilDiv(debtUsd * liquidationRatio * 10n ** BigInt(decimals), collateralAmount * WAD);
}

/** The portfolio route's position, at its collateral's liquidation ratio. */
export function liquidationPrice(
  position: { collateralAmount: string; debtValueUsd: string | null },
  decimals: number,
  liquidationRatio: bigint | undefined,
): bigint | undefined {
  if (position.debtValueUsd === null || liquidationRatio === undefined) return undefined;
  return liquidationPriceOf(
    BigInt(position.collateralAmount),
    decimals,
    BigInt(position.debtValueUsd),
    liquidationRatio,
  );
}
