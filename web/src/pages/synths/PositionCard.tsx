// The account's position in the pair as the vault values it (positionOf), with the collateral's
// risk parameters, health and liquidation price, and what the wallet holds of both tokens.
import { formatAmount, formatRatio, formatUsd } from "../../ui/format.ts";
import { HealthBadge, liquidationText, ratioText } from "./ActionForm.tsx";
import { evaluate, healthOf, type PositionContext, view } from "./actions.ts";
import type { AccountPosition } from "./queries.ts";

export function PositionCard({ ctx, account }: { ctx: PositionContext; account: AccountPosition }) {
  const { collateral, synth } = ctx;
  // The vault's own valuation when it can price the position; else the raw amounts, unpriced.
  const valued = account.valued;
  const local = view(ctx, account.position.collateral, account.position.debt);
  const current = valued
    ? {
        ...local,
        collateralValueUsd: valued.collateralValueUsd,
        debtValueUsd: valued.debtValueUsd,
        ratio: valued.collateralRatio,
      }
    : { ...local, ratio: local.debt === 0n ? local.ratio : undefined, liquidationPrice: undefined };
  const health =
    valued?.liquidatable && current.debt > 0n ? "liquidatable" : healthOf(current, ctx);
  const empty = current.collateral === 0n && current.debt === 0n;
  // The same limits the form enforces (0 while the vault or the oracle refuses).
  const mintable = evaluate("mint", { primary: "" }, ctx).max.primary;
  const withdrawable = evaluate("withdraw", { primary: "" }, ctx).max.primary;
  return (
    <section className="card" aria-labelledby="synths-position" data-testid="position">
      <h2 id="synths-position">
        Your {synth.symbol} position against {collateral.symbol} <HealthBadge health={health} />
      </h2>
      {empty ? (
        <p className="muted">
          No position in this pair yet: deposit {collateral.symbol}, then mint {synth.symbol}.
        </p>
      ) : null}
      <dl className="preview synths-position">
        <dt>Collateral</dt>
        <dd data-testid="position-collateral">
          {formatAmount(current.collateral, collateral.decimals, 6)} {collateral.symbol}
          {current.collateralValueUsd !== undefined
            ? ` (${formatUsd(current.collateralValueUsd)})`
            : ""}
        </dd>
        <dt>Debt</dt>
        <dd data-testid="position-debt">
          {formatAmount(current.debt, synth.decimals, 6)} {synth.symbol}
          {current.debtValueUsd !== undefined ? ` (${formatUsd(current.debtValueUsd)})` : ""}
        </dd>
        <dt>Collateral ratio</dt>
        <dd data-testid="position-ratio">{ratioText(current)}</dd>
        <dt>Issuance ratio</dt>
        <dd>{formatRatio(ctx.issuanceRatio)}</dd>
        <dt>Liquidation ratio</dt>
        <dd>{formatRatio(ctx.liquidationRatio)}</dd>
        <dt>Liquidation price</dt>
        <dd data-testid="position-liquidation">{liquidationText(current, ctx)}</dd>
        <dt>Mintable now</dt>
        <dd data-testid="position-mintable">
          {mintable === undefined
            ? "—"
            : `${formatAmount(mintable, synth.decimals, 6)} ${synth.symbol}`}
        </dd>
        <dt>Withdrawable now</dt>
        <dd data-testid="position-withdrawable">
          {withdrawable === undefined
            ? "—"
            : `${formatAmount(withdrawable, collateral.decimals, 6)} ${collateral.symbol}`}
        </dd>
        <dt>In your wallet</dt>
        <dd>
          {formatAmount(ctx.balances.collateral, collateral.decimals, 6)} {collateral.symbol},{" "}
          <span data-testid="wallet-synth">
            {formatAmount(ctx.balances.synth, synth.decimals, 6)} {synth.symbol}
          </span>
        </dd>
      </dl>
      {account.valuedError ? (
        <p className="hint warn-text" role="status">
          The vault cannot value this position right now: {account.valuedError.message}
        </p>
      ) : null}
      {health === "below_issuance" ? (
        <p className="hint warn-text">
          Below the issuance ratio: you cannot mint more or withdraw until you deposit or repay.
        </p>
      ) : null}
      {health === "liquidatable" ? (
        <p className="hint error" role="alert">
          Below the liquidation ratio: anyone can repay part of this debt and take collateral with a
          bonus. Deposit collateral or repay now.
        </p>
      ) : null}
    </section>
  );
}
