// The Cross-chain page in a real browser against the whole dev stack (two chains, the CCIP relay, the
// indexer on both): a person sends sUSD from 31337 to 31338 paying the fee in ETH and back paying in
// LINK (the wallet switched to each source chain), sees the fee before signing and follows each message
// to delivered; the portfolio then shows both chains. Then a message that fails for real on delivery
// (governance lowered the lane's gas limit, so its execution runs out of gas) is explained in words and
// executed again from the page with a higher gas limit; and one over the destination's inbound rate
// limit, kept by its gateway, explained with the limit's wait, and retried once governance raised it.
// Each time the chains and the indexer are asked.
import assert from "node:assert/strict";
import {
  crossChainGatewayAbi,
  fluxionDeployments,
  localCCIPRouterAbi,
  mockERC20Abi,
  synthVaultAbi,
} from "@fluxion/deploy";
import type { Browser, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  numberToHex,
  parseEther,
  parseUnits,
  zeroAddress,
} from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, it } from "vitest";
import { formatAmount } from "../../web/src/ui/format.ts";
import {
  accessibilityViolations,
  browserSuite,
  connectAndSignIn,
  launch,
  openApp,
  stack,
} from "./browser.ts";
import { devChain } from "./wallet.ts";

const [name, skip] = browserSuite("web: cross-chain transfers");
const slow = { timeout: 120_000 };

const records = { a: fluxionDeployments["31337"], b: fluxionDeployments["31338"] };
const ccip = { a: records.a.ccip, b: records.b.ccip };
const sUSD = {
  a: records.a.synths.sUSD.address as Address,
  b: records.b.synths.sUSD.address as Address,
};
const e18 = (text: string) => parseUnits(text, 18);

function chains() {
  const { rpcUrl, rpcUrl2 } = stack();
  const make = (chainId: number, url: string) => {
    const chain = devChain(chainId, url);
    return { chain, url, client: createPublicClient({ chain, transport: http(url) }) };
  };
  return { a: make(31337, rpcUrl), b: make(31338, rpcUrl2) };
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 120_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? "").trim();
}

/** sUSD of `owner` on each chain. */
async function sUSDBalances(owner: Address) {
  const { a, b } = chains();
  const read = (c: typeof a, token: Address) =>
    c.client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
  return { a: await read(a, sUSD.a), b: await read(b, sUSD.b) };
}

/** The indexer's view of a message (its REST route). */
async function indexedMessage(messageId: string) {
  const response = await fetch(`${stack().indexerUrl}/ccip/messages/${messageId}`);
  if (response.status !== 200) return undefined;
  return (await response.json()) as {
    state: string;
    from: string;
    to: string;
    amount: string;
    execution: { attempts: number; manual: boolean };
  };
}

/** Mints `mint` sUSD on 31337 for the test account (10 WETH deposited), as the Synths page would. */
async function mintSUSD(account: PrivateKeyAccount, mint: bigint) {
  const { a } = chains();
  const wallet = createWalletClient({ account, chain: a.chain, transport: http(a.url) });
  const vault = records.a.contracts.SynthVault.address as Address;
  const weth = records.a.collateral.WETH.address as Address;
  const deposit = parseEther("10");
  for (const hash of [
    await wallet.writeContract({
      address: weth,
      abi: erc20Abi,
      functionName: "approve",
      args: [vault, deposit],
    }),
    await wallet.writeContract({
      address: vault,
      abi: synthVaultAbi,
      functionName: "depositAndMint",
      args: [weth, sUSD.a, deposit, mint],
    }),
  ]) {
    const receipt = await a.client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
  }
}

/** Gas ETH on 31338 and 5 LINK there (the faucet mock mints to anyone), for the way back. */
async function fundChainB(account: PrivateKeyAccount) {
  const { b } = chains();
  await rpc(b.url, "hardhat_setBalance", [account.address, numberToHex(parseEther("100"))]);
  const wallet = createWalletClient({ account, chain: b.chain, transport: http(b.url) });
  const hash = await wallet.writeContract({
    address: ccip.b.feeToken.address,
    abi: mockERC20Abi,
    functionName: "mint",
    args: [account.address, e18("5")],
  });
  await b.client.waitForTransactionReceipt({ hash });
}

