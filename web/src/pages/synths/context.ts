// Turns the chain reads into the one snapshot the checks and previews work on, and says which actions
// the oracle's state pauses for the pair (as SynthVault does: mint and withdraw-with-debt read checked
// prices; deposit and burn read none).
import type { TokenInfo } from "../../lib/deployment.ts";
import type { PositionContext } from "./actions.ts";
import { type OracleStatus, oracleStatus } from "./oracle.ts";
import type { AccountPosition, Market } from "./queries.ts";

export type PairOracle = {
  collateral: OracleStatus;
  synth: OracleStatus;
  /** Each refused asset's reason, in words (empty when both prices are usable). */
  refusals: string[];
  /** Collateral and synth read the same aggregator (their prices move together). */
  sameFeed: boolean;
};

export function pairOracle(market: Market, now: number): PairOracle {
  const collateral = oracleStatus(market.collateralOracle, now);
  const synth = oracleStatus(market.synthOracle, now);
  const refusals = [collateral.refusal, synth.refusal].filter((r): r is string => r !== undefined);
  const a = market.collateralOracle.feed?.aggregator?.toLowerCase();
  const b = market.synthOracle.feed?.aggregator?.toLowerCase();
  return { collateral, synth, refusals, sameFeed: a !== undefined && a === b };
}

/** Sentence case for a list of clauses joined with "; ". */
export function joinRefusals(refusals: string[]): string | undefined {
  if (refusals.length === 0) return undefined;
  const text = refusals.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function positionContext(
  market: Market,
  account: AccountPosition,
  synth: TokenInfo,
  collateral: TokenInfo,
  oracle: PairOracle,
): PositionContext {
  // `price` keeps answering while a breaker is tripped (the vault's views value with it too), but a
  // price older than the heartbeat is refused everywhere: the page does not value with it either.
  const usable = (price: bigint | undefined, status: { stale: boolean }) =>
    status.stale ? undefined : price;
  return {
    collateral: {
      symbol: collateral.symbol,
      decimals: market.collateralDecimals || collateral.decimals,
    },
    synth: { symbol: synth.symbol, decimals: synth.decimals },
    collateralPrice: usable(market.collateralOracle.price, oracle.collateral),
    synthPrice: usable(market.synthOracle.price, oracle.synth),
    issuanceRatio: market.params.issuanceRatio,
    liquidationRatio: market.params.liquidationRatio,
    collateralEnabled: market.params.enabled,
    mintFee: market.synthParams.mintFee,
    burnFee: market.synthParams.burnFee,
    debtCeiling: market.synthParams.debtCeiling,
    synthActive: market.synthParams.active,
    totalDebt: market.totalDebt,
    paused: market.paused,
    oracleRefusal: joinRefusals(oracle.refusals)?.replace(/^./, (c) => c.toLowerCase()),
    position: account.position,
    balances: account.balances,
  };
}
