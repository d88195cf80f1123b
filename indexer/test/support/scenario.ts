// Real protocol activity on top of the seeded demo, touching every table the indexer keeps: mints,
// burns, withdrawals, a price slide that makes carol liquidatable and her liquidation, a BTC jump that
// trips the breaker and the rounds that re-arm it, swaps across minute and hour buckets, joins and
// exits, protocol fee collection and distribution, reward claims, unstaking, delegation, votes and a
// proposal carried through queue and execution, custody hand-overs, a cancelled offer, a flag
// cleared by an inspector, and feeds from both sides: one replaced by governance, a stranger's
// imitation (feedScenario.ts).
import { createHash } from "node:crypto";
import { encodeFunctionData, type Hex, keccak256, parseUnits, toHex } from "viem";
import {
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  lightningGatewayAbi,
  liquidityPoolManagerAbi,
  mockPriceFeedAbi,
  priceOracleAbi,
  supplyChainTrackerAbi,
  syntheticAssetAbi,
  synthVaultAbi,
  treasuryAbi,
} from "../../../deploy/generated/fluxion.ts";
import {
  type ActorName,
  createSeedContext,
  type SeedContext,
} from "../../../deploy/src/seed/actors.ts";
import { demoProposal } from "../../../deploy/src/seed/governance.ts";
import { runFeedScenario } from "./feedScenario.ts";
import type { Protocol } from "./localChain.ts";

export type Scenario = {
  ctx: SeedContext;
  /** Sends a swap (exact in) and returns once mined. */
  swap(
    who: ActorName,
    pool: string,
    tokenIn: string,
    tokenOut: string,
    amount: string,
  ): Promise<void>;
  /** Publishes an answer on a feed and syncs the oracle for the assets it prices. */
  price(pair: string, answer: string): Promise<void>;
};

const feedAssets: Record<string, string[]> = {
  "ETH/USD": ["WETH", "sETH"],
  "BTC/USD": ["WBTC", "sBTC"],
  "XAU/USD": ["sXAU"],
  "USDC/USD": ["USDC"],
  "USD/USD": ["sUSD"],
};

export function scenario(protocol: Protocol): Scenario {
  const { record } = protocol;
  const ctx = createSeedContext(protocol.publicClient, protocol.wallets, record);
  const token = (symbol: string) => {
    const t = record.synths[symbol] ?? record.collateral[symbol];
    if (!t) throw new Error(`scenario: unknown token ${symbol}`);
    return t;
  };
  const contract = (name: string) => record.contracts[name]!.address;
  return {
    ctx,
    async swap(who, poolName, tokenIn, tokenOut, amount) {
      const inToken = token(tokenIn);
      await ctx.send(
        `${who} swaps ${amount} ${tokenIn} -> ${tokenOut}`,
        ctx.wallets[who].writeContract({
          address: contract("LiquidityPoolManager"),
          abi: liquidityPoolManagerAbi,
          functionName: "swapExactIn",
          args: [
            record.pools[poolName]!.poolId,
            inToken.address,
            token(tokenOut).address,
            parseUnits(amount, inToken.decimals),
            0n,
            ctx.address(who),
            await ctx.deadline(),
          ],
        }),
      );
    },
    async price(pair, answer) {
      const feed = record.feeds[pair]!;
      await ctx.send(
        `${pair} -> ${answer}`,
        ctx.wallets.deployer.writeContract({
          address: feed.address,
          abi: mockPriceFeedAbi,
          functionName: "updateAnswer",
          args: [parseUnits(answer, feed.decimals)],
        }),
      );
      for (const symbol of feedAssets[pair] ?? []) {
        await ctx.send(
          `sync ${symbol}`,
          ctx.wallets.deployer.writeContract({
            address: contract("PriceOracle"),
            abi: priceOracleAbi,
            functionName: "sync",
            args: [token(symbol).address],
          }),
        );
      }
    },
  };
}