type Lane = {
  enabled: boolean;
  peer: Address;
  transferGasLimit: number;
  liquidityGasLimit: number;
  liquidityAllowed: boolean;
};

/** Runs one call as a chain's Timelock (impersonated on its dev node): what a passed proposal does. */
async function asTimelock(
  side: "a" | "b",
  call: { functionName: "setLane" | "setRateLimits"; args: readonly unknown[] },
) {
  const c = chains()[side];
  const timelock = records[side].contracts.FluxionTimelock.address as Address;
  await rpc(c.url, "hardhat_impersonateAccount", [timelock]);
  try {
    await rpc(c.url, "hardhat_setBalance", [timelock, numberToHex(parseEther("10"))]);
    const governance = createWalletClient({
      account: timelock,
      chain: c.chain,
      transport: http(c.url),
    });
    const hash = await governance.writeContract({
      address: ccip[side].gateway.address,
      abi: crossChainGatewayAbi,
      functionName: call.functionName,
      args: call.args,
    } as never);
    const receipt = await c.client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${call.functionName} as the Timelock`);
  } finally {
    await rpc(c.url, "hardhat_stopImpersonatingAccount", [timelock]);
  }
}

/** Sets 31337's lane to 31338, as 31337's governance. */
function setLaneAsGovernance(lane: Lane) {
  return asTimelock("a", { functionName: "setLane", args: [BigInt(ccip.b.chainSelector), lane] });
}

type Bucket = { isEnabled: boolean; capacity: bigint; rate: bigint };
const config = (b: Bucket) => ({ isEnabled: b.isEnabled, capacity: b.capacity, rate: b.rate });

/** 31338's sUSD limits for messages from 31337, as 31338's governance. */
async function setInboundAsGovernance(inbound: Bucket) {
  const { b } = chains();
  const [outbound] = await b.client.readContract({
    address: ccip.b.gateway.address,
    abi: crossChainGatewayAbi,
    functionName: "rateLimits",
    args: [BigInt(ccip.a.chainSelector), sUSD.b],
  });
  await asTimelock("b", {
    functionName: "setRateLimits",
    args: [BigInt(ccip.a.chainSelector), sUSD.b, config(outbound), config(inbound)],
  });
}

/** Fills and sends the form; returns the followed message's id once the page follows it. */
async function send(
  page: Page,
  options: { from: string; amount: string; fee: "ETH" | "LINK"; expectFee?: string },
): Promise<Hex> {
  const form = page.locator("section.cc-send");
  await form.getByLabel("From", { exact: true }).selectOption({ label: options.from });
  await form.getByLabel("Amount (sUSD)").fill(options.amount);
  await form.getByRole("radio", { name: options.fee }).check();
  const fee = form.getByTestId("cc-fee");
  await fee.filter({ hasText: new RegExp(`\\d ${options.fee}$`) }).waitFor();
  if (options.expectFee) assert.equal((await fee.textContent())?.trim(), options.expectFee);
  const previous = await page
    .getByTestId("cc-progress")
    .getAttribute("data-message-id", { timeout: 1_000 })
    .catch(() => null);
  await form.getByRole("button", { name: /^Send [\d.,]+ sUSD to / }).click();
  // The page follows the message the send logged as soon as it is confirmed.
  const progress = page.getByTestId("cc-progress");
  const messageId = await until("the page to follow the new message", async () => {
    const id = await progress.getAttribute("data-message-id", { timeout: 1_000 }).catch(() => null);
    return id && id !== previous ? (id as Hex) : undefined;
  });
  assert.match(messageId, /^0x[0-9a-f]{64}$/i);
  return messageId;
}

/** Waits for the followed message to reach `state` (the live status line says so). */
async function followedTo(page: Page, messageId: Hex, state: "executed" | "failed") {
  await page
    .locator(`[data-testid="cc-progress"][data-message-id="${messageId}"][data-state="${state}"]`)
    .waitFor(slow);
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sUSD to the other chain and back, followed to delivered, and both chains in the portfolio", async () => {
    const { a, b } = chains();
    const { page, wallet, context } = await openApp(browser, "/cross-chain");
    const me = wallet.account.address;
    await mintSUSD(wallet.account, e18("500"));
    await fundChainB(wallet.account);
    const before = await sUSDBalances(me);
    assert.deepEqual(before, { a: e18("500"), b: 0n });

    await page.getByText("Connect a wallet to move synths between chains").waitFor();
    await connectAndSignIn(page);
    const form = page.locator("section.cc-send");
    await form
      .getByTestId("cc-balance")
      .filter({ hasText: "You hold 500 sUSD on Fluxion Local A." })
      .waitFor();
    // The lane's outbound limit for sUSD, read from the gateway (1,000,000 with 100 a second).
    await form
      .getByTestId("cc-headroom")
      .filter({ hasText: /sUSD of 1,000,000, refilling 100 per second/ })
      .waitFor();

    // --- 100 sUSD from 31337 to 31338, the fee in ETH: the page shows the gateway's own quote.
    const nativeFee = await a.client.readContract({
      address: ccip.a.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "quoteTransfer",
      args: [BigInt(ccip.b.chainSelector), sUSD.a, me, e18("100"), zeroAddress],
      account: me,
    });
    assert.ok(nativeFee > 0n);
    // Nothing typed yet: sending explains what is missing instead of asking the wallet.
    const sentBefore = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await form.getByRole("button", { name: /^Send sUSD to Fluxion Local B$/ }).click();
    await form
      .getByTestId("cc-reason")
      .filter({ hasText: "Enter how much sUSD to send." })
      .waitFor();
    await form.getByLabel("Amount (sUSD)").fill("600");
    await form
      .getByTestId("cc-reason")
      .filter({ hasText: "You hold 500 sUSD on Fluxion Local A: send that much or less." })
      .waitFor();
    assert.equal(
      wallet.requests.filter((r) => r.method === "eth_sendTransaction").length,
      sentBefore,
      "nothing was sent for a refused form",
    );
    const out = await send(page, {
      from: "Fluxion Local A",
      amount: "100",
      fee: "ETH",
      expectFee: `${formatAmount(nativeFee, 18, 6)} ETH`,
    });
    await page
      .getByTestId("cc-status")
      .filter({ hasText: /Fluxion Local/ })
      .waitFor();
    await followedTo(page, out, "executed");
    await page
      .getByTestId("cc-delivered")
      .filter({ hasText: "Delivered: 100 sUSD arrived" })
      .waitFor();
    const timeline = page.getByTestId("cc-timeline");
    assert.ok(
      (await timeline
        .locator('[data-state="sent"], [data-state="finality"], [data-state="committed"]')
        .count()) > 0,
      "the page saw the message on its way, not only delivered",
    );
    await timeline.locator('[data-state="executed"]').waitFor();
    assert.deepEqual(await sUSDBalances(me), { a: e18("400"), b: e18("100") });
    const router = await b.client.readContract({
      address: ccip.b.router.address,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [out],
    });
    assert.equal(router, 2, "SUCCESS on the destination router");
    assert.deepEqual(await accessibilityViolations(page), [], "the followed message");

    // The list (the indexer) has it, delivered, across both chains.
    const list = page.locator("section.cc-list");
    await list.locator(`[data-message-id="${out}"][data-state="executed"]`).waitFor(slow);
    const indexedOut = await until("the indexer's executed message", async () => {
      const m = await indexedMessage(out);
      return m?.state === "executed" && m;
    });
    assert.equal(indexedOut.from, me.toLowerCase());
    assert.equal(indexedOut.amount, e18("100").toString());

    // --- 40 sUSD back from 31338, the fee in LINK: the wallet switches chain, approves the fee, sends.
    const linkBefore = await b.client.readContract({
      address: ccip.b.feeToken.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [me],
    });
    const back = await send(page, { from: "Fluxion Local B", amount: "40", fee: "LINK" });
    assert.equal(wallet.chainId, 31338, "the wallet was switched to the source chain");
    assert.ok(wallet.requests.some((r) => r.method === "wallet_switchEthereumChain"));
    await followedTo(page, back, "executed");
    assert.deepEqual(await sUSDBalances(me), { a: e18("440"), b: e18("60") });
    const linkAfter = await b.client.readContract({
      address: ccip.b.feeToken.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [me],
    });
    assert.ok(linkAfter < linkBefore, "the fee was paid in LINK");
    const approvals = wallet.requests.filter(
      (r) =>
        r.method === "eth_sendTransaction" &&
        ((r.params as { to?: string }[])[0]?.to ?? "").toLowerCase() ===
          ccip.b.feeToken.address.toLowerCase(),
    );
    assert.equal(approvals.length, 1, "one exact approval of the LINK fee");
    await page
      .getByTestId("chain-switcher")
      .filter({ has: page.locator("option:checked", { hasText: "Fluxion Local B" }) })
      .waitFor();

    // --- The portfolio: both chains, each chain's share of sUSD and the total.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Portfolio" })
      .click();
    await page.getByTestId("chain-totals").waitFor(slow);
    await page.getByTestId("chain-total-31337").waitFor();
    await page.getByTestId("chain-total-31338").waitFor();
    await page.getByTestId("balance-sUSD-31337").filter({ hasText: /^440$/ }).waitFor(slow);
    await page.getByTestId("balance-sUSD-31338").filter({ hasText: /^60$/ }).waitFor(slow);
    assert.equal(await text(page, "balance-sUSD-total"), "500");
    assert.deepEqual(await accessibilityViolations(page), [], "the portfolio across chains");
    await context.close();
  });

  it("a message that ran out of gas on delivery is explained and executed again from the page", async () => {
    const { a, b } = chains();
    const { page, wallet, context } = await openApp(browser, "/cross-chain");
    const me = wallet.account.address;
    await mintSUSD(wallet.account, e18("100"));
    await fundChainB(wallet.account);
    await connectAndSignIn(page);

    // Governance on 31337 gives transfers to 31338 far too little gas: their delivery will fail.
    const lane = (await a.client.readContract({
      address: ccip.a.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "lane",
      args: [BigInt(ccip.b.chainSelector)],
    })) as Lane;
    await setLaneAsGovernance({ ...lane, transferGasLimit: 30_000 });
    let failed: Hex;
    try {
      await page.locator("section.cc-send").getByText("30,000 (paid with the fee)").waitFor(slow);
      failed = await send(page, { from: "Fluxion Local A", amount: "10", fee: "ETH" });
    } finally {
      await setLaneAsGovernance(lane);
    }
    await followedTo(page, failed, "failed");
    const alert = page.getByTestId("cc-retry").getByRole("alert");
    await alert
      .filter({
        hasText:
          "The delivery on Fluxion Local B ran out of gas: the message allowed 30,000 gas. Execute it again with a higher gas limit, such as 200,000.",
      })
      .waitFor(slow);
    assert.equal(await alert.getAttribute("data-error-code"), "ccip.out_of_gas");
    assert.equal(
      await b.client.readContract({
        address: ccip.b.router.address,
        abi: localCCIPRouterAbi,
        functionName: "getExecutionState",
        args: [failed],
      }),
      3,
      "FAILURE on the destination router",
    );
    assert.equal((await sUSDBalances(me)).b, 0n, "nothing was minted");
    assert.deepEqual(await accessibilityViolations(page), [], "a failed message with its retry");

    // A gas limit below the message's own is refused before the wallet is asked.
    const gas = page.getByLabel("Gas limit for the retry (optional)");
    await gas.fill("10000");
    await gas.blur();
    await page.getByText("Enter at least 30,000 (the message's own gas limit)").waitFor();
    const retry = page.getByRole("button", { name: "Retry on Fluxion Local B" });
    assert.equal(await retry.isDisabled(), true);

    // Executed again on 31338 with 300,000 gas: the wallet moves there, and the message is delivered.
    await gas.fill("300000");
    await retry.click();
    await followedTo(page, failed, "executed");
    assert.equal(wallet.chainId, 31338);
    await page
      .getByTestId("cc-delivered")
      .filter({ hasText: "Delivered: 10 sUSD arrived" })
      .waitFor();
    assert.equal((await sUSDBalances(me)).b, e18("10"));
    const manual = wallet.requests.filter(
      (r) =>
        r.method === "eth_sendTransaction" &&
        ((r.params as { to?: string }[])[0]?.to ?? "").toLowerCase() ===
          ccip.b.router.address.toLowerCase(),
    );
    assert.equal(manual.length, 1, "one manual execution, from the person's wallet");
    const indexed = await until("the indexer's manually executed message", async () => {
      const m = await indexedMessage(failed);
      return m?.state === "executed" && m;
    });
    assert.equal(indexed.execution.manual, true);
    assert.equal(indexed.execution.attempts, 2, "the failed delivery and the manual one");
    await page
      .locator(`section.cc-list [data-message-id="${failed}"][data-state="executed"]`)
      .waitFor(slow);
    await context.close();
  });

  it("a transfer over the destination's inbound limit is kept there, explained, and retried", async () => {
    const { b } = chains();
    const { page, wallet, context } = await openApp(browser, "/cross-chain");
    const me = wallet.account.address;
    await mintSUSD(wallet.account, e18("100"));
    await fundChainB(wallet.account);
    await connectAndSignIn(page);

    // Governance on 31338 lets at most 5 sUSD a time in from 31337, refilling 0.01 a second.
    const [, inbound] = await b.client.readContract({
      address: ccip.b.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "rateLimits",
      args: [BigInt(ccip.a.chainSelector), sUSD.b],
    });
    let kept: Hex;
    try {
      await setInboundAsGovernance({ isEnabled: true, capacity: e18("5"), rate: e18("0.01") });
      const first = await send(page, { from: "Fluxion Local A", amount: "3", fee: "ETH" });
      await followedTo(page, first, "executed");
      const form = page.locator("section.cc-send");
      await form.locator('.tx-status[data-stage="indexed"]').waitFor(slow);
      // About 2 sUSD left in 31338's bucket: the form warns before the second one is sent.
      await form.getByLabel("Amount (sUSD)").fill("3");
      await form
        .getByRole("status")
        .filter({ hasText: "Fluxion Local B's inbound limit lets less through right now" })
        .waitFor(slow);
      kept = await send(page, { from: "Fluxion Local A", amount: "3", fee: "ETH" });
      await followedTo(page, kept, "failed");
      const alert = page.getByTestId("cc-retry").getByRole("alert");
      await alert
        .filter({
          hasText:
            /^It arrived on Fluxion Local B, but Fluxion Local B's inbound rate limit for sUSD was reached: only 2\.\d+ sUSD could be credited then\. Retry it once the limit has refilled/,
        })
        .waitFor(slow);
      assert.equal(await alert.getAttribute("data-error-code"), "TokenRateLimitReached");
      await page.getByTestId("cc-status").filter({ hasText: "crediting it failed" }).waitFor();
      assert.equal(
        await b.client.readContract({
          address: ccip.b.gateway.address,
          abi: crossChainGatewayAbi,
          functionName: "isFailed",
          args: [kept],
        }),
        true,
        "kept by the destination gateway",
      );
      assert.equal((await sUSDBalances(me)).b, e18("3"), "only the first was credited");
      // A retry before the limit refilled fails in the same words, and keeps the message.
      await page.getByRole("button", { name: "Retry on Fluxion Local B" }).click();
      await page
        .locator('.tx-status[data-stage="failed"]')
        .filter({ hasText: "The lane's rate limit for sUSD is reached" })
        .waitFor(slow);
    } finally {
      // Governance raises the limit again (the bucket refills at 100 a second).
      await setInboundAsGovernance(inbound);
    }
    await until("31338's bucket to hold 3 sUSD again", async () => {
      const [, now] = await b.client.readContract({
        address: ccip.b.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "rateLimits",
        args: [BigInt(ccip.a.chainSelector), sUSD.b],
      });
      return now.tokens >= e18("3");
    });
    await page.getByRole("button", { name: "Retry on Fluxion Local B" }).click();
    await followedTo(page, kept, "executed");
    assert.equal(wallet.chainId, 31338);
    assert.equal((await sUSDBalances(me)).b, e18("6"));
    const indexed = await until("the indexer's retried message", async () => {
      const m = await indexedMessage(kept);
      return m?.state === "executed" && m;
    });
    assert.equal(indexed.amount, e18("3").toString());
    await context.close();
  });
});
