// A few oracle rounds inside the breaker bound, so feeds have history and the breaker has work.
import { parseUnits } from "viem";
import { mockPriceFeedAbi, priceOracleAbi } from "../../generated/fluxion.ts";
import { must, type SeedContext } from "./actors.ts";

const rounds: { pair: string; answers: string[]; assets: string[] }[] = [
  { pair: "ETH/USD", answers: ["3030", "2985", "3000"], assets: ["WETH", "sETH"] },
  { pair: "XAU/USD", answers: ["2410", "2400"], assets: ["sXAU"] },
];

export async function seedPrices(ctx: SeedContext): Promise<void> {
  const { record, wallets } = ctx;
  const oracle = must(record.contracts.PriceOracle, "PriceOracle").address;
  for (const r of rounds) {
    const feed = must(record.feeds[r.pair], r.pair);
    for (const answer of r.answers) {
      await ctx.send(
        `${r.pair} -> ${answer}`,
        wallets.deployer.writeContract({
          address: feed.address,
          abi: mockPriceFeedAbi,
          functionName: "updateAnswer",
          args: [parseUnits(answer, feed.decimals)],
        }),
      );
      for (const symbol of r.assets) {
        const asset = must(record.synths[symbol] ?? record.collateral[symbol], symbol).address;
        await ctx.send(
          `sync ${symbol}`,
          wallets.deployer.writeContract({
            address: oracle,
            abi: priceOracleAbi,
            functionName: "sync",
            args: [asset],
          }),
        );
      }
    }
  }
}
