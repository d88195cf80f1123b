// The Pools page in a browser: a swap with slippage protection (the minimum received shown is the
// manager's quote less 0.5%, the swap lands on chain and in the indexer; a quote made stale by
// another account's trade is refused at simulation with the decoded SlippageExceeded and nothing is
// spent), and adding then removing liquidity (proportional in, single-sided out) with the LP balance
// on chain and the indexer's liquidity events checked after each.
import assert from "node:assert/strict";
import { fluxionDeployments, liquidityPoolManagerAbi, poolLpTokenAbi } from "@fluxion/deploy";
import type { Browser, Locator, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  type PrivateKeyAccount,
  parseUnits,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import { formatAmount } from "../../web/src/ui/format.ts";
import { accessibilityViolations, browserSuite, fund, launch, openApp, stack } from "./browser.ts";

const [name, skip] = browserSuite("web: pools");

const deployment = fluxionDeployments["31337"];
const manager = deployment.contracts.LiquidityPoolManager.address as Address;
const pool = deployment.pools["WETH/sUSD 80/20"];
const poolId = pool.poolId as Hex;
const WETH = deployment.collateral.WETH.address as Address;
const SUSD = deployment.synths.sUSD.address as Address;
const TX_TIMEOUT = 90_000;

function clients(account?: PrivateKeyAccount) {
  const { rpcUrl } = stack();
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
  const walletClient = account
    ? createWalletClient({ account, chain, transport: http(rpcUrl) })
    : undefined;
  return { publicClient, walletClient };
}

async function balanceOf(token: Address, owner: Address): Promise<bigint> {
  return clients().publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

/**
 * Sells `amountIn` of tokenIn for tokenOut in the WETH/sUSD pool from `account`, outside the UI, in
 * pieces of at most a quarter of the pool's balance (a weighted pool takes 30% at most per trade).
 */
async function swapFrom(
  account: PrivateKeyAccount,
  tokenIn: Address,
  tokenOut: Address,
  amountIn: bigint,
): Promise<void> {
  const { publicClient, walletClient } = clients(account);
  const approve = await walletClient!.writeContract({
    address: tokenIn,
    abi: erc20Abi,
    functionName: "approve",
    args: [manager, maxUint256],
  });
  await publicClient.waitForTransactionReceipt({ hash: approve });
  let left = amountIn;
  while (left > 0n) {
    const [tokens, balances] = await publicClient.readContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "getPoolState",
      args: [poolId],
    });
    const index = tokens.findIndex((t) => t.toLowerCase() === tokenIn.toLowerCase());
    const cap = balances[index]! / 4n;
    const piece = left < cap ? left : cap;
    const block = await publicClient.getBlock({ blockTag: "pending" });
    const hash = await walletClient!.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "swapExactIn",
      args: [poolId, tokenIn, tokenOut, piece, 1n, account.address, block.timestamp + 600n],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    left -= piece;
  }
}

async function indexer<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${stack().indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

async function connect(page: Page, address: Address): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("menuitem", { name: "Test Wallet" }).click();
  await page
    .getByText(`${address.slice(0, 6)}…`)
    .first()
    .waitFor();
}

/** The value a testid element carries in data-value, once it is shown. */
async function dataValue(scope: Locator | Page, testId: string): Promise<bigint> {
  const element = scope.getByTestId(testId);
  await element.waitFor({ timeout: 30_000 });
  const value = await element.getAttribute("data-value");
  assert.ok(value && /^\d+$/.test(value), `${testId} carries a value (${value})`);
  return BigInt(value);
}

