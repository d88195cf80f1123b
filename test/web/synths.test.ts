// The Synths page in a real browser against the dev stack: deposit WETH and mint sUSD with the preview
// checked before signing, then burn part of it, each time asserting what the chain (positionOf,
// balanceOf) and the indexer (positionValues, positionEvents) hold; and a transaction the page cannot
// refuse beforehand (a price spike that came and went between two breaker checks) failing at
// simulation, shown decoded in plain words with what the user typed kept.
import assert from "node:assert/strict";
import {
  fluxionDeployments,
  mockPriceFeedAbi,
  priceOracleAbi,
  synthVaultAbi,
} from "@fluxion/deploy";
import type { Browser, Page } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  numberToHex,
  parseEther,
  parseUnits,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import { errorMessages } from "../../web/src/tx/errorMessages.ts";
import {
  accessibilityViolations,
  browserSuite,
  connectAndSignIn,
  launch,
  openApp,
  stack,
} from "./browser.ts";

const [name, skip] = browserSuite("web: synths");

const deployment = fluxionDeployments["31337"];
const vault = deployment.contracts.SynthVault.address;
const oracle = deployment.contracts.PriceOracle.address;
const WETH = deployment.collateral.WETH.address;
const sUSD = deployment.synths.sUSD.address;
const e18 = (text: string) => parseUnits(text, 18);

function chainClient() {
  const { rpcUrl } = stack();
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  return { chain, client: createPublicClient({ chain, transport: http(rpcUrl) }) };
}

type IndexedPosition = { collateralAmount: string; debt: string; health: string };
type IndexedEvent = { kind: string; amount: string; debtAfter: string; collateralAfter: string };

