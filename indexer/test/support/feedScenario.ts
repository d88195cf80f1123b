// Price feeds from both sides. Governance moves sXAU onto a new feed (the Timelock calls `setFeed`,
// impersonated): the new feed's rounds price sXAU from then on, and a later round of the old feed is
// only a round of a feed that prices nothing. A stranger deploys a contract that announces rounds
// exactly as a feed does (`AnswerUpdated`) with an absurd price: the oracle never set it, so the
// indexer must not know it at all (chainTruth: every feed and round the indexer holds belongs to a
// feed the oracle set, and every asset's feed and price are the chain's).
import { readFileSync } from "node:fs";
import { type Address, encodeFunctionData, type Hash, type Hex, parseUnits } from "viem";
import { mockPriceFeedAbi, priceOracleAbi } from "../../../deploy/generated/fluxion.ts";
import type { SeedContext } from "../../../deploy/src/seed/actors.ts";
import type { Protocol } from "./localChain.ts";

const artifact = JSON.parse(
  readFileSync(
    new URL(
      "../../../artifacts/contracts/src/mocks/MockPriceFeed.sol/MockPriceFeed.json",
      import.meta.url,
    ),
    "utf8",
  ),
) as { bytecode: Hex };

export async function runFeedScenario(protocol: Protocol, ctx: SeedContext): Promise<void> {
  const { record, publicClient } = protocol;
  const w = ctx.wallets;
  const oracle = record.contracts.PriceOracle!.address;
  const timelock = record.contracts.FluxionTimelock!.address;
  const sXau = record.synths.sXAU!.address;
  const rpc = (method: string, params: unknown[]) =>
    publicClient.request({ method: method as never, params: params as never });

  const deployFeed = async (who: "deployer" | "carol", answer: bigint): Promise<Address> => {
    const hash = await w[who].deployContract({
      abi: mockPriceFeedAbi,
      bytecode: artifact.bytecode,
      args: [8, answer],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`feed scenario: ${who}'s feed was not deployed (tx ${hash})`);
    }
    return receipt.contractAddress;
  };
  const answer = (feed: Address, who: "deployer" | "carol", value: bigint, what: string) =>
    ctx.send(
      what,
      w[who].writeContract({
        address: feed,
        abi: mockPriceFeedAbi,
        functionName: "updateAnswer",
        args: [value],
      }),
    );

  // Governance replaces sXAU's feed (same breaker settings).
  const oldFeed = record.feeds["XAU/USD"]!.address;
  const newFeed = await deployFeed("deployer", parseUnits("2410", 8));
  const config = await publicClient.readContract({
    address: oracle,
    abi: priceOracleAbi,
    functionName: "feedOf",
    args: [sXau],
  });
  await rpc("hardhat_impersonateAccount", [timelock]);
  await rpc("hardhat_setBalance", [timelock, "0xde0b6b3a7640000"]);
  await ctx.send(
    "the Timelock moves sXAU onto a new feed",
    rpc("eth_sendTransaction", [
      {
        from: timelock,
        to: oracle,
        data: encodeFunctionData({
          abi: priceOracleAbi,
          functionName: "setFeed",
          args: [sXau, { ...config, aggregator: newFeed }],
        }),
      },
    ]) as Promise<Hash>,
  );
  await rpc("hardhat_stopImpersonatingAccount", [timelock]);
  await answer(newFeed, "deployer", parseUnits("2412", 8), "the new XAU feed answers");
  await ctx.send(
    "sync sXAU",
    w.deployer.writeContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "sync",
      args: [sXau],
    }),
  );
  // The old feed goes on answering: it prices nothing any more.
  await answer(oldFeed, "deployer", parseUnits("9999", 8), "the old XAU feed answers");

  // A stranger's "feed": announces rounds like one, never set by the oracle.
  const fake = await deployFeed("carol", 1n);
  await answer(fake, "carol", parseUnits("1000000000", 8), "a stranger's feed announces a round");
}
