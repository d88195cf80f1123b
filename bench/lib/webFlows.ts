// The timed flows of `npm run bench:web`, each driven through the production bundle in Chromium with the
// browser tests' wallet (a funded fresh account answering in Node), and each with its floor.

import { join } from "node:path";
import { fluxionDeployments, liquidityPoolManagerAbi, mockERC20Abi } from "@fluxion/deploy";
import { lndAuthFromFiles } from "@fluxion/lnd-dev/lndConfig";
import { authenticatedLndGrpc, payViaPaymentRequest } from "lightning";
import type { Browser, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  numberToHex,
  parseEther,
  parseUnits,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { WebStack } from "../../test/web/stack.ts";
import { answer, createTestWallet, injectedProviderSource } from "../../test/web/wallet.ts";

const deployment = fluxionDeployments["31337"];
const weth = deployment.collateral.WETH.address;
const pool = deployment.pools["WETH/sUSD 80/20"];

async function fund(stack: WebStack, address: Address) {
  const chain = { ...hardhat, rpcUrls: { default: { http: [stack.rpcUrl] } } };
  const client = createPublicClient({ chain, transport: http(stack.rpcUrl) });
  await client.request({
    method: "hardhat_setBalance" as never,
    params: [address, numberToHex(parseEther("100"))] as never,
  });
  const faucet = createWalletClient({
    account: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
    chain,
    transport: http(stack.rpcUrl),
  });
  const hash = await faucet.writeContract({
    address: weth,
    abi: mockERC20Abi,
    functionName: "mint",
    args: [address, parseUnits("1000", 18)],
  });
  await client.waitForTransactionReceipt({ hash });
  return client;
}

/** A page with the test wallet for a fresh funded account, connected on `path`. */
async function connectedPage(browser: Browser, stack: WebStack, path: string) {
  const wallet = createTestWallet();
  await fund(stack, wallet.account.address);
  const context = await browser.newContext({ baseURL: stack.webUrl });
  const page = await context.newPage();
  await page.exposeFunction("__fluxionWallet", async (json: string) => {
    const { method, params } = JSON.parse(json) as { method: string; params: unknown[] };
    return JSON.stringify(await answer(wallet, stack.rpcUrl, method, params, async () => {}));
  });
  await context.addInitScript(injectedProviderSource());
  // Stage changes of every transaction status, timestamped in the page as they render.
  await context.addInitScript(`(() => {
    window.__stages = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target;
        if (el instanceof Element && el.classList.contains("tx-status")) {
          window.__stages.push({ stage: el.getAttribute("data-stage"), at: performance.now() });
        }
        for (const node of r.addedNodes) {
          if (node instanceof Element) {
            for (const s of [node, ...node.querySelectorAll(".tx-status")]) {
              if (s.classList.contains("tx-status")) {
                window.__stages.push({ stage: s.getAttribute("data-stage"), at: performance.now() });
              }
            }
          }
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-stage"] });
  })();`);
  await page.goto(path);
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("menuitem", { name: "Test Wallet" }).click();
  await page
    .getByText(`${wallet.account.address.slice(0, 6)}…`)
    .first()
    .waitFor();
  return { page, context, wallet };
}

type Stage = { stage: string; at: number };

async function stagesSince(page: Page, from: number): Promise<Stage[]> {
  return ((await page.evaluate("window.__stages")) as Stage[]).slice(from);
}

/**
 * `n` swaps of 0.01 WETH → sUSD in the Pools page: for each, the time from its "confirmed" stage (the
 * receipt) to "indexed" as rendered. The floor: the same swaps sent by viem, receipt → the indexer's
 * /status at the block, polled every 5 ms.
 */
export async function measureTxToIndexed(browser: Browser, stack: WebStack, n: number) {
  const { page, context } = await connectedPage(browser, stack, "/pools");
  await page.getByRole("link", { name: "WETH/sUSD 80/20" }).first().click();
  const swap = page.getByRole("region", { name: "Swap", exact: true });
  const uiMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = (await stagesSince(page, 0)).length;
    await swap.getByLabel("Amount to sell").fill("0.01");
    const button = swap.getByRole("button", { name: "Swap", exact: true });
    await button.waitFor();
    await page.waitForFunction(
      `[...document.querySelectorAll("button")].some((b) => b.textContent.trim() === "Swap" && !b.disabled)`,
      undefined,
      { timeout: 30_000 },
    );
    await button.click();
    await swap.locator('.tx-status[data-stage="indexed"]').waitFor({ timeout: 60_000 });
    const stages = await stagesSince(page, from);
    const confirmed = stages.find((s) => s.stage === "confirmed");
    const indexed = stages.find((s) => s.stage === "indexed");
    if (confirmed && indexed) uiMs.push(indexed.at - confirmed.at);
    const dismiss = swap.getByRole("button", { name: "Dismiss" });
    if (await dismiss.isVisible()) await dismiss.click();
  }
  await context.close();

  // The floor: the indexer's own lag for the same kind of transaction.
  const key = generatePrivateKey();
  const account = privateKeyToAccount(key);
  const client = await fund(stack, account.address);
  const chain = { ...hardhat, rpcUrls: { default: { http: [stack.rpcUrl] } } };
  const wallet = createWalletClient({ account, chain, transport: http(stack.rpcUrl) });
  const manager = deployment.contracts.LiquidityPoolManager.address;
  await client.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: weth,
      abi: erc20Abi,
      functionName: "approve",
      args: [manager, maxUint256],
    }),
  });
  const sUsd = deployment.synths.sUSD.address;
  const floorMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const block = await client.getBlock();
    const hash = await wallet.writeContract({
      address: manager,
      abi: liquidityPoolManagerAbi,
      functionName: "swapExactIn",
      args: [
        pool.poolId as Hex,
        weth,
        sUsd,
        parseUnits("0.01", 18),
        0n,
        account.address,
        block.timestamp + 600n,
      ],
    } as never);
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    const at = performance.now();
    for (;;) {
      const status = (await (await fetch(`${stack.indexerUrl}/status`)).json()) as Record<
        string,
        { block?: { number: number } }
      >;
      if (BigInt(status.chain31337?.block?.number ?? 0) >= receipt.blockNumber) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    floorMs.push(performance.now() - at);
  }
  return { uiMs, floorMs };
}