async function indexed(owner: Address): Promise<{
  positions: IndexedPosition[];
  events: IndexedEvent[];
}> {
  const response = await fetch(`${stack().indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `query P($owner: String!, $collateral: String!, $synth: String!) {
        positionValues(where: { owner: $owner, collateral: $collateral, synth: $synth }) {
          items { collateralAmount debt health }
        }
        positionEvents(where: { owner: $owner }, orderBy: "blockNumber", orderDirection: "asc", limit: 50) {
          items { kind amount debtAfter collateralAfter }
        }
      }`,
      variables: {
        owner: owner.toLowerCase(),
        collateral: WETH.toLowerCase(),
        synth: sUSD.toLowerCase(),
      },
    }),
  });
  const body = (await response.json()) as {
    data: {
      positionValues: { items: IndexedPosition[] };
      positionEvents: { items: IndexedEvent[] };
    };
  };
  return { positions: body.data.positionValues.items, events: body.data.positionEvents.items };
}

async function positionOf(owner: Address) {
  const { client } = chainClient();
  const [collateral, debt, , , ratio] = await client.readContract({
    address: vault,
    abi: synthVaultAbi,
    functionName: "positionOf",
    args: [owner, WETH, sUSD],
  });
  const balance = await client.readContract({
    address: sUSD,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  });
  return { collateral, debt, ratio, balance };
}

/** The "before → after" of a preview row, as shown. */
async function change(page: Page, testId: string): Promise<{ before?: string; after: string }> {
  const row = page.getByTestId(testId);
  const before = row.locator("[data-part=before]");
  return {
    before: (await before.count()) > 0 ? ((await before.textContent()) ?? "") : undefined,
    after: (await row.locator("[data-part=after]").textContent()) ?? "",
  };
}

/** Waits for the form's transaction status to reach `stage` for the step labelled `label`. */
async function txReaches(page: Page, stage: "indexed" | "failed", label: string) {
  const status = page.locator(`.tx-status[data-stage="${stage}"]`, { hasText: label });
  await status.waitFor({ timeout: 90_000 });
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

  it("mint and burn a synth", async () => {
    const { page, wallet, context } = await openApp(browser, "/synths?synth=sUSD&collateral=WETH");
    const owner = wallet.account.address;

    // Before connecting: prices are shown, the position asks for a wallet.
    await page.getByTestId("price-sUSD").waitFor();
    assert.equal((await page.getByTestId("price-sUSD").textContent())?.trim(), "$1.0000");
    assert.equal((await page.getByTestId("price-WETH").textContent())?.trim(), "$3,000.00");
    await page.getByText(/Connect a wallet \(the button at the top right\)/).waitFor();

    await connectAndSignIn(page);
    await page.getByRole("heading", { name: /Your sUSD position against WETH/ }).waitFor();
    assert.equal(await page.getByLabel("Synth", { exact: true }).inputValue(), "sUSD");
    assert.equal(await page.getByLabel("Collateral", { exact: true }).inputValue(), "WETH");

    // Deposit 2 WETH and mint 1,000 sUSD in one transaction, previewed before signing.
    await page.getByRole("tab", { name: "Deposit & mint" }).click();
    const submit = page.getByRole("button", { name: "Deposit WETH and mint sUSD" });
    assert.equal(await submit.isDisabled(), true, "nothing typed yet");
    await page.getByLabel("Amount to deposit (WETH)").fill("2");
    await page.getByLabel("Amount to mint (sUSD)").fill("1000");
    await page.getByTestId("preview").waitFor();
    // 2 × $3,000 = $6,000 against 1,000 + 0.3% fee = 1,003 sUSD: 598.2%; liquidatable below
    // 1.2 × 1,003 / 2 = $601.80 per WETH.
    assert.deepEqual(await change(page, "preview-ratio"), { before: "no debt", after: "598.2%" });
    assert.deepEqual(await change(page, "preview-liquidation"), {
      before: "none",
      after: "WETH below $601.80",
    });
    assert.equal(await page.getByTestId("preview-fee").textContent(), "3 sUSD (0.3%)");
    assert.deepEqual(await change(page, "preview-debt"), { before: "0 sUSD", after: "1,003 sUSD" });
    assert.deepEqual(await accessibilityViolations(page), [], "the form with its preview");
    assert.equal(await submit.isEnabled(), true);
    await submit.click();
    await txReaches(page, "indexed", "Deposit 2 WETH and mint 1000 sUSD");
    assert.equal(await page.getByLabel("Amount to deposit (WETH)").inputValue(), "", "cleared");
    assert.equal(await page.getByLabel("Amount to mint (sUSD)").inputValue(), "", "cleared");

    // The approval was for exactly the deposit, then the vault call.
    const sent = wallet.requests.filter((r) => r.method === "eth_sendTransaction");
    assert.equal(sent.length, 2, "approve, then depositAndMint");
    const approve = (sent[0]!.params as { to: Address; data: Hex }[])[0]!;
    assert.equal(approve.to.toLowerCase(), WETH.toLowerCase());
    const decoded = decodeFunctionData({ abi: erc20Abi, data: approve.data });
    assert.equal(decoded.functionName, "approve");
    assert.deepEqual(decoded.args, [vault, e18("2")]);

    // The chain and the indexer hold the position.
    const minted = await positionOf(owner);
    assert.equal(minted.collateral, e18("2"));
    assert.equal(minted.debt, e18("1003"));
    assert.equal(minted.ratio, 5_982_053_838_484_546_360n);
    assert.equal(minted.balance, e18("1000"));
    const afterMint = await indexed(owner);
    assert.deepEqual(afterMint.positions, [
      { collateralAmount: e18("2").toString(), debt: e18("1003").toString(), health: "healthy" },
    ]);
    // Both events come from one transaction (one block): compare them as a set.
    assert.deepEqual(afterMint.events.map((e) => `${e.kind} ${e.amount}`).sort(), [
      `deposit ${e18("2")}`,
      `mint ${e18("1000")}`,
    ]);
    await page.getByTestId("position-debt").filter({ hasText: "1,003 sUSD" }).waitFor();
    assert.equal(await page.getByTestId("position-ratio").textContent(), "598.2%");
    const listed = page
      .getByRole("region", { name: "Your positions" })
      .getByRole("row", { name: /sUSD against WETH/ });
    await listed.waitFor();
    assert.match((await listed.textContent()) ?? "", /2 WETH.*1,003 sUSD.*598\.2%.*healthy/);

    // Burn 500 sUSD: 0.5 goes to the treasury, the debt drops by 499.5.
    await page.getByRole("tab", { name: "Burn" }).click();
    await page.getByLabel("Amount to burn (sUSD)").fill("500");
    await page.getByTestId("preview").waitFor();
    assert.equal(await page.getByTestId("preview-fee").textContent(), "0.5 sUSD (0.1%)");
    assert.equal(await page.getByTestId("preview-debt-reduction").textContent(), "499.5 sUSD");
    assert.deepEqual(await change(page, "preview-debt"), {
      before: "1,003 sUSD",
      after: "503.5 sUSD",
    });
    await page.getByRole("button", { name: "Burn sUSD" }).click();
    await txReaches(page, "indexed", "Burn 500 sUSD");
    assert.equal(await page.getByLabel("Amount to burn (sUSD)").inputValue(), "");
    assert.equal(
      wallet.requests.filter((r) => r.method === "eth_sendTransaction").length,
      3,
      "burning needs no approval",
    );

    const burned = await positionOf(owner);
    assert.equal(burned.collateral, e18("2"));
    assert.equal(burned.debt, e18("503.5"));
    assert.equal(burned.balance, e18("500"));
    const afterBurn = await indexed(owner);
    assert.deepEqual(afterBurn.positions, [
      { collateralAmount: e18("2").toString(), debt: e18("503.5").toString(), health: "healthy" },
    ]);
    assert.equal(afterBurn.events.length, 3);
    assert.deepEqual(
      afterBurn.events.find((e) => e.kind === "burn"),
      {
        kind: "burn",
        amount: e18("500").toString(),
        debtAfter: e18("503.5").toString(),
        collateralAfter: e18("2").toString(),
      },
    );
    await page.getByTestId("position-debt").filter({ hasText: "503.5 sUSD" }).waitFor();

    // Readable on a phone: nothing wider than the screen, and still accessible.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("tab", { name: "Repay" }).click();
    await page.getByLabel("Debt to repay (sUSD)").fill("100");
    await page.getByTestId("preview").waitFor();
    const overflow = (await page.evaluate(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )) as number;
    if (overflow > 0) {
      const beyond = (await page.evaluate(`[...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((el) => el.tagName + "." + el.className + " " + (el.textContent || "").slice(0, 40))
        .slice(0, 15)`)) as string[];
      assert.fail(`the page scrolls sideways by ${overflow}px at 390px:\n${beyond.join("\n")}`);
    }
    assert.deepEqual(await accessibilityViolations(page), [], "at 390px");
    await context.close();
  });

  it("a revert shown decoded", async () => {
    const { page, wallet, context } = await openApp(browser, "/synths?synth=sUSD&collateral=WETH");
    const { chain, client } = chainClient();
    // Someone else moves the price feed: any account may answer the dev chain's mock aggregators.
    const operator = privateKeyToAccount(generatePrivateKey());
    await client.request({
      method: "hardhat_setBalance" as never,
      params: [operator.address, numberToHex(parseEther("10"))] as never,
    });
    const operatorWallet = createWalletClient({
      account: operator,
      chain,
      transport: http(stack().rpcUrl),
    });
    const send = async (request: Promise<Hex>) => {
      const receipt = await client.waitForTransactionReceipt({ hash: await request });
      assert.equal(receipt.status, "success");
    };
    const { aggregator } = await client.readContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "feedOf",
      args: [sUSD],
    });
    const [, original] = await client.readContract({
      address: aggregator,
      abi: mockPriceFeedAbi,
      functionName: "latestRoundData",
    });
    const answer = (value: bigint) =>
      send(
        operatorWallet.writeContract({
          address: aggregator,
          abi: mockPriceFeedAbi,
          functionName: "updateAnswer",
          args: [value],
        }),
      );
    const tripped = () =>
      client.readContract({
        address: oracle,
        abi: priceOracleAbi,
        functionName: "isTripped",
        args: [sUSD],
      });

    const sync = () =>
      send(
        operatorWallet.writeContract({
          address: oracle,
          abi: priceOracleAbi,
          functionName: "sync",
          args: [sUSD],
        }),
      );

    await connectAndSignIn(page);
    await page.getByRole("tab", { name: "Deposit", exact: true }).click();
    await page.getByLabel("Amount to deposit (WETH)").fill("1");
    await page.getByRole("button", { name: "Deposit WETH" }).click();
    await txReaches(page, "indexed", "Deposit 1 WETH");

    try {
      // sUSD spikes 50% and comes back before the breaker looks: its latest answer is $1 again and
      // the stored breaker is armed, so nothing the page reads says a mint will fail; but the vault's
      // checked price walks the missed rounds, sees the spike and trips.
      await answer((original * 3n) / 2n);
      await answer(original);
      assert.equal(await tripped(), false, "the stored breaker is still armed");

      await page.getByRole("tab", { name: "Mint", exact: true }).click();
      const input = page.getByLabel("Amount to mint (sUSD)");
      await input.fill("100");
      await page.getByTestId("preview").waitFor();
      const mint = page.getByRole("button", { name: "Mint sUSD" });
      assert.equal(await mint.isEnabled(), true, "the page's own checks pass");
      assert.equal(await page.getByTestId("oracle-refusal").count(), 0);
      const before = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
      await mint.click();

      const failed = await txReaches(page, "failed", "Mint 100 sUSD");
      const expected = errorMessages.CircuitBroken([sUSD]);
      const shown = (await failed.textContent()) ?? "";
      assert.ok(shown.includes(expected), `shows "${expected}", got "${shown}"`);
      assert.equal(
        await failed.locator("[data-error-code]").getAttribute("data-error-code"),
        "CircuitBroken",
      );
      assert.equal(await failed.getAttribute("role"), "alert");
      assert.doesNotMatch(shown, /0x[0-9a-f]{12,}/i, "no raw hex");
      assert.equal(await input.inputValue(), "100", "what the user typed is kept");
      assert.equal(
        wallet.requests.filter((r) => r.method === "eth_sendTransaction").length,
        before,
        "the wallet was never asked to sign the mint",
      );
      const position = await positionOf(wallet.account.address);
      assert.equal(position.debt, 0n);
      assert.equal(position.collateral, e18("1"));

      // Once anyone syncs the oracle the breaker trips for real: the page explains the refusal and
      // disables minting, while depositing (and withdrawing from a position without debt) still work.
      await sync();
      assert.equal(await tripped(), true);
      const banner = page.getByTestId("oracle-refusal");
      await banner.waitFor({ timeout: 30_000 });
      const bannerText = (await banner.textContent()) ?? "";
      assert.match(bannerText, /Minting and withdrawing are paused for sUSD \/ WETH\./);
      assert.match(bannerText, /circuit breaker for sUSD has tripped/);
      assert.match(bannerText, /Depositing collateral and repaying \(burning\) still work/);
      assert.equal(await banner.getAttribute("role"), "alert");
      assert.match(
        (await page.getByTestId("breaker-sUSD").textContent()) ?? "",
        /tripped, re-arming 0\/3/,
      );
      assert.equal(await mint.isDisabled(), true);
      const reason = await mint.getAttribute("aria-describedby");
      assert.match(
        (await page.locator(`[id="${reason}"]`).textContent()) ?? "",
        /^Minting is paused: the circuit breaker for sUSD has tripped/,
      );
      assert.equal(await input.inputValue(), "100", "still kept");
      await page.getByRole("tab", { name: "Withdraw" }).click();
      await page.getByLabel("Amount to withdraw (WETH)").fill("0.5");
      assert.equal(await page.getByRole("button", { name: "Withdraw WETH" }).isEnabled(), true);
      await page.getByRole("tab", { name: "Deposit", exact: true }).click();
      await page.getByLabel("Amount to deposit (WETH)").fill("0.5");
      assert.equal(await page.getByRole("button", { name: "Deposit WETH" }).isEnabled(), true);
    } finally {
      // Leave the feed as found, whatever step failed: rounds at the original answer re-arm a tripped
      // breaker (it needs `rearmRounds` in-bound rounds in a row), and more than MAX_ROUNDS_PER_SYNC
      // (16) of them make a sync judge only the latest, so an unsynced spike never trips it.
      for (let i = 0; i < 17; i++) await answer(original);
      await sync();
      for (let i = 0; i < 10 && (await tripped()); i++) {
        await answer(original);
        await sync();
      }
      assert.equal(await tripped(), false, "the sUSD breaker is armed again");
      const [roundId, latest] = await client.readContract({
        address: aggregator,
        abi: mockPriceFeedAbi,
        functionName: "latestRoundData",
      });
      const breaker = await client.readContract({
        address: oracle,
        abi: priceOracleAbi,
        functionName: "breakerOf",
        args: [sUSD],
      });
      assert.equal(latest, original);
      assert.equal(breaker.lastRoundId, roundId, "every round checked");
      assert.equal(
        breaker.referencePrice,
        original * 10n ** 10n,
        "the reference is the original price",
      );
      await context.close();
    }
  });
});
