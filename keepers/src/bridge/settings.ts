// Timing and naming of one bridge keeper. The margins are Boltz's lesson, made exact in ./timing.ts: a
// mint's held HTLC must outlive its on-chain timelock, and a burn's payment must be unable to outlive
// the burn's timelock, each with margins that count Bitcoin blocks on the side unsafe for the bridge.
import type { TimingSettings } from "./timing.ts";

export type BridgeSettings = TimingSettings & {
  /** This keeper's name: the lease owner in the database and the author of its history entries. */
  keeper: string;
  chainId: number;
  /** How long a mint invoice can be paid (its BOLT-11 expiry), from the quote. */
  invoiceExpirySeconds: number;
  /** Final CLTV delta of our hold invoices (blocks). */
  cltvDelta: number;
  /** On-chain timelock of a mint, from the block its lock lands in. */
  mintTimelockSeconds: number;
  /** Shortest on-chain timelock offered for a burn (longer when the invoice needs it). */
  burnTimelockSeconds: number;
  /** Fee limit and pathfinding timeout of burn payments. */
  payMaxFeeSats: number;
  payTimeoutMs: number;
  /** How often an unchanged swap is looked at again (events wake swaps sooner). */
  pollMs: number;
  /** How long one keeper owns a swap it is working on before another may take over. */
  leaseMs: number;
  /**
   * How long a swap another keeper created must have been due before this keeper takes it (its creator
   * is dead or saturated); until then its creator drives it, so that keepers split the work.
   */
  takeoverMs: number;
};

export const defaultBridgeSettings: Omit<BridgeSettings, "keeper" | "chainId"> = {
  invoiceExpirySeconds: 600,
  cltvDelta: 144,
  mintTimelockSeconds: 3600,
  burnTimelockSeconds: 7200,
  blockSeconds: 600,
  blockSpread: 1.5,
  htlcResolutionBlocks: 6,
  burnClaimSafetySeconds: 1800,
  burnLockWindowSeconds: 3600,
  htlcSafetySeconds: 1800,
  payMaxFeeSats: 100,
  payTimeoutMs: 60_000,
  pollMs: 1_000,
  leaseMs: 30_000,
  takeoverMs: 2_000,
};
