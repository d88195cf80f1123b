// The bridge's timing rules: how Lightning heights (Bitcoin blocks) and on-chain timelocks (EVM
// timestamps) are made to agree, so that neither side of a swap can outlive the other in a thief's
// favour. Pure functions of the settings, unit-tested in timing.test.ts; the README's Security section
// states the same rules in words.
//
// Bitcoin blocks arrive every `blockSeconds` (600 s) on average, but a given number of blocks can take
// longer or shorter. Each rule counts blocks on the side that is unsafe for the bridge:
// - A burn pays a user's invoice, and the user must not be able to settle it after the burn's refund
//   opens (they would keep the sats and get their synths back). An HTLC can be held until its expiry
//   height, so every block until then is counted as slow (`blockSeconds * blockSpread`): the expiry must
//   come, plus `htlcResolutionBlocks` for the on-chain timeout to confirm, plus `burnClaimSafetySeconds`
//   to claim with the preimage, before the refund opens.
// - A mint holds the payer's HTLC while the user can still claim on-chain, and the bridge must be able
//   to settle after the last possible claim. The node fails a held HTLC back `incomingBroadcastDelta`
//   blocks before its expiry, so blocks are counted as fast (`blockSeconds / blockSpread`) there.

/** LND's routing.BlockPadding: blocks the sender adds to the final CLTV delta. */
export const blockPadding = 3;
/** LND's lncfg.DefaultIncomingBroadcastDelta: a held HTLC this close to expiry is failed back. */
export const incomingBroadcastDelta = 10;

export type TimingSettings = {
  /** Average seconds per Bitcoin block (600 on Bitcoin; the dev chain's LN_BLOCK_SECONDS). */
  blockSeconds: number;
  /** How much slower (burns) or faster (mints) than average a run of blocks is assumed to be. */
  blockSpread: number;
  /** Blocks after an HTLC's expiry during which the payee may still reveal the preimage on-chain. */
  htlcResolutionBlocks: number;
  /** Time kept between the latest preimage and a burn's timelock, to claim on-chain. */
  burnClaimSafetySeconds: number;
  /** How long after a burn quote the user may lock and the bridge still starts the payment. */
  burnLockWindowSeconds: number;
  /** Time kept between a mint's timelock and the moment its held HTLC can no longer be settled. */
  htlcSafetySeconds: number;
};

const slowBlock = (t: TimingSettings) => t.blockSeconds * t.blockSpread;
const fastBlock = (t: TimingSettings) => t.blockSeconds / t.blockSpread;

/**
 * The highest HTLC expiry height a burn payment started now may use (`max_timeout_height`): its HTLC,
 * held to that height and resolved on-chain after it, still leaves time to claim before `timelock`.
 */
export function burnMaxTimeoutHeight(
  t: TimingSettings,
  p: { height: number; now: bigint; timelock: bigint },
): number {
  const seconds = Number(p.timelock - p.now) - t.burnClaimSafetySeconds;
  return p.height + Math.floor(seconds / slowBlock(t)) - t.htlcResolutionBlocks;
}

/**
 * Whether an invoice whose final CLTV delta is `finalCltv` can be paid within `maxTimeoutHeight`: LND
 * adds its block padding to the final delta, and refuses a route whose delta reaches the limit.
 */
export function fitsCltvLimit(finalCltv: number, height: number, maxTimeoutHeight: number) {
  return finalCltv + blockPadding < maxTimeoutHeight - height;
}

/**
 * How long a burn's on-chain timelock must be, from the quote, for an invoice with this final CLTV
 * delta and expiry: the user has until the earlier of the invoice's expiry and the lock window to lock,
 * and a payment started at that last moment must still fit `burnMaxTimeoutHeight`.
 */
export function burnTimelockSeconds(
  t: TimingSettings,
  p: { finalCltv: number; invoiceSecondsLeft: number; minimumSeconds: number },
): number {
  const payBy = Math.max(0, Math.min(p.invoiceSecondsLeft, t.burnLockWindowSeconds));
  const blocks = p.finalCltv + blockPadding + 1 + t.htlcResolutionBlocks;
  const needed = payBy + Math.ceil(blocks * slowBlock(t)) + t.burnClaimSafetySeconds;
  return Math.max(p.minimumSeconds, needed);
}

/** The largest final CLTV delta a burn invoice may ask for when the timelock is at most `seconds`. */
export function maxBurnFinalCltv(
  t: TimingSettings,
  p: { timelockSeconds: number; invoiceSecondsLeft: number },
): number {
  const payBy = Math.max(0, Math.min(p.invoiceSecondsLeft, t.burnLockWindowSeconds));
  const blocks = Math.floor((p.timelockSeconds - payBy - t.burnClaimSafetySeconds) / slowBlock(t));
  return blocks - blockPadding - 1 - t.htlcResolutionBlocks;
}

/**
 * Seconds from now until a held HTLC expiring at `htlcExpiry` can no longer be settled by our node
 * (it fails it back `incomingBroadcastDelta` blocks early), counting blocks as fast.
 */
export function mintHtlcSecondsLeft(
  t: TimingSettings,
  p: { height: number; htlcExpiry: number },
): number {
  return (p.htlcExpiry - incomingBroadcastDelta - p.height) * fastBlock(t);
}

/** Whether a mint may lock with `timelock` while its payer's HTLC expires at `htlcExpiry`. */
export function mintLockFits(
  t: TimingSettings,
  p: { height: number; htlcExpiry: number; now: bigint; timelock: bigint },
): boolean {
  return Number(p.timelock - p.now) + t.htlcSafetySeconds <= mintHtlcSecondsLeft(t, p);
}