async function txStage(scope: Locator, stage: "indexed" | "failed"): Promise<Locator> {
  const status = scope.locator(`.tx-status[data-stage="${stage}"]`);
  await status.waitFor({ timeout: TX_TIMEOUT });
  return status;
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a swap with slippage protection", async () => {
    const { page, wallet, context } = await openApp(browser, "/pools");
    const me = wallet.account.address;
    await connect(page, me);

    // The list links to the pool.
    const table = page.getByTestId("pools-table");
    await table.waitFor();
    const row = page.getByTestId(`pool-row-${poolId.toLowerCase()}`);
    await row.getByTestId("tvl").filter({ hasText: "$" }).waitFor();
    await row.getByTestId("volume").filter({ hasText: "$" }).waitFor();
    await row.getByRole("link", { name: "WETH/sUSD 80/20" }).click();
    await page.waitForURL(`**/pools/${poolId}`);
    await page.getByRole("heading", { name: "WETH/sUSD 80/20" }).waitFor();
    await page.getByTestId("candles-summary").waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], "the pool page");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await accessibilityViolations(page), [], "the pool page on a phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    // Exact-in 0.1 WETH → sUSD: the minimum received is the manager's quote less 0.5%.
    const swap = page.getByRole("region", { name: "Swap", exact: true });
    assert.equal(await swap.getByLabel("Token to sell").inputValue(), WETH);
    assert.equal(await swap.getByLabel("Token to buy").inputValue(), SUSD);
    await swap.getByLabel("Amount to sell").fill("0.1");
    const minShown = await dataValue(swap, "min-received");
    const amountIn = parseUnits("0.1", 18);
    const quote = await clients().publicClient.readContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "quoteSwap",
      args: [poolId, WETH, SUSD, amountIn],
    });
    assert.equal(await dataValue(swap, "quote-amount"), quote);
    const expectedMin = (quote * 995n) / 1000n;
    assert.equal(minShown, expectedMin, "min received = quote × (1 − 0.5%)");
    assert.equal(
      (await swap.getByTestId("min-received").textContent())?.trim(),
      `${formatAmount(expectedMin, 18, 6)} sUSD`,
    );
    assert.equal(await swap.getByTestId("swap-route").textContent(), "WETH → sUSD");
    assert.equal(await swap.getByTestId("price-impact").getAttribute("data-level"), "none");

    const wethBefore = await balanceOf(WETH, me);
    const susdBefore = await balanceOf(SUSD, me);
    await swap.getByRole("button", { name: "Swap", exact: true }).click();
    await txStage(swap, "indexed");
    assert.equal(await balanceOf(WETH, me), wethBefore - amountIn);
    assert.equal(await balanceOf(SUSD, me), susdBefore + quote);
    const indexed = await indexer<{
      swaps: { items: { poolId: string; tokenIn: string; amountIn: string; amountOut: string }[] };
    }>(
      `query($sender: String!) { swaps(where: { sender: $sender }) { items { poolId tokenIn amountIn amountOut } } }`,
      { sender: me.toLowerCase() },
    );
    assert.deepEqual(indexed.swaps.items, [
      {
        poolId: poolId.toLowerCase(),
        tokenIn: WETH.toLowerCase(),
        amountIn: amountIn.toString(),
        amountOut: quote.toString(),
      },
    ]);
    // The form is cleared after a success; the recent swaps show it.
    assert.equal(await swap.getByLabel("Amount to sell").inputValue(), "");
    await page.getByTestId("recent-swaps").getByText(me.slice(0, 6)).first().waitFor();

    // Slippage at its minimum, then another account moves the price after the UI quoted: the
    // simulation right before signing refuses the stale quote and nothing is spent.
    await swap.getByRole("button", { name: "Dismiss" }).click();
    await swap.getByRole("button", { name: "Settings" }).click();
    await swap.getByLabel("Slippage tolerance (%)").fill("0.01");
    assert.equal(
      await swap.getByTestId("settings-summary").textContent(),
      "Slippage 0.01% · deadline 30 min",
    );
    await swap.getByLabel("Amount to sell").fill("0.1");
    const staleQuote = await dataValue(swap, "quote-amount");
    assert.equal(await dataValue(swap, "min-received"), (staleQuote * 9999n) / 10000n);

    const mover = privateKeyToAccount(generatePrivateKey());
    await fund(mover.address);
    await swapFrom(mover, WETH, SUSD, parseUnits("10", 18));

    const wethMid = await balanceOf(WETH, me);
    const susdMid = await balanceOf(SUSD, me);
    const sentBefore = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await swap.getByRole("button", { name: "Swap", exact: true }).click();
    const failed = await txStage(swap, "failed");
    await failed.locator('[data-error-code="SlippageExceeded"]').waitFor();
    assert.match((await failed.textContent()) ?? "", /Prices moved: you would receive/);
    assert.equal(await balanceOf(WETH, me), wethMid, "no WETH spent");
    assert.equal(await balanceOf(SUSD, me), susdMid, "no sUSD received");
    const sent = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    assert.ok(sent - sentBefore <= 1, "at most the approval was signed, never the swap");
    // The inputs are kept after the failure.
    assert.equal(await swap.getByLabel("Amount to sell").inputValue(), "0.1");

    // Put the pool back roughly where it was for the other test files.
    await swapFrom(mover, SUSD, WETH, await balanceOf(SUSD, mover.address));
    await swap.getByRole("button", { name: "Reset" }).click();
    await context.close();
  });

  it("add and remove liquidity", async () => {
    // sUSD for the proportional join, bought with WETH outside the UI before the page loads.
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key);
    await fund(account.address);
    await swapFrom(account, WETH, SUSD, parseUnits("1", 18));
    const { page, wallet, context } = await openApp(browser, `/pools/${poolId}`, {
      key,
      fund: false,
    });
    const me = wallet.account.address;
    await connect(page, me);
    await page.getByRole("heading", { name: "WETH/sUSD 80/20" }).waitFor();
    const liquidity = page.getByRole("region", { name: "Liquidity" });

    // Proportional: type the WETH amount, sUSD follows the pool's ratio.
    await liquidity.getByLabel("WETH to deposit").fill("1");
    const lpOut = await dataValue(liquidity, "lp-out");
    const lpToken = pool.lpToken as Address;
    const [, balances] = await clients().publicClient.readContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "getPoolState",
      args: [poolId],
    });
    const supply = await clients().publicClient.readContract({
      address: lpToken,
      abi: poolLpTokenAbi,
      functionName: "totalSupply",
    });
    // The shares 1 WETH buys, and the sUSD the manager takes for them (rounded up).
    assert.equal(lpOut, (parseUnits("1", 18) * supply) / balances[0]!);
    const susdIn = (balances[1]! * lpOut + supply - 1n) / supply;
    assert.equal(
      parseUnits(await liquidity.getByLabel("sUSD to deposit").inputValue(), 18),
      susdIn,
      "the sUSD amount follows the pool's ratio",
    );
    assert.equal(await dataValue(liquidity, "max-in-sUSD"), (susdIn * 1005n + 999n) / 1000n);
    await liquidity.getByRole("button", { name: "Add liquidity" }).click();
    await txStage(liquidity, "indexed");
    assert.equal(await balanceOf(lpToken, me), lpOut, "LP shares on chain");
    await page
      .getByTestId("lp-balance")
      .and(page.locator(`[data-value="${lpOut}"]`))
      .waitFor();
    type Events = {
      liquidityEvents: {
        items: { kind: string; poolId: string; lpAmount: string; amounts: string[] }[];
      };
    };
    const events = `query($sender: String!) { liquidityEvents(where: { sender: $sender }, orderBy: "blockNumber") {
      items { kind poolId lpAmount amounts } } }`;
    const added = await indexer<Events>(events, { sender: me.toLowerCase() });
    assert.equal(added.liquidityEvents.items.length, 1);
    assert.equal(added.liquidityEvents.items[0]!.kind, "add");
    assert.equal(added.liquidityEvents.items[0]!.poolId, poolId.toLowerCase());
    assert.equal(added.liquidityEvents.items[0]!.lpAmount, lpOut.toString());
    assert.equal(added.liquidityEvents.items[0]!.amounts[0], parseUnits("1", 18).toString());

    // Single-sided: every share back as WETH.
    await liquidity.getByRole("button", { name: "Dismiss" }).click();
    await liquidity.getByRole("tab", { name: "Remove" }).click();
    await liquidity.getByRole("tab", { name: "One token" }).click();
    assert.equal(await liquidity.getByLabel("Token to receive").inputValue(), "0");
    await liquidity.getByRole("button", { name: "Max" }).click();
    const expected = await dataValue(liquidity, "out-WETH");
    const min = await dataValue(liquidity, "min-out-WETH");
    assert.equal(min, (expected * 995n) / 1000n);
    const wethBefore = await balanceOf(WETH, me);
    await liquidity.getByRole("button", { name: "Remove as WETH" }).click();
    await txStage(liquidity, "indexed");
    assert.equal(await balanceOf(lpToken, me), 0n, "every share redeemed");
    const received = (await balanceOf(WETH, me)) - wethBefore;
    assert.ok(received >= min, `received ${received} ≥ min ${min}`);
    const removed = await indexer<Events>(events, { sender: me.toLowerCase() });
    assert.deepEqual(
      removed.liquidityEvents.items.map((e) => [e.kind, e.lpAmount]),
      [
        ["add", lpOut.toString()],
        ["remove", lpOut.toString()],
      ],
    );
    assert.equal(removed.liquidityEvents.items[1]!.amounts[0], received.toString());

    // Sell the sUSD left back to the pool so it ends near where it started.
    await swapFrom(wallet.account, SUSD, WETH, await balanceOf(SUSD, me));
    await context.close();
  });
});
