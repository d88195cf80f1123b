// `npm run market -- <command>`: the dev market by hand, on the local chain (the keepers' market-prices
// job moves the mock feeds on its own; this moves them when you want):
//   crash <asset> <percent>   drop the asset's feed by <percent> in one round (ETH 30: $3000 -> $2100).
//                             A drop beyond the breaker's bound trips it: minting and swaps stop, and
//                             liquidations wait until the next rounds settle and re-arm it; then the
//                             keepers liquidate every position the crash put below its ratio
//   pump <asset> <percent>    raise it the same way
//   price <asset> <usd>       answer an exact price
//   show                      every feed's price and every asset's breaker
// <asset> is a feed's base symbol: ETH, BTC, XAU, USDC. env: FLUXION_RPC_URL (http://127.0.0.1:8545),
// MARKET_PRIVATE_KEY (default: Hardhat dev account #9; the mock feeds answer anyone on a local chain).
import {
  type DeploymentRecord,
  fluxionDeployments,
  mockPriceFeedAbi,
  priceOracleAbi,
} from "@fluxion/deploy";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  formatUnits,
  type Hex,
  http,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

const usage = `usage: npm run market -- <command>
  crash <asset> <percent>   drop a feed by <percent> in one round (e.g. crash ETH 30)
  pump <asset> <percent>    raise a feed by <percent> in one round
  price <asset> <usd>       set a feed's price (e.g. price BTC 58000)
  show                      feed prices and circuit breakers
<asset>: ETH, BTC, XAU, USDC. env: FLUXION_RPC_URL, MARKET_PRIVATE_KEY (default Hardhat dev account #9)`;

// Hardhat's well-known development account #9: only ever funded on a local dev chain.
const devKey: Hex = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
const rpcUrl = process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545";
const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
const client = createPublicClient({ chain, transport: http(rpcUrl) });
const record = (fluxionDeployments as Record<string, DeploymentRecord>)["31337"]!;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function feedOf(asset: string | undefined) {
  const pair = `${(asset ?? "").toUpperCase()}/USD`;
  const feed = record.feeds[pair];
  if (!feed || pair === "USD/USD") {
    const known = Object.keys(record.feeds)
      .filter((p) => p !== "USD/USD")
      .map((p) => p.split("/")[0]);
    fail(`unknown asset "${asset ?? ""}": one of ${known.join(", ")}\n\n${usage}`);
  }
  return { pair, address: feed.address as Address, decimals: feed.decimals };
}

async function latest(feed: { address: Address }) {
  const [, answer] = await client.readContract({
    address: feed.address,
    abi: mockPriceFeedAbi,
    functionName: "latestRoundData",
  });
  return answer;
}

async function answer(feed: ReturnType<typeof feedOf>, value: bigint, what: string) {
  if (value <= 0n) fail("the price must stay above zero");
  const account = privateKeyToAccount(
    (process.env.MARKET_PRIVATE_KEY as Hex | undefined) ?? devKey,
  );
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    address: feed.address,
    abi: mockPriceFeedAbi,
    functionName: "updateAnswer",
    args: [value],
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  console.log(
    `${feed.pair} ${what}: $${formatUnits(value, feed.decimals)} (block ${receipt.blockNumber})`,
  );
}

function percent(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d+(\.\d+)?$/.test(raw) || n <= 0 || n >= 100) {
    fail(`percent must be a number between 0 and 100, got "${raw ?? ""}"`);
  }
  return n;
}

async function show() {
  const assets = [
    ...Object.values(record.collateral).map((t) => ({ ...t, kind: "collateral" })),
    ...Object.values(record.synths).map((t) => ({ ...t, kind: "synth" })),
  ];
  for (const [pair, feed] of Object.entries(record.feeds)) {
    const value = await latest({ address: feed.address as Address });
    console.log(`${pair.padEnd(9)} $${formatUnits(value, feed.decimals)}`);
  }
  console.log("");
  for (const asset of assets) {
    const breaker = await client.readContract({
      address: record.contracts.PriceOracle!.address as Address,
      abi: priceOracleAbi,
      functionName: "breakerOf",
      args: [asset.address as Address],
    });
    const state = breaker.tripped
      ? `TRIPPED (${breaker.inBoundStreak} settled round(s) of those needed to re-arm)`
      : "armed";
    console.log(`${asset.symbol.padEnd(5)} ${asset.kind.padEnd(10)} breaker ${state}`);
  }
}

const [command, asset, amount] = process.argv.slice(2);
try {
  if ((await client.getChainId()) !== 31337)
    fail("the dev market runs on the local chain (31337) only");
} catch (error) {
  if (error instanceof Error && /fetch|ECONNREFUSED|HTTP request failed/i.test(error.message)) {
    fail(`no chain at ${rpcUrl}: start one with npm run dev`);
  }
  throw error;
}
switch (command) {
  case "crash":
  case "pump": {
    const feed = feedOf(asset);
    const move = percent(amount);
    const now = await latest(feed);
    const factor = BigInt(Math.round((command === "crash" ? 100 - move : 100 + move) * 1e6));
    await answer(feed, (now * factor) / 100_000_000n, `${command === "crash" ? "-" : "+"}${move}%`);
    break;
  }
  case "price": {
    const feed = feedOf(asset);
    if (!amount || !/^\d+(\.\d+)?$/.test(amount))
      fail(`price must be a USD amount, got "${amount ?? ""}"`);
    await answer(feed, parseUnits(amount, feed.decimals), "set");
    break;
  }
  case "show":
    await show();
    break;
  default:
    fail(usage);
}