/** Everything in the file header, in an order the protocol accepts. */
export async function runScenario(protocol: Protocol): Promise<void> {
  const { record } = protocol;
  const s = scenario(protocol);
  const { ctx } = s;
  const w = ctx.wallets;
  const vault = record.contracts.SynthVault!.address;
  const manager = record.contracts.LiquidityPoolManager!.address;
  const governor = record.contracts.FluxionGovernor!.address;
  const flx = record.contracts.FluxionGovernanceToken!.address;
  const tracker = record.contracts.SupplyChainTracker!.address;
  const treasury = record.contracts.Treasury!.address;
  const addr = (symbol: string) => (record.synths[symbol] ?? record.collateral[symbol])!.address;
  const vaultCall = (
    who: ActorName,
    functionName: "mint" | "burn" | "withdraw" | "deposit",
    collateral: string,
    synth: string,
    amount: bigint,
  ) =>
    ctx.send(
      `${who} ${functionName} ${collateral}/${synth}`,
      w[who].writeContract({
        address: vault,
        abi: synthVaultAbi,
        functionName,
        args: [addr(collateral), addr(synth), amount],
      }),
    );

  // Positions: mint, burn, withdraw.
  await vaultCall("dave", "mint", "USDC", "sUSD", parseUnits("500", 18));
  await vaultCall("alice", "burn", "WETH", "sUSD", parseUnits("1000", 18));
  await vaultCall("dave", "withdraw", "USDC", "sUSD", parseUnits("100", 6));

  // Swaps spread over minutes and hours so candles have several buckets.
  await s.swap("alice", "sXAU/sUSD", "sUSD", "sXAU", "2000");
  await s.swap("carol", "sXAU/sUSD", "sXAU", "sUSD", "0.5");
  await ctx.advance(61);
  await s.swap("dave", "sXAU/sUSD", "sUSD", "sXAU", "500");
  await s.swap("dave", "sUSD/USDC", "USDC", "sUSD", "1000");
  await ctx.advance(3600);
  await s.swap("alice", "sXAU/sUSD", "sXAU", "sUSD", "0.2");
  await s.swap("alice", "WETH/sUSD 80/20", "sUSD", "WETH", "3000");

  // Joins and exits, then the protocol's cut of the fees goes to the treasury and on to stakers.
  const stable = record.pools["sUSD/USDC"]!;
  await ctx.send(
    "dave joins sUSD/USDC",
    w.dave.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "addLiquidity",
      args: [
        stable.poolId,
        [parseUnits("5000", 18), parseUnits("5000", 6)],
        parseUnits("1000", 18),
        ctx.address("dave"),
        await ctx.deadline(),
      ],
    }),
  );
  await ctx.send(
    "dave exits half",
    w.dave.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "removeLiquidity",
      args: [
        stable.poolId,
        parseUnits("500", 18),
        [0n, 0n],
        ctx.address("dave"),
        await ctx.deadline(),
      ],
    }),
  );
  await ctx.send(
    "dave joins sXAU/sUSD single-sided",
    w.dave.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "addLiquiditySingle",
      args: [
        record.pools["sXAU/sUSD"]!.poolId,
        addr("sUSD"),
        parseUnits("100", 18),
        0n,
        ctx.address("dave"),
        await ctx.deadline(),
      ],
    }),
  );
  await ctx.send(
    "collect sXAU/sUSD protocol fees",
    w.carol.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "collectProtocolFees",
      args: [record.pools["sXAU/sUSD"]!.poolId],
    }),
  );
  await ctx.send(
    "distribute sUSD fees",
    w.carol.writeContract({
      address: treasury,
      abi: treasuryAbi,
      functionName: "distribute",
      args: [addr("sUSD")],
    }),
  );

  // ETH slides in in-bound steps: carol's WETH-backed sXAU position falls under 120% and is liquidated.
  for (const answer of ["2760", "2540", "2300"]) await s.price("ETH/USD", answer);
  await ctx.send(
    "deployer liquidates carol",
    w.deployer.writeContract({
      address: vault,
      abi: synthVaultAbi,
      functionName: "liquidate",
      args: [ctx.address("carol"), addr("WETH"), addr("sXAU"), parseUnits("1", 18)],
    }),
  );

  // BTC jumps 25%: the breaker trips; three in-bound rounds re-arm it.
  await s.price("BTC/USD", "75000");
  for (const answer of ["75500", "76000", "76500"]) await s.price("BTC/USD", answer);

  // Rewards, unstaking, delegation.
  await ctx.send(
    "alice claims rewards",
    w.alice.writeContract({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "claimRewards",
      args: [ctx.address("alice")],
    }),
  );
  await ctx.send(
    "bob requests to unstake",
    w.bob.writeContract({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "requestUnstake",
      args: [parseUnits("250000", 18)],
    }),
  );
  await ctx.send(
    "dave delegates to alice",
    w.dave.writeContract({
      address: flx,
      abi: fluxionGovernanceTokenAbi,
      functionName: "delegate",
      args: [ctx.address("alice")],
    }),
  );

  // Supply chain: dave takes the insulin pallet and stores it; alice offers and withdraws an offer;
  // the inspector (guardian) clears the coffee lot's humidity flag.
  await ctx.send(
    "dave accepts item 3",
    w.dave.writeContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "acceptCustody",
      args: [3n],
    }),
  );
  await ctx.send(
    "dave stores item 3",
    w.dave.writeContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "updateStatus",
      args: [3n, 2],
    }),
  );
  await ctx.send(
    "bob offers item 1 to carol",
    w.bob.writeContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "offerCustody",
      args: [1n, ctx.address("carol")],
    }),
  );
  await ctx.send(
    "bob withdraws the offer",
    w.bob.writeContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "cancelCustodyOffer",
      args: [1n],
    }),
  );
  await ctx.send(
    "inspector clears item 2",
    w.guardian.writeContract({
      address: tracker,
      abi: supplyChainTrackerAbi,
      functionName: "clearFlag",
      args: [2n, "Re-measured at 58%: sensor fault"],
    }),
  );

  // Governance: bob votes against, the period ends, the proposal is queued and executed; feeds get fresh rounds (their heartbeat is a day).
  const proposalId = protocol.proposalId!;
  await ctx.send(
    "bob votes against",
    w.bob.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "castVote",
      args: [proposalId, 0],
    }),
  );
  await ctx.advance(86_400 + 60);
  const pool = record.pools[demoProposal.pool]!;
  const calldatas = [
    encodeFunctionData({
      abi: liquidityPoolManagerAbi,
      functionName: "setSwapFee",
      args: [pool.poolId, demoProposal.newSwapFee],
    }),
  ];
  const proposalArgs = [
    [manager],
    [0n],
    calldatas,
    keccak256(toHex(demoProposal.description)),
  ] as const;
  await ctx.send(
    "queue the proposal",
    w.deployer.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "queue",
      args: [[...proposalArgs[0]], [...proposalArgs[1]], [...proposalArgs[2]], proposalArgs[3]],
    }),
  );
  await ctx.advance(301);
  await ctx.send(
    "execute the proposal",
    w.deployer.writeContract({
      address: governor,
      abi: fluxionGovernorAbi,
      functionName: "execute",
      args: [[...proposalArgs[0]], [...proposalArgs[1]], [...proposalArgs[2]], proposalArgs[3]],
    }),
  );
  const latest: Record<string, string> = {
    "ETH/USD": "2310",
    "BTC/USD": "76400",
    "XAU/USD": "2405",
    "USDC/USD": "1",
    "USD/USD": "1",
  };
  for (const [pair, answer] of Object.entries(latest)) await s.price(pair, answer);
  await s.swap("alice", "sXAU/sUSD", "sUSD", "sXAU", "50");
  // Feeds from both sides: governance replaces sXAU's feed, a stranger imitates one.
  await runFeedScenario(protocol, ctx);

  // Lightning gateway: the keeper locks two mints (alice claims hers; bob's is refunded after its
  // timelock), then alice locks a burn that the keeper claims.
  const gateway = record.contracts.LightningGateway!.address;
  const secret = (n: number) => {
    const preimage = toHex(n, { size: 32 });
    return {
      preimage,
      hash: `0x${createHash("sha256")
        .update(Buffer.from(preimage.slice(2), "hex"))
        .digest("hex")}` as Hex,
    };
  };
  const gw = (who: ActorName, functionName: string, args: unknown[], what: string) =>
    ctx.send(
      what,
      w[who].writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: functionName as never,
        args: args as never,
      }),
    );
  const quote = async (fn: "quoteMint" | "quoteBurn", synth: string, sats: bigint) =>
    (
      await protocol.publicClient.readContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: fn,
        args: [addr(synth), sats],
      })
    )[0];
  const chainNow = async () => (await protocol.publicClient.getBlock()).timestamp;
  const [a, b, c] = [secret(1), secret(2), secret(3)];
  await gw(
    "keeper",
    "lockMint",
    [
      a.hash,
      ctx.address("alice"),
      addr("sBTC"),
      50_000n,
      await quote("quoteMint", "sBTC", 50_000n),
      await chainNow(),
      (await chainNow()) + 3_700n,
    ],
    "lock alice's mint",
  );
  await gw("alice", "claimMint", [a.preimage], "alice claims");
  await gw(
    "keeper",
    "lockMint",
    [
      b.hash,
      ctx.address("bob"),
      addr("sUSD"),
      20_000n,
      await quote("quoteMint", "sUSD", 20_000n),
      await chainNow(),
      (await chainNow()) + 3_700n,
    ],
    "lock bob's mint",
  );
  const burnAmount = await quote("quoteBurn", "sBTC", 10_000n);
  await ctx.send(
    "alice approves the gateway",
    w.alice.writeContract({
      address: addr("sBTC"),
      abi: syntheticAssetAbi,
      functionName: "approve",
      args: [gateway, burnAmount],
    }),
  );
  await gw(
    "alice",
    "lockBurn",
    [c.hash, addr("sBTC"), burnAmount, 10_000n, (await chainNow()) + 3_700n],
    "alice locks a burn",
  );
  await gw("keeper", "claimBurn", [c.preimage], "the keeper claims the burn");
  await ctx.advance(3_800);
  await gw("carol", "refundMint", [b.hash], "bob's mint is refunded");
}
