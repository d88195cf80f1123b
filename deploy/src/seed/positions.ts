// Faucet collateral for everyone, then open synth positions: the deployer (who later provides
// pool liquidity) mints deep, the users hold a spread of healthy and borderline positions.
import { type Address, maxUint256, parseUnits } from "viem";
import { mockERC20Abi, synthVaultAbi } from "../../generated/fluxion.ts";
import { type ActorName, must, type SeedContext } from "./actors.ts";

type PositionPlan = {
  who: ActorName;
  collateral: string;
  deposit: string;
  synth: string;
  mint: string;
};

const faucet: Record<string, Partial<Record<ActorName, string>>> = {
  WETH: { deployer: "1000", alice: "100", bob: "100", carol: "100", dave: "100" },
  WBTC: { deployer: "50", alice: "5", bob: "5", carol: "5", dave: "5" },
  USDC: { deployer: "5000000", alice: "50000", bob: "50000", carol: "50000", dave: "50000" },
};

/** Ratios at the seeded prices (ETH 3000, BTC 60000, XAU 2400, USDC 1) are in the comments. */
export const positionPlan: PositionPlan[] = [
  { who: "deployer", collateral: "WETH", deposit: "600", synth: "sUSD", mint: "800000" }, // 225%
  { who: "deployer", collateral: "WBTC", deposit: "20", synth: "sBTC", mint: "8" }, // 250%
  { who: "deployer", collateral: "WETH", deposit: "300", synth: "sXAU", mint: "150" }, // 250%
  { who: "alice", collateral: "WETH", deposit: "10", synth: "sUSD", mint: "15000" }, // 200%
  { who: "bob", collateral: "WBTC", deposit: "1", synth: "sBTC", mint: "0.4" }, // 250%
  { who: "carol", collateral: "WETH", deposit: "5", synth: "sXAU", mint: "4" }, // 156%: close to 120%
  { who: "dave", collateral: "USDC", deposit: "20000", synth: "sUSD", mint: "12000" }, // 167%
];

export async function seedPositions(ctx: SeedContext): Promise<void> {
  const { record, wallets } = ctx;
  const vault = must(record.contracts.SynthVault, "SynthVault").address;
  for (const [symbol, grants] of Object.entries(faucet)) {
    const token = must(record.collateral[symbol], symbol);
    for (const [who, amount] of Object.entries(grants) as [ActorName, string][]) {
      await ctx.send(
        `faucet ${amount} ${symbol} to ${who}`,
        wallets.deployer.writeContract({
          address: token.address,
          abi: mockERC20Abi,
          functionName: "mint",
          args: [ctx.address(who), parseUnits(amount, token.decimals)],
        }),
      );
      await approve(ctx, who, token.address, vault);
    }
  }
  for (const p of positionPlan) {
    const collateral = must(record.collateral[p.collateral], p.collateral);
    const synth = must(record.synths[p.synth], p.synth);
    await ctx.send(
      `${p.who} deposits ${p.deposit} ${p.collateral} and mints ${p.mint} ${p.synth}`,
      wallets[p.who].writeContract({
        address: vault,
        abi: synthVaultAbi,
        functionName: "depositAndMint",
        args: [
          collateral.address,
          synth.address,
          parseUnits(p.deposit, collateral.decimals),
          parseUnits(p.mint, synth.decimals),
        ],
      }),
    );
  }
}

/** Infinite approval, as wallets usually give to protocol contracts. */
export async function approve(
  ctx: SeedContext,
  who: ActorName,
  token: Address,
  spender: Address,
): Promise<void> {
  await ctx.send(
    `${who} approves ${spender} for ${token}`,
    ctx.wallets[who].writeContract({
      address: token,
      abi: mockERC20Abi,
      functionName: "approve",
      args: [spender, maxUint256],
    }),
  );
}
