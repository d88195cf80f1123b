// The Lightning page in a real browser against the whole dev stack: a mint requested in the UI and paid
// from the user's dev Lightning node (the unmodified `lightning` client), followed live through payment
// held, locked (the secret handed over for the gasless claim) and minted; then a burn back: an invoice
// made on the user's node, pasted, quoted, locked from the wallet, and paid. Each time the chain, the
// API and the indexer are asked what they hold.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fluxionDeployments, syntheticAssetAbi } from "@fluxion/deploy";
import { lndAuthFromFiles } from "@fluxion/lnd-dev/lndConfig";
import {
  type AuthenticatedLnd,
  authenticatedLndGrpc,
  createInvoice,
  getChannelBalance,
  getInvoice,
  payViaPaymentRequest,
} from "lightning";
import type { Browser, Locator, Page } from "playwright-core";
import { type Address, createPublicClient, http } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  accessibilityViolations,
  browserSuite,
  connectAndSignIn,
  launch,
  openApp,
  stack,
} from "./browser.ts";

const [name, skip] = browserSuite("web: Lightning mint and burn");
const sUSD = fluxionDeployments["31337"].synths.sUSD.address as Address;
const slow = { timeout: 90_000 };

type Swap = {
  paymentHash: string;
  direction: string;
  state: string;
  status: string;
  amount: string;
  fee: string;
  sats: string;
};

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A locator's text (textContent: layout-independent). */
async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

async function sessionToken(page: Page, address: string): Promise<string> {
  const token = await page.evaluate(
    (a) => sessionStorage.getItem(`fluxion.session.${a.toLowerCase()}`),
    address,
  );
  assert.ok(token, "the page keeps the session token for the tab");
  return token;
}

