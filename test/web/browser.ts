// Chromium for the browser tests: Debian's build (CHROMIUM_PATH, default /usr/bin/chromium) driven by
// playwright-core, one browser per test file and a fresh context per test, the test wallet injected,
// a screenshot of the page kept outside the repository when a test fails (WEB_TEST_ARTIFACTS, default
// <tmp>/fluxion-web-artifacts), and axe's accessibility checks.
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { fluxionDeployments, mockERC20Abi } from "@fluxion/deploy";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  numberToHex,
  parseEther,
  parseUnits,
} from "viem";
import { hardhat } from "viem/chains";
import { inject, onTestFailed } from "vitest";
import type { WebStack } from "./stack.ts";
import { answer, createTestWallet, injectedProviderSource, type TestWallet } from "./wallet.ts";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(chromiumPath);
export const artifactsDir =
  process.env.WEB_TEST_ARTIFACTS ?? join(tmpdir(), "fluxion-web-artifacts");

/** Under CI=true a missing Chromium fails the suite; elsewhere it is skipped, saying why. */
export function browserSuite(name: string): [string, boolean] {
  if (chromiumAvailable) return [name, false];
  if (process.env.CI === "true") {
    throw new Error(
      `CI=true: the browser tests need Chromium at ${chromiumPath} (apt-get install chromium)`,
    );
  }
  return [`${name} (skipped: no Chromium at ${chromiumPath}; set CHROMIUM_PATH)`, true];
}

export function stack(): WebStack {
  return inject("webStack");
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export type AppPage = { page: Page; context: BrowserContext; wallet: TestWallet };

/**
 * A fresh context with the test wallet injected (a new funded account unless `key` is given),
 * opened at `path`. A failing test leaves a full-page screenshot in artifactsDir.
 */
export async function openApp(
  browser: Browser,
  path = "/",
  options: {
    key?: Hex;
    chainId?: number;
    fund?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<AppPage> {
  const { webUrl, rpcUrl, rpcUrl2 } = stack();
  const wallet = createTestWallet({ key: options.key, chainId: options.chainId });
  if (options.fund !== false) await fund(wallet.account.address);
  const context = await browser.newContext({
    baseURL: webUrl,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.exposeFunction("__fluxionWallet", async (json: string) => {
    const { method, params } = JSON.parse(json) as { method: string; params: unknown[] };
    const nodes: Record<number, string> = rpcUrl2
      ? { 31337: rpcUrl, 31338: rpcUrl2 }
      : { 31337: rpcUrl };
    const reply = await answer(wallet, nodes, method, params, async (chainId) => {
      await page.evaluate((id) => {
        (
          globalThis as unknown as { __fluxionWalletEmit: (e: string, v: unknown) => void }
        ).__fluxionWalletEmit("chainChanged", `0x${id.toString(16)}`);
      }, chainId);
    });
    return JSON.stringify(reply, (_, v) => (typeof v === "bigint" ? numberToHex(v) : v));
  });
  await context.addInitScript(injectedProviderSource());
  onTestFailed(async ({ task }) => {
    mkdirSync(artifactsDir, { recursive: true });
    const file = join(artifactsDir, `${task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 100)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failed test: ${file}`);
  });
  await page.goto(path);
  return { page, context, wallet };
}

/** ETH for gas and faucet collateral (WETH, WBTC, USDC) for `address` on the dev chain. */
export async function fund(address: Hex): Promise<void> {
  const { rpcUrl } = stack();
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createPublicClient({ chain, transport: http(rpcUrl) });
  await client.request({
    method: "hardhat_setBalance" as never,
    params: [address, numberToHex(parseEther("100"))] as never,
  });
  // Hardhat's account #9 is unlocked on the node and used by nothing else: it calls the faucets.
  const faucetCaller = createWalletClient({
    account: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
    chain,
    transport: http(rpcUrl),
  });
  const collateral = fluxionDeployments["31337"].collateral;
  for (const token of Object.values(collateral)) {
    const hash = await faucetCaller.writeContract({
      address: token.address,
      abi: mockERC20Abi,
      functionName: "mint",
      args: [address, parseUnits("1000", token.decimals)],
    });
    await client.waitForTransactionReceipt({ hash });
  }
}

/** axe on the current page: serious and critical violations only, as readable lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
}

/** Connects the test wallet and signs in, as a person would (menu, wallet, Sign in). */
export async function connectAndSignIn(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("menuitem", { name: "Test Wallet" }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}
