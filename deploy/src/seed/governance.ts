// FLX spread across the demo users (auto-delegation gives them votes at once), stakers, a fee
// distribution to stakers, and one live proposal with votes on it.
import { encodeFunctionData, keccak256, parseUnits, toHex } from "viem";
import {
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  liquidityPoolManagerAbi,
  treasuryAbi,
} from "../../generated/fluxion.ts";
import { type ActorName, must, type SeedContext } from "./actors.ts";

const holdings: Partial<Record<ActorName, string>> = {
  alice: "5000000",
  bob: "3000000",
  carol: "1000000",
  dave: "500000",
};
const stakes: Partial<Record<ActorName, string>> = { alice: "2000000", bob: "1000000" };

export const demoProposal = {
  description: "Lower the sXAU/sUSD swap fee from 0.30% to 0.25%",
  pool: "sXAU/sUSD",
  newSwapFee: parseUnits("0.0025", 18),
};

export async function seedGovernance(ctx: SeedContext): Promise<{ proposalId: bigint }> {
  const { record, wallets } = ctx;
  const flx = must(record.contracts.FluxionGovernanceToken, "FluxionGovernanceToken").address;
  const governor = must(record.contracts.FluxionGovernor, "FluxionGovernor").address;
  const treasury = must(record.contracts.Treasury, "Treasury").address;
  const manager = must(record.contracts.LiquidityPoolManager, "LiquidityPoolManager").address;

  for (const [who, amount] of Object.entries(holdings) as [ActorName, string][]) {
    await ctx.send(
      `FLX to ${who}`,
      wallets.deployer.writeContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "transfer",
        args: [ctx.address(who), parseUnits(amount, 18)],
      }),
    );
  }
  for (const [who, amount] of Object.entries(stakes) as [ActorName, string][]) {
    await ctx.send(
      `${who} stakes ${amount} FLX`,
      wallets[who].writeContract({
        address: flx,
        abi: fluxionGovernanceTokenAbi,
        functionName: "stake",
        args: [parseUnits(amount, 18)],
      }),
    );
  }
  // Mint fees paid in sUSD sit in the Treasury; anyone can push the stakers' share out.
  await ctx.send(
    "distribute sUSD fees to stakers",
    wallets.carol.writeContract({
      address: treasury,
      abi: treasuryAbi,
      functionName: "distribute",
      args: [must(record.synths.sUSD, "sUSD").address],
    }),
  );

  const pool = must(record.pools[demoProposal.pool], demoProposal.pool);
  const targets = [manager] as const;
  const values = [0n] as const;
  const calldatas = [
    encodeFunctionData({
      abi: liquidityPoolManagerAbi,
      functionName: "setSwapFee",
      args: [pool.poolId, demoProposal.newSwapFee],
    }),
  ] as const;
  await ctx.send(
    "propose a swap fee change",
    wallets.deployer.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "propose",
      args: [[...targets], [...values], [...calldatas], demoProposal.description],
    }),
  );
  const proposalId = await ctx.publicClient.readContract({
    address: governor,
    abi: fluxionGovernorAbi,
    functionName: "hashProposal",
    args: [[...targets], [...values], [...calldatas], keccak256(toHex(demoProposal.description))],
  });
  const delay = await ctx.publicClient.readContract({
    address: governor,
    abi: fluxionGovernorAbi,
    functionName: "votingDelay",
  });
  await ctx.advance(Number(delay) + 1);
  await ctx.send(
    "alice votes for",
    wallets.alice.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "castVoteWithReason",
      args: [proposalId, 1, "Cheaper gold trades bring volume"],
    }),
  );
  await ctx.send(
    "carol votes against",
    wallets.carol.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "castVote",
      args: [proposalId, 0],
    }),
  );
  return { proposalId };
}
