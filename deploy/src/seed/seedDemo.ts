// Seeds a local deployment with a living demo: positions, pool liquidity and swaps, FLX holders,
// stakers and a live proposal, supply-chain items in transit, oracle rounds, and LINK for CCIP fees.
import type { PublicClient } from "viem";
import type { DeploymentRecord } from "../deploymentRecord.ts";
import { createSeedContext, type Wallet } from "./actors.ts";
import { seedCcip } from "./ccip.ts";
import { seedGovernance } from "./governance.ts";
import { seedPools } from "./pools.ts";
import { seedPositions } from "./positions.ts";
import { seedPrices } from "./prices.ts";
import { seedSupplyChain } from "./supplyChain.ts";

export type SeedResult = { proposalId: bigint };

export async function seedDemo(
  publicClient: PublicClient,
  wallets: readonly Wallet[],
  record: DeploymentRecord,
): Promise<SeedResult> {
  const ctx = createSeedContext(publicClient, wallets, record);
  await seedPrices(ctx);
  await seedPositions(ctx);
  await seedPools(ctx);
  await seedSupplyChain(ctx);
  await seedCcip(ctx);
  return seedGovernance(ctx);
}
