// Oracle: feed rounds, which feed prices which asset, circuit-breaker trips and re-arms, and the
// latest price of every asset (which revalues the pools holding it; positions are valued when read).

import { ponder } from "ponder:registry";
import { breakerEvent, feed, oracleAsset, oracleRound } from "ponder:schema";
import { getDeployment, mockPriceFeedAbi } from "@fluxion/deploy";
import type { Address, Hex } from "viem";
import { normalisePrice } from "../lib/fixedPoint.ts";
import { type Client, type Db, eventId, lc, meta } from "./common.ts";
import { checksum, dec, feedEvent } from "./feed.ts";
import { setAssetPrice } from "./valuation.ts";

type FeedRow = NonNullable<Awaited<ReturnType<typeof findFeed>>>;

function findFeed(db: Db, chainId: number, address: Address) {
  return db.find(feed, { chainId, address });
}

/** The feed row with its latest round, read from the chain when this feed has no round yet. */
async function ensureFeed(
  db: Db,
  client: Client,
  chainId: number,
  address: Address,
  blockNumber: bigint,
  transactionHash: Hex,
): Promise<FeedRow> {
  const existing = await findFeed(db, chainId, address);
  if (existing?.latestRoundId != null && existing.decimals != null) return existing;
  const decimals =
    existing?.decimals ??
    (await client.readContract({ address, abi: mockPriceFeedAbi, functionName: "decimals" }));
  const [roundId, answer, , updatedAt] = await client.readContract({
    address,
    abi: mockPriceFeedAbi,
    functionName: "latestRoundData",
  });
  const row = {
    chainId,
    address,
    decimals,
    latestRoundId: roundId,
    latestAnswer: answer,
    latestUpdatedAt: updatedAt,
    assets: existing?.assets ?? [],
  };
  await db.insert(feed).values(row).onConflictDoUpdate(row);
  await db
    .insert(oracleRound)
    .values({ chainId, feed: address, roundId, answer, updatedAt, blockNumber, transactionHash })
    .onConflictDoNothing();
  return row;
}

/** Adds `asset` to the assets a feed prices, or takes it off (when the oracle moves or drops it). */
async function setFeedAsset(
  db: Db,
  chainId: number,
  address: Address,
  asset: Address,
  priced: boolean,
): Promise<void> {
  await db.update(feed, { chainId, address }).set((row) => {
    const others = row.assets.filter((a) => a !== asset);
    return { assets: priced ? [...others, asset] : others };
  });
}

function priceFrom(f: { latestAnswer: bigint | null; decimals: number | null }): bigint | null {
  if (f.latestAnswer === null || f.decimals === null) return null;
  const price = normalisePrice(f.latestAnswer, f.decimals);
  return price === 0n ? null : price;
}

// Feeds in the deployment record are known from the start, with their decimals.
ponder.on("PriceOracle:setup", async ({ context }) => {
  const chainId = context.chain.id;
  for (const f of Object.values(getDeployment(chainId).feeds)) {
    await context.db
      .insert(feed)
      .values({ chainId, address: lc(f.address), decimals: f.decimals, assets: [] })
      .onConflictDoNothing();
  }
});

