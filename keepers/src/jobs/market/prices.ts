// Dev market, local chains only: moves the mock Chainlink feeds (MockPriceFeed, which announces each
// round with AnswerUpdated/NewRound like a real aggregator) so prices, candles, portfolio values and
// liquidations happen on their own. Each run moves one feed in turn, plus every
// feed whose breaker is tripped (after a crash a real feed answers often: its deviation threshold fires),
// so that settled rounds re-arm the breaker within a few runs. One feed a run keeps the local chain
// under a block a second (an answer and its syncs): a Hardhat node gives each block a second more than
// the last, so more would push its clock ahead of the wall clock, and every timelock with it.
// A move takes the feed's latest answer (a price set by hand, `npm run market -- crash ETH 30`, is where
// the walk goes on from) and makes one step: a random walk in log space with the configured volatility
// and a gentle pull back towards the feed's first answer, each step well inside the breaker's bound so
// the walk alone never trips it. Or it plays a recorded series (KEEPER_MARKET_SERIES) in a loop.
import { readFileSync } from "node:fs";
import { mockPriceFeedAbi, priceOracleAbi } from "@fluxion/deploy";
import { type Address, encodeFunctionData, parseUnits } from "viem";
import { KeeperError } from "../../errors.ts";
import type { Protocol } from "../protocol.ts";
import type { Schedule } from "../schedule.ts";
import type { Job } from "../types.ts";
import { runPurposes } from "./send.ts";

export type MarketPriceSettings = {
  schedule: Schedule;
  /** Standard deviation of one step's log return (0.004: 0.4%). */
  volatility: number;
  /** Largest step, as a fraction (kept under every breaker's maxDeviation). */
  maxStep: number;
  /** Pairs that do not move (USD/USD prices sUSD at exactly one dollar). */
  fixed: string[];
  /** Pairs that move a tenth as much (stablecoins). */
  stable: string[];
  /** Pair -> answers (decimal USD), played in a loop instead of the walk. */
  series?: Record<string, number[]>;
  random?: () => number;
};

/** Reads a recorded series file: `{ "ETH/USD": [3000, 2990.5, ...], ... }`. */
export function readSeries(path: string): Record<string, number[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new KeeperError("config.invalid", `KEEPER_MARKET_SERIES: ${(error as Error).message}`);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length === 0 ||
    !Object.values(parsed).every(
      (v) => Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === "number" && n > 0),
    )
  ) {
    throw new KeeperError(
      "config.invalid",
      "KEEPER_MARKET_SERIES: expected { pair: [positive numbers, ...] }",
    );
  }
  return parsed as Record<string, number[]>;
}

/** A standard normal draw (Box-Muller). */
function normal(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The walk's next price from `price`, pulled towards `anchor`. */
export function nextPrice(
  price: number,
  anchor: number,
  settings: Pick<MarketPriceSettings, "volatility" | "maxStep">,
  random: () => number,
): number {
  const pull = -0.02 * Math.log(price / anchor);
  const step = settings.volatility * normal(random) + pull;
  const bounded = Math.max(-settings.maxStep, Math.min(settings.maxStep, step));
  return price * Math.exp(bounded);
}

export function marketPricesJob(protocol: Protocol, settings: MarketPriceSettings): Job {
  const random = settings.random ?? Math.random;
  const anchors = new Map<string, number>();
  /** Lowercase feed address -> the assets it prices (read from the oracle once). */
  let assetsOf: Map<string, Address[]> | undefined;
  let tick = 0;
  return {
    name: "market-prices",
    schedule: settings.schedule,
    async run(ctx) {
      const purpose = runPurposes("market-prices");
      const moved: Record<string, string> = {};
      const feeds = Object.entries(protocol.record.feeds).filter(
        ([pair]) => !settings.fixed.includes(pair),
      );
      if (feeds.length === 0) return { moved };
      assetsOf ??= await feedAssets(ctx, protocol);
      const tripped = await Promise.all(
        feeds.map(async ([, feed]) => {
          const assets = assetsOf!.get(feed.address.toLowerCase()) ?? [];
          const states = await Promise.all(
            assets.map((asset) =>
              ctx.client.readContract({
                address: protocol.oracle,
                abi: priceOracleAbi,
                functionName: "isTripped",
                args: [asset],
              }),
            ),
          );
          return states.some(Boolean);
        }),
      );
      const turn = tick % feeds.length;
      const moving = feeds.filter((_, i) => i === turn || tripped[i]);
      for (const [pair, feed] of moving) {
        const series = settings.series?.[pair];
        let next: number;
        if (series) {
          next = series[Math.floor(tick / feeds.length) % series.length]!;
        } else {
          const [, answer] = await ctx.client.readContract({
            address: feed.address as Address,
            abi: mockPriceFeedAbi,
            functionName: "latestRoundData",
          });
          const price = Number(answer) / 10 ** feed.decimals;
          if (!anchors.has(pair)) {
            const first = await ctx.client.readContract({
              address: feed.address as Address,
              abi: mockPriceFeedAbi,
              functionName: "getAnswer",
              args: [1n],
            });
            anchors.set(pair, Number(first > 0n ? first : answer) / 10 ** feed.decimals);
          }
          const volatility = settings.stable.includes(pair)
            ? settings.volatility / 10
            : settings.volatility;
          next = nextPrice(price, anchors.get(pair)!, { ...settings, volatility }, random);
        }
        const answer = parseUnits(next.toFixed(feed.decimals), feed.decimals);
        await ctx.signer.send({
          purpose: purpose(pair),
          to: feed.address as Address,
          data: encodeFunctionData({
            abi: mockPriceFeedAbi,
            functionName: "updateAnswer",
            args: [answer],
          }),
        });
        moved[pair] = next.toFixed(Math.min(feed.decimals, 4));
      }
      tick++;
      return { moved };
    },
  };
}

async function feedAssets(
  ctx: Parameters<Job["run"]>[0],
  protocol: Protocol,
): Promise<Map<string, Address[]>> {
  const map = new Map<string, Address[]>();
  for (const asset of protocol.assets) {
    const feed = await ctx.client.readContract({
      address: protocol.oracle,
      abi: priceOracleAbi,
      functionName: "feedOf",
      args: [asset.address],
    });
    const key = feed.aggregator.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), asset.address]);
  }
  return map;
}
