// The local chain's clock against the wall clock. A Hardhat node gives every block at least one second
// more than the last, so a deploy and a seed that mine ~200 blocks in ~40 s would push its clock ahead
// of real time for good, and every timelock counted from the wall clock would fall short. The local
// node therefore starts an hour in the past (hardhat.config.ts, `networks.node.initialDate`), and once
// the fast mining is done its clock is brought to now: from then on its blocks carry real time.
import type { PublicClient } from "viem";

/** Seconds the next block's timestamp is ahead of (positive) or behind (negative) the wall clock. */
export async function chainClockOffset(client: PublicClient): Promise<number> {
  const pending = await client.getBlock({ blockTag: "pending" });
  return Number(pending.timestamp) - Math.floor(Date.now() / 1000);
}

/**
 * Brings a local node that is behind the wall clock to it (the next block carries now, and later ones
 * follow real time). Returns the offset left: 0, or how far ahead a node already was (never moved back).
 */
export async function catchUpChainClock(client: PublicClient): Promise<number> {
  const offset = await chainClockOffset(client);
  if (offset >= 0) return offset;
  const now = Math.floor(Date.now() / 1000);
  await client.request({ method: "evm_setNextBlockTimestamp" as never, params: [now] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
  return Math.max(0, await chainClockOffset(client));
}