// A new round: the feed announces it with `AnswerUpdated(current, roundId, updatedAt)`, as Chainlink's
// aggregators do (the dev feed, MockPriceFeed, emits it for `updateAnswer` and `updateRoundData`). The
// round it names becomes the feed's latest, as `latestRoundData` then reports it.
ponder.on("PriceFeed:AnswerUpdated", async ({ event, context }) => {
  const { db, client } = context;
  const chainId = context.chain.id;
  const address = lc(event.log.address);
  const blockNumber = event.block.number;
  const transactionHash = event.transaction.hash;
  const round = {
    roundId: event.args.roundId,
    answer: event.args.current,
    updatedAt: event.args.updatedAt,
  };
  const known = await findFeed(db, chainId, address);
  const decimals =
    known?.decimals ??
    (await client.readContract({ address, abi: mockPriceFeedAbi, functionName: "decimals" }));
  const row = {
    chainId,
    address,
    decimals,
    latestRoundId: round.roundId,
    latestAnswer: round.answer,
    latestUpdatedAt: round.updatedAt,
  };
  await db
    .insert(feed)
    .values({ ...row, assets: known?.assets ?? [] })
    .onConflictDoUpdate(row);
  await db
    .insert(oracleRound)
    .values({ chainId, feed: address, ...round, blockNumber, transactionHash })
    .onConflictDoUpdate({
      answer: round.answer,
      updatedAt: round.updatedAt,
      blockNumber,
      transactionHash,
    });

  const price = priceFrom(row);
  for (const asset of known?.assets ?? []) {
    await setAssetPrice(db, chainId, asset, price);
  }
});

ponder.on("PriceOracle:FeedSet", async ({ event, context }) => {
  const { db, client } = context;
  const chainId = context.chain.id;
  const asset = lc(event.args.asset);
  const feedAddress = lc(event.args.aggregator);
  const f = await ensureFeed(
    db,
    client,
    chainId,
    feedAddress,
    event.block.number,
    event.transaction.hash,
  );
  const previous = await db.find(oracleAsset, { chainId, asset });
  if (previous?.feed && previous.feed !== feedAddress) {
    await setFeedAsset(db, chainId, previous.feed, asset, false);
  }
  await setFeedAsset(db, chainId, feedAddress, asset, true);
  const settings = {
    feed: feedAddress,
    heartbeat: event.args.heartbeat,
    maxDeviation: event.args.maxDeviation,
    rearmRounds: event.args.rearmRounds,
    tripped: false, // setFeed arms the breaker
  };
  await db
    .insert(oracleAsset)
    .values({ chainId, asset, ...settings, priceUsd: null, tripCount: 0, rearmCount: 0 })
    .onConflictDoUpdate(settings);
  await setAssetPrice(db, chainId, asset, priceFrom(f));
});

ponder.on("PriceOracle:FeedRemoved", async ({ event, context }) => {
  const chainId = context.chain.id;
  const asset = lc(event.args.asset);
  const previous = await context.db.find(oracleAsset, { chainId, asset });
  if (previous?.feed) await setFeedAsset(context.db, chainId, previous.feed, asset, false);
  await context.db.update(oracleAsset, { chainId, asset }).set({ feed: null, tripped: false });
  await setAssetPrice(context.db, chainId, asset, null);
});

ponder.on("PriceOracle:CircuitBreakerTripped", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const asset = lc(event.args.asset);
  await context.db
    .update(oracleAsset, { chainId: m.chainId, asset })
    .set((row) => ({ tripped: true, tripCount: row.tripCount + 1 }));
  await context.db.insert(breakerEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    asset,
    kind: "tripped",
    roundId: event.args.roundId,
    referencePrice: event.args.referencePrice,
    price: event.args.price,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await feedEvent(context.db, m, "chain.oracle.breaker", null, {
    kind: "tripped",
    asset: checksum(asset),
    roundId: dec(event.args.roundId),
    referencePrice: dec(event.args.referencePrice),
    price: dec(event.args.price),
  });
});

ponder.on("PriceOracle:CircuitBreakerRearmed", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const asset = lc(event.args.asset);
  await context.db
    .update(oracleAsset, { chainId: m.chainId, asset })
    .set((row) => ({ tripped: false, rearmCount: row.rearmCount + 1 }));
  await context.db.insert(breakerEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    asset,
    kind: "rearmed",
    roundId: event.args.roundId,
    referencePrice: null,
    price: event.args.price,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await feedEvent(context.db, m, "chain.oracle.breaker", null, {
    kind: "rearmed",
    asset: checksum(asset),
    roundId: dec(event.args.roundId),
    price: dec(event.args.price),
  });
});