async function apiGet<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${stack().apiUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

async function indexedSwap(paymentHash: string) {
  const response = await fetch(`${stack().indexerUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `query ($hash: String!) { lightningSwaps(where: { paymentHash: $hash }) {
        items { direction status account amount fee sats } } }`,
      variables: { hash: `0x${paymentHash}` },
    }),
  });
  const body = (await response.json()) as {
    data?: {
      lightningSwaps: {
        items: {
          direction: string;
          status: string;
          account: string;
          amount: string;
          fee: string;
          sats: string;
        }[];
      };
    };
  };
  return body.data?.lightningSwaps.items[0];
}

/** grpc-js channels keep the process alive: close every service client of an lnd object. */
function closeLnd(lnd: AuthenticatedLnd | undefined): void {
  for (const client of Object.values(lnd ?? {})) (client as { close?: () => void }).close?.();
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  let lnd: AuthenticatedLnd;
  beforeAll(async () => {
    browser = await launch();
    ({ lnd } = authenticatedLndGrpc(lndAuthFromFiles(join(stack().devDir, "lnd", "user"))));
  });
  afterAll(async () => {
    await browser?.close();
    closeLnd(lnd);
  });

  it("a Lightning mint paid from the user's dev node and a burn back", async () => {
    const { rpcUrl } = stack();
    const chain = createPublicClient({
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    const { page, wallet, context } = await openApp(browser, "/lightning");
    const me = wallet.account.address;
    const balance = () =>
      chain.readContract({
        address: sUSD,
        abi: syntheticAssetAbi,
        functionName: "balanceOf",
        args: [me],
      });
    const channel = async () => Number((await getChannelBalance({ lnd })).channel_balance);

    // Signed out, the page says what it needs.
    await page.getByText("Connect a wallet and sign in to use the Lightning bridge.").waitFor();
    await connectAndSignIn(page);
    const token = await sessionToken(page, me);

    // --- Mint: 20,000 sats for sUSD, quoted before anything is sent.
    await page.getByRole("heading", { name: "Mint with Lightning" }).waitFor();
    await page.getByLabel("Amount (sats)").fill("0");
    await page.getByText("The amount must be more than zero.").waitFor();
    await page.getByLabel("Amount (sats)").fill("20000");
    const quote = page.getByTestId("mint-quote");
    await quote.getByText(/≈ [\d.,]+ sUSD/).waitFor();
    assert.match(await text(quote), /\$12\.00/, "20,000 sats at the seeded $60,000 per BTC");
    await page.getByRole("button", { name: "Create invoice" }).click();

    // The invoice, as a QR code with the lightning: URI and as text.
    const invoiceField = page.getByLabel("Lightning invoice", { exact: true });
    await invoiceField.waitFor(slow);
    const invoice = await invoiceField.inputValue();
    assert.match(invoice, /^lnbcrt200u1/);
    await page.getByRole("img", { name: /QR code of the Lightning invoice/ }).waitFor();
    await page.getByRole("button", { name: "Copy invoice" }).waitFor();
    const paymentHash = await page
      .locator("section.ln-progress[data-payment-hash]")
      .getAttribute("data-payment-hash");
    assert.ok(paymentHash && /^[0-9a-f]{64}$/.test(paymentHash));
    // Only the hash left the browser: the secret is kept for the tab, under its hash.
    const preimage = await page.evaluate(
      (h) => sessionStorage.getItem(`fluxion.lightning.preimage.${h}`),
      paymentHash,
    );
    assert.ok(preimage);
    assert.equal(
      createHash("sha256").update(Buffer.from(preimage, "hex")).digest("hex"),
      paymentHash,
    );
    assert.deepEqual(await accessibilityViolations(page), [], "the mint with its invoice");

    // Paid from the user's node: the page follows the stream to minted, handing the secret over.
    const [satsBefore, synthBefore] = [await channel(), await balance()];
    assert.equal(synthBefore, 0n, "a fresh account");
    const paid = payViaPaymentRequest({ lnd, request: invoice });
    const timeline = page.getByTestId("mint-timeline");
    await timeline.locator('[data-status="invoice.accepted"]').waitFor(slow);
    await timeline.locator('[data-status="transaction.locked"]').waitFor(slow);
    await page.getByText(/secret handed over, the keeper claims for you/).waitFor(slow);
    const result = page.getByTestId("mint-result");
    await result.waitFor(slow);
    assert.match(await text(result), /^Minted [\d.,]+ sUSD to your wallet/);
    assert.match(await text(timeline), /held[\s\S]*Locked on chain[\s\S]*Minted/);
    await paid;
    assert.equal(await channel(), satsBefore - 20_000, "the user's node paid 20,000 sats");

    const swap = await until("the mint settled in the API", async () => {
      const s = await apiGet<Swap>(`/v1/lightning/swaps/${paymentHash}`, token);
      return s.state === "settled" && s;
    });
    assert.equal(swap.status, "invoice.settled");
    assert.equal(swap.direction, "mint");
    assert.equal(swap.sats, "20000");
    const minted = BigInt(swap.amount) - BigInt(swap.fee);
    assert.equal(await balance(), minted, "the quoted amount less the fee, on chain");
    const indexed = await until("the mint in the indexer", async () => {
      const row = await indexedSwap(paymentHash);
      return row?.status === "claimed" && row;
    });
    assert.equal(indexed.direction, "mint");
    assert.equal(indexed.account, me.toLowerCase());
    assert.equal(indexed.amount, swap.amount);
    // The history lists it, settled.
    await page
      .locator(`tr[data-payment-hash="${paymentHash}"][data-status="invoice.settled"]`)
      .waitFor(slow);

    // --- Burn back: the user's node asks for 10,000 sats; the page locks sUSD for it.
    const request = await createInvoice({
      lnd,
      tokens: 10_000,
      description: "withdraw",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await page.getByRole("tab", { name: "Burn" }).click();
    const invoiceInput = page.getByLabel("Lightning invoice to pay");
    await invoiceInput.fill("lnbc1garbage");
    await page.getByText(/That invoice is too short/).waitFor();
    await invoiceInput.fill(request.request);
    await page.getByText("An invoice for 10,000 sats.").waitFor();
    await page.getByRole("button", { name: "Get quote" }).click();
    const burnQuote = page.getByTestId("burn-quote");
    await burnQuote.waitFor(slow);
    assert.match(await text(burnQuote), /10,000 sats[\s\S]*sUSD[\s\S]*Refundable if unpaid/);
    const [satsBeforeBurn, synthBeforeBurn] = [await channel(), await balance()];
    const sent = wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;
    await page.getByRole("button", { name: /^Lock [\d.,]+ sUSD and pay$/ }).click();
    const burnResult = page.getByTestId("burn-result");
    await burnResult.waitFor(slow);
    assert.match(await text(burnResult), /^Paid: your invoice for 10,000 sats was paid/);
    // Two wallet transactions: the exact approval, then the lock.
    assert.equal(
      wallet.requests.filter((r) => r.method === "eth_sendTransaction").length,
      sent + 2,
    );
    await page.getByTestId("burn-timeline").locator('[data-status="invoice.paid"]').waitFor();

    const received = await until("the user's invoice settled", async () => {
      const inv = await getInvoice({ lnd, id: request.id });
      return inv.is_confirmed && inv;
    });
    assert.equal(received.received, 10_000);
    assert.equal(await channel(), satsBeforeBurn + 10_000, "the user's node received 10,000 sats");
    const burn = await until("the burn claimed in the API", async () => {
      const s = await apiGet<Swap>(`/v1/lightning/swaps/${request.id}`, token);
      return s.state === "claimed" && s;
    });
    assert.equal(burn.direction, "burn");
    assert.equal(
      await balance(),
      synthBeforeBurn - BigInt(burn.amount),
      "the lock left the wallet",
    );
    const indexedBurn = await until("the burn in the indexer", async () => {
      const row = await indexedSwap(request.id);
      return row?.status === "claimed" && row;
    });
    assert.equal(indexedBurn.amount, burn.amount);
    assert.deepEqual(await accessibilityViolations(page), [], "the paid burn");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await accessibilityViolations(page), [], "on a phone");
    assert.equal(
      await page.evaluate("document.documentElement.scrollWidth"),
      390,
      "nothing wider than the phone",
    );
    await page.getByRole("tab", { name: "Mint" }).click();
    assert.deepEqual(await accessibilityViolations(page), [], "the minted mint, on a phone");
    await context.close();
  });
});
