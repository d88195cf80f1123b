// Liquidity for every configured pool at oracle prices (the deployer is the first LP), a second LP,
// and a few swaps so the pools have history.
import { type Address, parseUnits } from "viem";
import { liquidityPoolManagerAbi, poolLpTokenAbi } from "../../generated/fluxion.ts";
import type { DeploymentRecord } from "../deploymentRecord.ts";
import { type ActorName, must, type SeedContext } from "./actors.ts";
import { approve } from "./positions.ts";

/** Initial balances per pool (token symbols in pool order). Values match the 50/50, 80/20 and 1:1 designs. */
export const liquidityPlan: Record<string, string[]> = {
  "sXAU/sUSD": ["100", "240000"],
  "WETH/sUSD 80/20": ["80", "60000"],
  "sUSD/USDC": ["200000", "200000"],
  "sBTC/WBTC": ["5", "5"],
};

const swapPlan: { who: ActorName; pool: string; from: string; to: string; amount: string }[] = [
  { who: "alice", pool: "sXAU/sUSD", from: "sUSD", to: "sXAU", amount: "1000" },
  { who: "bob", pool: "sBTC/WBTC", from: "sBTC", to: "WBTC", amount: "0.1" },
  { who: "dave", pool: "sUSD/USDC", from: "sUSD", to: "USDC", amount: "500" },
  { who: "alice", pool: "WETH/sUSD 80/20", from: "WETH", to: "sUSD", amount: "1" },
];

/** Address and decimals of a token reference ("mock:WETH", "synth:sUSD") or symbol. */
export function tokenOf(
  record: DeploymentRecord,
  ref: string,
): { address: Address; decimals: number; symbol: string } {
  const name = ref.includes(":") ? ref.split(":")[1]! : ref;
  return must(record.synths[name] ?? record.collateral[name], `token ${ref}`);
}

export async function seedPools(ctx: SeedContext): Promise<void> {
  const { record, wallets } = ctx;
  const manager = must(record.contracts.LiquidityPoolManager, "LiquidityPoolManager").address;
  const everyone: ActorName[] = ["deployer", "alice", "bob", "carol", "dave"];
  const symbols = new Set(
    Object.values(record.pools).flatMap((p) => p.tokens.map((t) => tokenOf(record, t).symbol)),
  );
  for (const who of everyone) {
    for (const symbol of symbols) await approve(ctx, who, tokenOf(record, symbol).address, manager);
  }

  const deadline = await ctx.deadline();
  for (const [name, pool] of Object.entries(record.pools)) {
    const amounts = must(liquidityPlan[name], `liquidity plan for ${name}`);
    const tokens = pool.tokens.map((t) => tokenOf(record, t));
    await ctx.send(
      `initialize ${name}`,
      wallets.deployer.writeContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "initialize",
        args: [
          pool.poolId,
          tokens.map((t, i) => parseUnits(amounts[i]!, t.decimals)),
          ctx.address("deployer"),
          deadline,
        ],
      }),
    );
  }

  // A second LP joins the stable pool proportionally (1% of its supply) with generous limits.
  const stable = must(record.pools["sUSD/USDC"], "sUSD/USDC");
  const [, balances] = await ctx.publicClient.readContract({
    address: manager,
    abi: liquidityPoolManagerAbi,
    functionName: "getPoolState",
    args: [stable.poolId],
  });
  const lpSupply = await ctx.publicClient.readContract({
    address: stable.lpToken,
    abi: poolLpTokenAbi,
    functionName: "totalSupply",
  });
  await ctx.send(
    "dave joins sUSD/USDC",
    wallets.dave.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "addLiquidity",
      args: [
        stable.poolId,
        balances.map((b) => b / 50n),
        lpSupply / 100n,
        ctx.address("dave"),
        deadline,
      ],
    }),
  );

  for (const s of swapPlan) {
    const pool = must(record.pools[s.pool], s.pool);
    const from = tokenOf(record, s.from);
    const to = tokenOf(record, s.to);
    await ctx.send(
      `${s.who} swaps ${s.amount} ${s.from} for ${s.to}`,
      wallets[s.who].writeContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "swapExactIn",
        args: [
          pool.poolId,
          from.address,
          to.address,
          parseUnits(s.amount, from.decimals),
          1n,
          ctx.address(s.who),
          deadline,
        ],
      }),
    );
  }
}