/**
 * A stream event (`lightning.swap` invoice.accepted) arriving at the page's WebSocket → the mint's
 * timeline rendering it, over `runs` mints of 1,000 sats paid from the user's dev Lightning node.
 */
export async function measureStreamToRender(browser: Browser, stack: WebStack, runs = 10) {
  const { page, context } = await connectedPage(browser, stack, "/lightning");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  // Every stream frame's arrival and every timeline entry's appearance, timestamped in the page
  // (installed before the app's code runs: the stream opened at sign-in is reopened by a reload).
  await context.addInitScript(`(() => {
    window.__accepted = [];
    window.__rendered = [];
    const Native = WebSocket;
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('[data-testid="mint-timeline"] li[data-status="invoice.accepted"]')) {
        if (!li.__seen) { li.__seen = true; window.__rendered.push(performance.now()); }
      }
    }).observe(document, { subtree: true, childList: true });
    const proto = Native.prototype;
    const add = proto.addEventListener;
    const seen = new WeakSet();
    const hook = (ws) => {
      if (seen.has(ws)) return;
      seen.add(ws);
      add.call(ws, "message", (m) => {
        if (String(m.data).includes('"invoice.accepted"')) window.__accepted.push(performance.now());
      });
    };
    const onmessage = Object.getOwnPropertyDescriptor(proto, "onmessage");
    Object.defineProperty(proto, "onmessage", {
      set(fn) { hook(this); onmessage.set.call(this, fn); },
      get() { return onmessage.get.call(this); },
    });
  })()`);
  await page.reload();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  const { lnd } = authenticatedLndGrpc(lndAuthFromFiles(join(stack.devDir, "lnd", "user")));
  const ms: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.getByLabel("Amount (sats)").fill("1000");
    await page.getByRole("button", { name: "Create invoice" }).click();
    const field = page.getByLabel("Lightning invoice", { exact: true });
    await field.waitFor({ timeout: 60_000 });
    const invoice = await field.inputValue();
    await payViaPaymentRequest({ lnd, request: invoice });
    await page.getByTestId("mint-result").waitFor({ timeout: 60_000 });
    const [accepted, rendered] = (await page.evaluate(
      "[window.__accepted, window.__rendered]",
    )) as [number[], number[]];
    const a = accepted[accepted.length - 1];
    const r = rendered[rendered.length - 1];
    if (a !== undefined && r !== undefined && r >= a) ms.push(r - a);
    await page
      .getByRole("button", { name: /new mint/i })
      .first()
      .click();
  }
  await context.close();
  return { ms };
}
