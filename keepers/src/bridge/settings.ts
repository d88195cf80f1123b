// Timing and naming of one bridge keeper. The margins are Boltz's lesson: a hold invoice's HTLC must
// outlive the on-chain timelock by a safe margin, or a user could claim on-chain after the keeper can no
// longer settle; and a burn is only paid while enough time remains to claim before its timelock.
export type BridgeSettings = {
  /** This keeper's name: the lease owner in the database and the author of its history entries. */
  keeper: string;
  chainId: number;
  /** How long a mint invoice can be paid (its BOLT-11 expiry), from the quote. */
  invoiceExpirySeconds: number;
  /** Final CLTV delta of our hold invoices (blocks). */
  cltvDelta: number;
  /** On-chain timelock of a mint, from the moment the lock is sent. */
  mintTimelockSeconds: number;
  /** Seconds per Bitcoin block when turning CLTV heights into time (600 on Bitcoin). */
  blockSeconds: number;
  /** Least time between the on-chain timelock and the held HTLC's expiry. */
  htlcSafetySeconds: number;
  /** Least time left before a burn's timelock to start paying its invoice (pay + claim must fit). */
  burnPaySafetySeconds: number;
  /** Fee limit and timeout of burn payments. */
  payMaxFeeSats: number;
  payTimeoutMs: number;
  /** How often an unchanged swap is looked at again. */
  pollMs: number;
  /** How long one keeper owns a swap it is working on before another may take over. */
  leaseMs: number;
};

export const defaultBridgeSettings: Omit<BridgeSettings, "keeper" | "chainId"> = {
  invoiceExpirySeconds: 600,
  cltvDelta: 144,
  mintTimelockSeconds: 3600,
  blockSeconds: 600,
  htlcSafetySeconds: 1800,
  burnPaySafetySeconds: 900,
  payMaxFeeSats: 100,
  payTimeoutMs: 60_000,
  pollMs: 1_000,
  leaseMs: 30_000,
};
