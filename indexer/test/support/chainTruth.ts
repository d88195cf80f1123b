// The indexer's tables against the chain's own views, value by value: positions (positionOf), pools
// (getPoolState, protocolFeesOwed, LP supply, TVL at oracle prices), every balance and supply,
// synths, oracle prices, rounds and breakers, proposals (state, votes), voting power, stake, rewards
// (earned), items, the treasury's books, candles rebuilt from the chain's Swap logs, and the event
// bus's feed against the logs it carries (feedTruth.ts).
import assert from "node:assert/strict";
import type { Address, PublicClient } from "viem";
import {
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  lightningGatewayAbi,
  liquidityPoolManagerAbi,
  mockERC20Abi,
  mockPriceFeedAbi,
  priceOracleAbi,
  supplyChainTrackerAbi,
  syntheticAssetFactoryAbi,
  synthVaultAbi,
  treasuryAbi,
} from "../../../deploy/generated/fluxion.ts";
import { bucketStart, type CandleInterval, orientPair, tradePrice } from "../../src/lib/candles.ts";
import { maxBig, minBig, valueUsd } from "../../src/lib/fixedPoint.ts";
import { assertFeedMatchesChain } from "./feedTruth.ts";
import type { IndexerProcess } from "./indexerProcess.ts";
import type { Protocol } from "./localChain.ts";

type Row = Record<string, string | number | boolean | null | string[] | undefined>;
type Untyped = ReturnType<typeof JSON.parse>;

async function all(indexer: IndexerProcess, table: string, fields: string): Promise<Row[]> {
  const data = await indexer.graphql<Record<string, { items: Row[] }>>(
    `{ ${table}(limit: 1000) { items { ${fields} } } }`,
  );
  return data[table]!.items;
}

const big = (v: unknown) => BigInt(v as string);
const lower = (a: string) => a.toLowerCase();
const proposalStates = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
];
const itemStatuses = ["registered", "in_transit", "stored", "delivered", "recalled"];

