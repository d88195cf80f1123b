// A position's health at given prices, computed exactly as SynthVault computes it (PositionMath: collateral
// value rounded down, debt value up, ratio rounded down), and what liquidating it would pay.
const WAD = 10n ** 18n;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** The smaller of two bigints (Math.min takes numbers only). */
export const minBig = (a: bigint, b: bigint) => (a < b ? a : b);

/** The larger of two bigints. */
export const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

export type CollateralConfig = {
  liquidationRatio: bigint;
  liquidationBonus: bigint;
  decimals: number;
};

export function collateralValue(amount: bigint, price: bigint, decimals: number): bigint {
  return (amount * price) / 10n ** BigInt(decimals);
}

export function debtValue(debt: bigint, price: bigint): bigint {
  return ceilDiv(debt * price, WAD);
}

/** Collateral value over debt value, 18 decimals; undefined without debt. */
export function ratio(
  collateralAmount: bigint,
  debt: bigint,
  collateralPrice: bigint,
  synthPrice: bigint,
  decimals: number,
): bigint | undefined {
  const d = debtValue(debt, synthPrice);
  if (d === 0n) return undefined;
  return (collateralValue(collateralAmount, collateralPrice, decimals) * WAD) / d;
}

/**
 * What `liquidate(owner, collateral, synth, repay)` does to a position, as the vault computes it: the
 * debt repaid (capped at the debt, and cut proportionally when the collateral does not cover repay plus
 * bonus), the collateral seized, and the USD values of both.
 */
export function liquidationOutcome(input: {
  collateralAmount: bigint;
  debt: bigint;
  repay: bigint;
  collateralPrice: bigint;
  synthPrice: bigint;
  config: CollateralConfig;
}): { repaid: bigint; seized: bigint; repaidUsd: bigint; seizedUsd: bigint; badDebt: bigint } {
  const { collateralAmount, debt, collateralPrice, synthPrice, config } = input;
  let repaid = minBig(input.repay, debt);
  const unit = 10n ** BigInt(config.decimals);
  const valueWithBonus = (repaid * synthPrice * (WAD + config.liquidationBonus)) / (WAD * WAD);
  let seized = (valueWithBonus * unit) / collateralPrice;
  if (seized > collateralAmount) {
    repaid = ceilDiv(repaid * collateralAmount, seized);
    seized = collateralAmount;
  }
  const badDebt = seized === collateralAmount ? debt - repaid : 0n;
  return {
    repaid,
    seized,
    repaidUsd: debtValue(repaid, synthPrice),
    seizedUsd: collateralValue(seized, collateralPrice, config.decimals),
    badDebt,
  };
}
