// The Debug page in a real browser: the dev burner wallet starts empty and "Fund this account" gives
// it ETH and every collateral (checked on chain), then a write (approve) and a read (allowance) through
// the ABI forms; on a core contract, a tuple read and an admin-only write refused in plain words
// before anything reaches the wallet; garbage input stopped beside its field; deep links; axe.
import assert from "node:assert/strict";
import { fluxionDeployments, mockERC20Abi, priceOracleAbi } from "@fluxion/deploy";
import type { Browser } from "playwright-core";
import { createPublicClient, getAddress, http, parseEther, parseUnits } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import { accessibilityViolations, browserSuite, launch, openApp, stack } from "./browser.ts";

const [name, skip] = browserSuite("web: debug contracts and dev faucets");
const deployment = fluxionDeployments["31337"];
const txTimeout = { timeout: 120_000 };

function chainClient() {
  const { rpcUrl } = stack();
  return createPublicClient({
    chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
    transport: http(rpcUrl),
  });
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("funds the dev burner wallet, then approves and reads the allowance through the ABI forms", async () => {
    const { page, context } = await openApp(browser, "/debug", { fund: false });
    const client = chainClient();
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("menuitem", { name: "Dev burner wallet" }).click();

    const faucets = page.getByRole("region", { name: "Dev faucets" });
    const account = getAddress(
      ((await faucets.getByTestId("faucet-account").textContent()) ?? "").trim(),
    );
    assert.equal(await client.getBalance({ address: account }), 0n, "a new burner holds nothing");

    // An empty account is sent to the faucet first.
    await faucets.getByText("This account has no ETH yet").waitFor();
    await faucets.getByRole("button", { name: "Fund this account" }).click();
    await faucets
      .getByTestId("eth-faucet-status")
      .filter({ hasText: /Added 100 ETH/ })
      .waitFor(txTimeout);
    await faucets.locator('.tx-status[data-stage="indexed"]').waitFor(txTimeout);

    // On chain: ETH (less the gas of the three mints) and 1,000 of each collateral.
    const eth = await client.getBalance({ address: account });
    assert.ok(eth > parseEther("99") && eth <= parseEther("100"), `ETH balance ${eth}`);
    for (const token of Object.values(deployment.collateral)) {
      const balance = await client.readContract({
        address: token.address,
        abi: mockERC20Abi,
        functionName: "balanceOf",
        args: [account],
      });
      assert.equal(balance, parseUnits("1000", token.decimals), `${token.symbol} minted`);
      // And the page shows it.
      await faucets
        .getByTestId(`balance-${token.symbol}`)
        .filter({ hasText: /^1,000$/ })
        .waitFor();
    }
    await faucets
      .getByTestId("balance-ETH")
      .filter({ hasText: /^99\.9/ })
      .waitFor();
    assert.equal(await faucets.getByText("This account has no ETH yet").count(), 0);

    // Pick the WETH token; its argument-free reads load by themselves.
    await page.getByLabel("Contract", { exact: true }).selectOption("WETH");
    await page.waitForURL(/\/debug\/WETH$/);
    await page.getByRole("heading", { level: 2, name: "WETH" }).waitFor();
    await page.getByTestId("value-symbol").getByText("WETH").waitFor();

    // A write: approve the vault for 1.5 WETH, typed as 1.5 and scaled with ×1e18.
    const spender = deployment.contracts.SynthVault.address;
    const approve = page.getByRole("region", { name: "approve (write)" });
    await approve.getByRole("button", { name: /^approve\(/ }).click();
    await approve.getByLabel("spender (address)").fill(spender);
    const amount = approve.getByLabel("value (uint256)");
    await amount.fill("1.5");
    await approve.getByRole("button", { name: /×1e18/ }).click();
    assert.equal(await amount.inputValue(), "1500000000000000000");
    await approve.getByRole("button", { name: "Send" }).click();
    await approve.locator('.tx-status[data-stage="indexed"]').waitFor(txTimeout);
    const allowance = await client.readContract({
      address: deployment.collateral.WETH.address,
      abi: mockERC20Abi,
      functionName: "allowance",
      args: [account, spender],
    });
    assert.equal(allowance, parseUnits("1.5", 18));
    // The form keeps what was typed.
    assert.equal(await approve.getByLabel("spender (address)").inputValue(), spender);

    // A read showing the new value, with its amount hint.
    const read = page.getByRole("region", { name: "allowance (read)" });
    await read.getByRole("button", { name: /^allowance\(/ }).click();
    await read.getByLabel("owner (address)").fill(account);
    await read.getByLabel("spender (address)").fill(spender.toLowerCase());
    await read.getByRole("button", { name: "Read" }).click();
    const result = read.getByRole("status");
    await result.getByText("1500000000000000000").waitFor();
    await result.getByText("≈ 1.5 at 18 decimals").waitFor();
    await context.close();
  });

  it("reads a core contract and explains an admin-only write's refusal before the wallet is asked", async () => {
    const oracle = deployment.contracts.PriceOracle.address;
    const weth = deployment.collateral.WETH.address;
    const { page, wallet, context } = await openApp(browser, `/debug/${oracle.toLowerCase()}`);
    const client = chainClient();
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("menuitem", { name: "Test Wallet" }).click();
    await page.getByTestId("faucet-account").filter({ hasText: wallet.account.address }).waitFor();

    // The deep link by address opened the oracle.
    await page.getByRole("heading", { level: 2, name: "PriceOracle" }).waitFor();
    assert.equal(await page.getByTestId("contract-address").textContent(), oracle);
    assert.equal(await page.getByLabel("Contract", { exact: true }).inputValue(), "PriceOracle");

    // The search box narrows the functions by name.
    await page.getByLabel("Search functions").fill("feed");
    await page.getByRole("region", { name: "feedOf (read)" }).waitFor();
    assert.equal(await page.getByRole("region", { name: "grantRole (write)" }).isVisible(), false);
    await page.getByLabel("Search functions").fill("");

    // A read returning a tuple: labelled fields, the aggregator named as the deployed feed it is.
    const feed = await client.readContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "feedOf",
      args: [weth],
    });
    const feedName = Object.entries(deployment.feeds).find(
      ([, f]) => f.address.toLowerCase() === feed.aggregator.toLowerCase(),
    )?.[0];
    assert.ok(feedName, "WETH's aggregator is one of the deployed feeds");
    const feedOf = page.getByRole("region", { name: "feedOf (read)" });
    await feedOf.getByRole("button", { name: /^feedOf\(/ }).click();
    // Garbage first: stopped beside the field, nothing read.
    await feedOf.getByLabel("asset (address)").fill("0x1234");
    await feedOf.getByRole("button", { name: "Read" }).click();
    await feedOf.getByText(/Not an address: expected 0x followed by 40 hex digits/).waitFor();
    assert.equal(await feedOf.getByLabel("asset (address)").getAttribute("aria-invalid"), "true");
    await feedOf.getByLabel("asset (address)").fill(weth);
    await feedOf.getByRole("button", { name: "Read" }).click();
    const feedResult = feedOf.getByRole("status");
    await feedResult.getByText("aggregator", { exact: true }).waitFor();
    await feedResult.getByText("heartbeat", { exact: true }).waitFor();
    await feedResult.getByText(`${feedName} feed`).waitFor();
    await feedResult.getByText(String(feed.heartbeat), { exact: true }).waitFor();
    assert.equal(
      await feedResult.locator("abbr").first().getAttribute("title"),
      feed.aggregator,
      "the full address on hover",
    );

    // hasRole(FEED_MANAGER_ROLE, me): the role id from the auto-loaded value, the answer false.
    const role = await client.readContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "FEED_MANAGER_ROLE",
    });
    await page.getByTestId("value-FEED_MANAGER_ROLE").getByText(role).waitFor();
    const hasRole = page.getByRole("region", { name: "hasRole (read)" });
    await hasRole.getByRole("button", { name: /^hasRole\(/ }).click();
    await hasRole.getByLabel("role (bytes32)").fill("FEED_MANAGER_ROLE");
    await hasRole.getByRole("button", { name: /keccak256/ }).click();
    assert.equal(await hasRole.getByLabel("role (bytes32)").inputValue(), role);
    await hasRole.getByLabel("account (address)").fill(wallet.account.address);
    await hasRole.getByRole("button", { name: "Read" }).click();
    await hasRole.getByRole("status").getByText("false", { exact: true }).waitFor();

    // An admin-only write: refused in the simulation, in plain words, and never sent.
    const removeFeed = page.getByRole("region", { name: "removeFeed (write)" });
    await removeFeed.getByRole("button", { name: /^removeFeed\(/ }).click();
    await removeFeed.getByLabel("asset (address)").fill(weth);
    await removeFeed.getByRole("button", { name: "Send" }).click();
    const failure = removeFeed.getByRole("alert");
    await failure.getByText(/lacks the role this action needs/).waitFor(txTimeout);
    assert.equal(
      await removeFeed.locator('[data-error-code="AccessControlUnauthorizedAccount"]').count(),
      1,
    );
    assert.equal(
      wallet.requests.filter((r) => r.method === "eth_sendTransaction").length,
      0,
      "a call that would revert never reaches the wallet",
    );
    assert.equal(await removeFeed.getByLabel("asset (address)").inputValue(), weth, "input kept");
    const stillSet = await client.readContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "hasFeed",
      args: [weth],
    });
    assert.equal(stillSet, true);

    // Accessible with panels open, wide and on a phone.
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      assert.deepEqual(await accessibilityViolations(page), [], `/debug at ${viewport.width}px`);
    }
    await context.close();
  });

  it("says a contract name that is not deployed is unknown, and links back", async () => {
    const { page, context } = await openApp(browser, "/debug/NoSuchContract", { fund: false });
    await page
      .getByRole("alert")
      .getByText(/No contract called “NoSuchContract”/)
      .waitFor();
    await page.getByRole("link", { name: "Back to the first contract" }).click();
    await page.getByTestId("contract-address").waitFor();
    await context.close();
  });
});