export async function assertMatchesChain(
  indexer: IndexerProcess,
  protocol: Protocol,
): Promise<void> {
  const client: PublicClient = protocol.publicClient;
  const { record } = protocol;
  const c = (name: string) => record.contracts[name]!.address;
  // Views of many shapes: results are checked value by value, so they are read untyped.
  const read = client.readContract.bind(client) as (args: unknown) => Promise<Untyped>;

  // ---------------------------------------------------------------- lightning gateway
  const swaps = await all(
    indexer,
    "lightningSwaps",
    "paymentHash direction status account synth sats amount fee timelock preimage",
  );
  assert.deepEqual(swaps.map((x) => `${x.direction}:${x.status}`).sort(), [
    "burn:claimed",
    "mint:claimed",
    "mint:refunded",
  ]);
  for (const x of swaps) {
    const onChain = await read({
      address: c("LightningGateway"),
      abi: lightningGatewayAbi,
      functionName: "swapOf",
      args: [x.paymentHash],
    });
    const where = `lightning swap ${x.paymentHash}`;
    assert.equal(
      ["none", "locked", "claimed", "refunded"][onChain.status as number],
      x.status,
      `${where}: status`,
    );
    assert.equal((onChain.account as string).toLowerCase(), x.account, `${where}: account`);
    assert.equal((onChain.synth as string).toLowerCase(), x.synth, `${where}: synth`);
    assert.equal(big(x.sats), onChain.sats, `${where}: sats`);
    assert.equal(big(x.amount), onChain.amount, `${where}: amount`);
    assert.equal(big(x.fee), onChain.fee, `${where}: fee`);
    assert.equal(big(x.timelock), onChain.timelock, `${where}: timelock`);
    assert.equal(
      x.preimage === null,
      x.status !== "claimed",
      `${where}: preimage published by claims only`,
    );
  }

  // ---------------------------------------------------------------- positions
  // Amounts from the table, valuation from the view that computes it as read: both against positionOf.
  const positions = await all(
    indexer,
    "positionValues",
    "owner collateral synth collateralAmount debt collateralValueUsd debtValueUsd collateralRatio liquidatable health",
  );
  const stored = await all(indexer, "positions", "owner collateral synth collateralAmount debt");
  assert.deepEqual(
    positions
      .map((p) => `${p.owner}/${p.collateral}/${p.synth}:${p.collateralAmount}:${p.debt}`)
      .sort(),
    stored
      .map((p) => `${p.owner}/${p.collateral}/${p.synth}:${p.collateralAmount}:${p.debt}`)
      .sort(),
    "the view values every stored position, with its amounts",
  );
  assert.ok(positions.length >= 7, "every seeded position is indexed");
  for (const p of positions) {
    const [collateralAmount, debt, cValue, dValue, ratio, liquidatable] = await read({
      address: c("SynthVault"),
      abi: synthVaultAbi,
      functionName: "positionOf",
      args: [p.owner, p.collateral, p.synth],
    });
    const where = `position ${p.owner}/${p.collateral}/${p.synth}`;
    assert.equal(big(p.collateralAmount), collateralAmount, `${where}: collateral`);
    assert.equal(big(p.debt), debt, `${where}: debt`);
    assert.equal(big(p.collateralValueUsd), cValue, `${where}: collateral value`);
    assert.equal(big(p.debtValueUsd), dValue, `${where}: debt value`);
    assert.equal(big(p.collateralRatio), ratio, `${where}: ratio`);
    assert.equal(p.liquidatable, liquidatable, `${where}: liquidatable`);
    const { issuanceRatio } = await read({
      address: c("SynthVault"),
      abi: synthVaultAbi,
      functionName: "collateralParams",
      args: [p.collateral],
    });
    const health =
      debt === 0n
        ? "no_debt"
        : liquidatable
          ? "liquidatable"
          : ratio < issuanceRatio
            ? "below_issuance"
            : "healthy";
    assert.equal(p.health, health, `${where}: health`);
  }
  // GET /portfolio values the same positions the same way (it reads the same view).
  const chainId = await client.getChainId();
  for (const owner of new Set(positions.map((p) => p.owner as string))) {
    const response = await indexer.get(`/portfolio/${owner}?chainId=${chainId}`);
    assert.equal(response.status, 200);
    const [chain] = (response.body as { chains: { positions: Row[] }[] }).chains;
    const fields = [
      "collateral",
      "synth",
      "collateralAmount",
      "debt",
      "collateralValueUsd",
      "debtValueUsd",
      "collateralRatio",
      "liquidatable",
      "health",
    ];
    const pick = (r: Row) => Object.fromEntries(fields.map((f) => [f, r[f]]));
    const key = (r: Row) => `${r.collateral}/${r.synth}`;
    assert.deepEqual(
      (chain?.positions ?? []).map(pick).sort((x, y) => key(x).localeCompare(key(y))),
      positions
        .filter((p) => p.owner === owner && (p.collateralAmount !== "0" || p.debt !== "0"))
        .map(pick)
        .sort((x, y) => key(x).localeCompare(key(y))),
      `portfolio positions of ${owner}`,
    );
  }

  // ---------------------------------------------------------------- oracle
  const prices = new Map<string, bigint>();
  const oracleAssets = await all(indexer, "oracleAssets", "asset feed priceUsd tripped");
  for (const a of oracleAssets) {
    const price: bigint = await read({
      address: c("PriceOracle"),
      abi: priceOracleAbi,
      functionName: "price",
      args: [a.asset],
    });
    const tripped: boolean = await read({
      address: c("PriceOracle"),
      abi: priceOracleAbi,
      functionName: "isTripped",
      args: [a.asset],
    });
    const hasFeed: boolean = await read({
      address: c("PriceOracle"),
      abi: priceOracleAbi,
      functionName: "hasFeed",
      args: [a.asset],
    });
    const feedOf = hasFeed
      ? lower(
          (
            await read({
              address: c("PriceOracle"),
              abi: priceOracleAbi,
              functionName: "feedOf",
              args: [a.asset],
            })
          ).aggregator,
        )
      : null;
    assert.equal(a.feed, feedOf, `feed of ${a.asset}`);
    assert.equal(big(a.priceUsd), price, `price of ${a.asset}`);
    assert.equal(a.tripped, tripped, `breaker of ${a.asset}`);
    prices.set(a.asset as string, price);
  }
  // Feeds: the deployment's and every one the oracle was ever given (FeedSet), and nothing else: a
  // contract that only announces rounds as a feed does is no feed of ours.
  const feedSets = await client.getContractEvents({
    address: c("PriceOracle"),
    abi: priceOracleAbi,
    eventName: "FeedSet",
    fromBlock: 0n,
  });
  const oracleFeeds = new Set([
    ...Object.values(record.feeds).map((f) => lower(f.address)),
    ...feedSets.map((e) => lower(e.args.aggregator!)),
  ]);
  const feedRows = await all(indexer, "feeds", "address assets");
  const rounds = await all(indexer, "oracleRounds", "feed roundId answer updatedAt");
  for (const f of feedRows) {
    assert.ok(oracleFeeds.has(f.address as string), `feed ${f.address} was set by the oracle`);
  }
  for (const r of rounds) {
    assert.ok(oracleFeeds.has(r.feed as string), `round of ${r.feed}: a feed the oracle set`);
  }
  for (const address of oracleFeeds) {
    const mine = rounds.filter((r) => r.feed === address);
    assert.ok(mine.length >= 1, `feed ${address} has rounds`);
    for (const r of mine) {
      const [, answer, , updatedAt] = await read({
        address,
        abi: mockPriceFeedAbi,
        functionName: "getRoundData",
        args: [big(r.roundId)],
      });
      assert.equal(big(r.answer), answer, `${address} round ${r.roundId} answer`);
      assert.equal(big(r.updatedAt), updatedAt, `${address} round ${r.roundId} time`);
    }
    const [latest] = await read({
      address,
      abi: mockPriceFeedAbi,
      functionName: "latestRoundData",
    });
    assert.equal(
      mine.reduce((m, r) => maxBig(m, big(r.roundId)), 0n),
      latest,
      `${address} latest round`,
    );
    // The assets a feed prices are those whose oracle feed it is now.
    const row = feedRows.find((f) => f.address === address);
    const pricedByIt = [];
    for (const a of oracleAssets) {
      if (a.feed === address) pricedByIt.push(a.asset as string);
    }
    assert.deepEqual(
      [...((row?.assets as string[] | undefined) ?? [])].sort(),
      pricedByIt.sort(),
      `assets priced by ${address}`,
    );
  }

  // ---------------------------------------------------------------- tokens, balances, synths
  const tokens = await all(indexer, "tokens", "address kind decimals totalSupply priceUsd");
  for (const t of tokens) {
    const supply: bigint = await read({
      address: t.address,
      abi: mockERC20Abi,
      functionName: "totalSupply",
    });
    assert.equal(big(t.totalSupply), supply, `supply of ${t.address}`);
  }
  const balances = await indexer.graphql<{ balances: { items: Row[]; totalCount: number } }>(
    `{ balances(limit: 1000) { totalCount items { token account amount } } }`,
  );
  assert.ok(balances.balances.totalCount < 1000, "one page holds every balance");
  for (const b of balances.balances.items) {
    const amount: bigint = await read({
      address: b.token,
      abi: mockERC20Abi,
      functionName: "balanceOf",
      args: [b.account],
    });
    assert.equal(big(b.amount), amount, `balance of ${b.account} in ${b.token}`);
  }
  for (const s of await all(
    indexer,
    "synths",
    "address totalDebt badDebt debtCeiling mintFee burnFee active totalSupply",
  )) {
    const totalDebt: bigint = await read({
      address: c("SynthVault"),
      abi: synthVaultAbi,
      functionName: "totalDebt",
      args: [s.address],
    });
    const badDebt: bigint = await read({
      address: c("SynthVault"),
      abi: synthVaultAbi,
      functionName: "badDebt",
      args: [s.address],
    });
    const config: { debtCeiling: bigint; mintFee: bigint; burnFee: bigint; active: boolean } =
      await read({
        address: c("SyntheticAssetFactory"),
        abi: syntheticAssetFactoryAbi,
        functionName: "synthConfig",
        args: [s.address],
      });
    assert.equal(big(s.totalDebt), totalDebt, `total debt of ${s.address}`);
    assert.equal(big(s.badDebt), badDebt, `bad debt of ${s.address}`);
    assert.equal(big(s.debtCeiling), config.debtCeiling);
    assert.equal(big(s.mintFee), config.mintFee);
    assert.equal(big(s.burnFee), config.burnFee);
    assert.equal(s.active, config.active);
  }

  // ---------------------------------------------------------------- pools
  const decimals = new Map(tokens.map((t) => [t.address as string, Number(t.decimals)]));
  const pools = await all(
    indexer,
    "pools",
    "poolId tokens balances weights amp swapFee protocolFeesOwed lpToken lpSupply tvlUsd tvlComplete tokenDecimals tokenPrices",
  );
  assert.equal(pools.length, Object.keys(record.pools).length);
  for (const p of pools) {
    const [tokensOnChain, balancesOnChain, weights, amp, swapFee] = await read({
      address: c("LiquidityPoolManager"),
      abi: liquidityPoolManagerAbi,
      functionName: "getPoolState",
      args: [p.poolId],
    });
    const owed: bigint[] = await read({
      address: c("LiquidityPoolManager"),
      abi: liquidityPoolManagerAbi,
      functionName: "protocolFeesOwed",
      args: [p.poolId],
    });
    const lpSupply: bigint = await read({
      address: p.lpToken,
      abi: mockERC20Abi,
      functionName: "totalSupply",
    });
    const where = `pool ${p.poolId}`;
    assert.deepEqual(p.tokens, (tokensOnChain as Address[]).map(lower), `${where}: tokens`);
    assert.deepEqual(
      (p.balances as string[]).map(BigInt),
      [...balancesOnChain],
      `${where}: balances`,
    );
    assert.deepEqual((p.protocolFeesOwed as string[]).map(BigInt), owed, `${where}: fees owed`);
    const w = weights as bigint[];
    if (w.some((x) => x !== 0n)) assert.deepEqual((p.weights as string[]).map(BigInt), w);
    assert.equal(big(p.amp), amp, `${where}: amp`);
    assert.equal(big(p.swapFee), swapFee, `${where}: swap fee`);
    assert.equal(big(p.lpSupply), lpSupply, `${where}: LP supply`);
    // What the pool keeps of its tokens (the swap handler's only read) matches the oracle and tokens.
    assert.deepEqual(
      p.tokenDecimals,
      (tokensOnChain as Address[]).map((t) => decimals.get(lower(t))),
      `${where}: token decimals`,
    );
    assert.deepEqual(
      (p.tokenPrices as string[]).map(BigInt),
      (tokensOnChain as Address[]).map((t) => prices.get(lower(t)) ?? 0n),
      `${where}: token prices`,
    );
    const tvl = (tokensOnChain as Address[]).reduce(
      (sum, t, i) =>
        sum +
        valueUsd((balancesOnChain as bigint[])[i]!, prices.get(lower(t))!, decimals.get(lower(t))!),
      0n,
    );
    assert.equal(big(p.tvlUsd), tvl, `${where}: TVL`);
    assert.equal(p.tvlComplete, true);
  }

  // ---------------------------------------------------------------- candles from the chain's swaps
  const swapLogs = await client.getContractEvents({
    address: c("LiquidityPoolManager"),
    abi: liquidityPoolManagerAbi,
    eventName: "Swap",
    fromBlock: 0n,
  });
  const indexedSwaps = await all(
    indexer,
    "swaps",
    "id transactionHash logIndex amountIn amountOut",
  );
  assert.equal(indexedSwaps.length, swapLogs.length, "every swap is indexed");
  const times = new Map<bigint, bigint>();
  for (const interval of ["1m", "1h"] as CandleInterval[]) {
    for (const p of pools) {
      const expected = new Map<string, Row>();
      for (const log of swapLogs.filter((l) => l.args.poolId === p.poolId)) {
        if (!times.has(log.blockNumber)) {
          times.set(
            log.blockNumber,
            (await client.getBlock({ blockNumber: log.blockNumber })).timestamp,
          );
        }
        const a = log.args as {
          tokenIn: Address;
          tokenOut: Address;
          amountIn: bigint;
          amountOut: bigint;
        };
        const pair = orientPair(p.tokens as string[], lower(a.tokenIn), lower(a.tokenOut))!;
        const baseIn = pair.base === lower(a.tokenIn);
        const price = tradePrice(
          baseIn ? a.amountIn : a.amountOut,
          baseIn ? a.amountOut : a.amountIn,
          decimals.get(pair.base)!,
          decimals.get(pair.quote)!,
        );
        const start = bucketStart(times.get(log.blockNumber)!, interval);
        const key = `${pair.base}:${pair.quote}:${start}`;
        const prev = expected.get(key);
        expected.set(key, {
          base: pair.base,
          quote: pair.quote,
          bucketStart: start.toString(),
          open: prev ? prev.open : price.toString(),
          high: (prev ? maxBig(big(prev.high), price) : price).toString(),
          low: (prev ? minBig(big(prev.low), price) : price).toString(),
          close: price.toString(),
          trades: ((prev?.trades as number) ?? 0) + 1,
        });
      }
      const response = await indexer.get(`/pools/${p.poolId}/candles?interval=${interval}`);
      assert.equal(response.status, 200);
      const got = (response.body as { candles: Row[] }).candles.map((x) => ({
        base: x.base,
        quote: x.quote,
        bucketStart: x.bucketStart,
        open: x.open,
        high: x.high,
        low: x.low,
        close: x.close,
        trades: x.trades,
      }));
      const want = [...expected.values()].sort((x, y) =>
        big(x.bucketStart) === big(y.bucketStart)
          ? 0
          : big(x.bucketStart) < big(y.bucketStart)
            ? -1
            : 1,
      );
      assert.deepEqual(got, want, `${interval} candles of ${p.poolId}`);
    }
  }

  // ---------------------------------------------------------------- governance
  for (const p of await all(
    indexer,
    "proposals",
    "proposalId state forVotes againstVotes abstainVotes",
  )) {
    const state: number = await read({
      address: c("FluxionGovernor"),
      abi: fluxionGovernorAbi,
      functionName: "state",
      args: [big(p.proposalId)],
    });
    const [against, forVotes, abstain] = await read({
      address: c("FluxionGovernor"),
      abi: fluxionGovernorAbi,
      functionName: "proposalVotes",
      args: [big(p.proposalId)],
    });
    assert.equal(p.state, proposalStates[state], `state of proposal ${p.proposalId}`);
    assert.equal(big(p.forVotes), forVotes);
    assert.equal(big(p.againstVotes), against);
    assert.equal(big(p.abstainVotes), abstain);
  }
  const flx = c("FluxionGovernanceToken");
  const rewardTokens: Address[] = await read({
    address: flx,
    abi: fluxionGovernanceTokenAbi,
    functionName: "rewardTokens",
  });
  for (const g of await all(indexer, "governanceAccounts", "address delegate votingPower staked")) {
    const call = (functionName: string, args: unknown[]) =>
      read({ address: flx, abi: fluxionGovernanceTokenAbi, functionName, args });
    assert.equal(big(g.votingPower), await call("getVotes", [g.address]), `votes of ${g.address}`);
    assert.equal(
      g.delegate,
      lower(await call("delegates", [g.address])),
      `delegate of ${g.address}`,
    );
    assert.equal(big(g.staked), await call("stakedOf", [g.address]), `stake of ${g.address}`);
    const portfolio = (await indexer.get(`/portfolio/${g.address}`)).body as {
      chains: { governance: { cooling: string; rewards: { token: string; earned: string }[] } }[];
    };
    const gov = portfolio.chains[0]!.governance;
    assert.equal(big(gov.cooling), await call("coolingOf", [g.address]), `cooling of ${g.address}`);
    for (const t of rewardTokens) {
      const earned: bigint = await call("earned", [g.address, t]);
      const row = gov.rewards.find((r) => r.token === lower(t));
      assert.equal(row ? big(row.earned) : 0n, earned, `earned ${t} by ${g.address}`);
    }
  }

  // ---------------------------------------------------------------- supply chain
  for (const i of await all(
    indexer,
    "items",
    "itemId custodian pendingCustodian status flagged checkpointCount",
  )) {
    const onChain: {
      custodian: Address;
      status: number;
      flagged: boolean;
      checkpointCount: number;
    } = await read({
      address: c("SupplyChainTracker"),
      abi: supplyChainTrackerAbi,
      functionName: "itemOf",
      args: [big(i.itemId)],
    });
    const pending: Address = await read({
      address: c("SupplyChainTracker"),
      abi: supplyChainTrackerAbi,
      functionName: "pendingCustodianOf",
      args: [big(i.itemId)],
    });
    assert.equal(i.custodian, lower(onChain.custodian), `custodian of item ${i.itemId}`);
    assert.equal(i.status, itemStatuses[onChain.status]);
    assert.equal(i.flagged, onChain.flagged);
    assert.equal(Number(i.checkpointCount), Number(onChain.checkpointCount));
    assert.equal(i.pendingCustodian, BigInt(pending) === 0n ? null : lower(pending));
  }

  // ---------------------------------------------------------------- treasury
  const treasury = c("Treasury");
  for (const t of await all(
    indexer,
    "treasuryTokens",
    "token feesReceived distributedToStakers kept withdrawn",
  )) {
    const held: bigint = await read({
      address: t.token,
      abi: mockERC20Abi,
      functionName: "balanceOf",
      args: [treasury],
    });
    const pending: bigint = await read({
      address: treasury,
      abi: treasuryAbi,
      functionName: "pendingFees",
      args: [t.token],
    });
    const received = big(t.feesReceived);
    assert.equal(
      held,
      received - big(t.distributedToStakers) - big(t.withdrawn),
      `treasury holds ${t.token}`,
    );
    assert.equal(
      pending,
      received - big(t.distributedToStakers) - big(t.kept),
      `pending ${t.token}`,
    );
  }

  // ---------------------------------------------------------------- the event bus's feed
  await assertFeedMatchesChain(indexer, protocol);
}
