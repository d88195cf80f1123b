// The review desk in a real browser: a mint that compliance holds for a reviewer (the risk model scores
// the payment in the review band), the user told it waits for a reviewer, an admin (the dev API's admin,
// Hardhat account #0) claiming and approving it in a second browser context, with the reason required,
// and the mint then going on: the invoice appears for the user, is paid from the user's dev Lightning
// node, and the synths are minted. A signed-in user without the role sees "reviewers only".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fluxionDeployments, syntheticAssetAbi } from "@fluxion/deploy";
import { lndAuthFromFiles } from "@fluxion/lnd-dev/lndConfig";
import { authenticatedLndGrpc, payViaPaymentRequest } from "lightning";
import type { Browser, Locator, Page } from "playwright-core";
import { type Address, createPublicClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
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

const [name, skip] = browserSuite("web: the review desk");
const root = fileURLToPath(new URL("../..", import.meta.url));
// The dev API's admin (API_ADMINS defaults to Hardhat's account #0); admins may review.
const adminKey: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const sUSD = fluxionDeployments["31337"].synths.sUSD.address as Address;
const slow = { timeout: 90_000 };

/**
 * A real feature row from the risk model's reference outputs (ml/model/probe.json) scoring in the
 * review band [0.6, 0.92): what a risky-looking payment looks like to compliance.
 */
function reviewBandFeatures(): Record<string, number> {
  const probe = JSON.parse(readFileSync(join(root, "ml/model/probe.json"), "utf8")) as {
    inputs: number[][];
    score: number[];
  };
  const names = (
    JSON.parse(readFileSync(join(root, "ml/features.json"), "utf8")) as {
      features: { name: string }[];
    }
  ).features.map((f) => f.name);
  const row = probe.inputs[probe.score.findIndex((s) => s >= 0.61 && s < 0.91)];
  assert.ok(row, "probe.json has a row in the review band");
  return Object.fromEntries(names.map((n, i) => [n, row[i]!]));
}

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

async function sessionToken(page: Page, address: string): Promise<string> {
  const token = await page.evaluate(
    (a) => sessionStorage.getItem(`fluxion.session.${a.toLowerCase()}`),
    address,
  );
  assert.ok(token);
  return token;
}

async function api<T>(method: "GET" | "POST", path: string, token: string, body?: unknown) {
  const response = await fetch(`${stack().apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(skip)(name, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a reviewer approving a held mint", async () => {
    const { rpcUrl, devDir } = stack();
    const user = await openApp(browser, "/lightning");
    const me = user.wallet.account.address;
    await connectAndSignIn(user.page);
    const token = await sessionToken(user.page, me);

    // A signed-in user without the role: a clear state, not an error.
    await user.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Review" })
      .click();
    const denied = user.page.getByTestId("reviewers-only");
    await denied.waitFor(slow);
    assert.match(await text(denied), /Reviewers only/);
    assert.equal(await user.page.getByRole("alert").count(), 0, "no error blob");
    await user.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Lightning" })
      .click();

    // Compliance's risk model flags this payment: the check for its hash lands in the review band
    // before the mint request reaches the API (which then holds the mint for a reviewer).
    let checked: { decision?: string; reviewId?: string } = {};
    await user.page.route("**/api/v1/lightning/mints", async (route) => {
      const request = route.request();
      if (request.method() === "POST") {
        const { paymentHash } = request.postDataJSON() as { paymentHash: string };
        const check = await api<{ decision: string; reviewId?: string }>(
          "POST",
          "/v1/compliance/check",
          token,
          {
            action: "lightning_in",
            amountUsd: "100.00",
            reference: `lightning:${paymentHash.toLowerCase().replace(/^0x/, "")}`,
            features: reviewBandFeatures(),
          },
        );
        checked = check.body;
      }
      await route.continue();
    });
    await user.page.getByLabel("Amount (sats)").fill("20000");
    await user.page.getByRole("button", { name: "Create invoice" }).click();
    const waiting = user.page
      .getByRole("tabpanel", { name: "Mint" })
      .getByRole("status")
      .filter({ hasText: "Held for compliance review: waiting for a reviewer" });
    await waiting.waitFor(slow);
    assert.equal(checked.decision, "review", JSON.stringify(checked));
    assert.equal(await user.page.getByLabel("Lightning invoice", { exact: true }).count(), 0);
    const paymentHash = await user.page
      .locator("section.ln-progress[data-payment-hash]")
      .getAttribute("data-payment-hash");
    assert.ok(paymentHash);
    const held = await api<{ state: string; status: string; invoice: string | null }>(
      "GET",
      `/v1/lightning/swaps/${paymentHash}`,
      token,
    );
    assert.equal(held.body.state, "review");
    assert.equal(held.body.invoice, null);

    // The admin, in a browser of their own, finds the item, claims it and approves it with a reason.
    const admin = await openApp(browser, "/review", { key: adminKey });
    await connectAndSignIn(admin.page);
    const card = admin.page.locator(`article[data-reference="lightning:${paymentHash}"]`);
    await card.waitFor(slow);
    assert.match(await text(card), /Lightning mint of \$[\d,.]+ by/);
    assert.match(await text(card), /risk\.high/);
    await card.getByRole("button", { name: "Claim" }).click();
    const reason = card.getByLabel("Reason for your decision");
    await reason.waitFor(slow);
    assert.deepEqual(await accessibilityViolations(admin.page), [], "the review desk");
    // No reason, no decision: the form says so and sends nothing.
    await card.getByRole("button", { name: "Approve" }).click();
    await card.getByText("Give a reason for your decision.").waitFor();
    assert.equal(await reason.getAttribute("aria-invalid"), "true");
    await reason.fill("Known customer, verified by phone");
    await card.getByRole("button", { name: "Approve" }).click();
    await card.waitFor({ state: "detached", ...slow });

    // Resolved, by the admin, with the reason, and in the audit log.
    const adminToken = await sessionToken(admin.page, privateKeyToAccount(adminKey).address);
    const review = await api<{ status: string; reason: string; resolvedBy: string }>(
      "GET",
      `/v1/reviews/${checked.reviewId}`,
      adminToken,
    );
    assert.equal(review.status, 200);
    assert.equal(review.body.status, "approved");
    assert.equal(review.body.reason, "Known customer, verified by phone");
    assert.equal(review.body.resolvedBy, privateKeyToAccount(adminKey).address);
    // Records and reports page through the API's filings; a bad account filter is refused in place.
    await admin.page.getByRole("tab", { name: "Records" }).click();
    await admin.page.getByRole("heading", { name: "Compliance records" }).waitFor();
    await admin.page.getByLabel("Account (optional)").fill("0x123");
    await admin.page.getByRole("button", { name: "Filter" }).click();
    await admin.page.getByText("Enter a 0x address of 40 hex digits, or leave it empty.").waitFor();
    await admin.page.getByLabel("Account (optional)").fill(me);
    await admin.page.getByRole("button", { name: "Filter" }).click();
    await admin.page.getByText("No records yet.").waitFor(slow);
    await admin.page.getByRole("tab", { name: "Reports" }).click();
    await admin.page.getByRole("heading", { name: "Daily reports" }).waitFor();
    await admin.page.getByRole("tab", { name: "Audit log" }).click();
    await admin.page.getByTestId("audit-verdict").getByText("Chain verified").waitFor(slow);
    await admin.page.getByRole("cell", { name: "review.approved" }).first().waitFor(slow);
    await admin.page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await accessibilityViolations(admin.page), [], "the audit log on a phone");

    // The mint proceeds: the invoice appears for the user, who pays it, and the synths arrive.
    const invoiceField = user.page.getByLabel("Lightning invoice", { exact: true });
    await invoiceField.waitFor(slow);
    const invoice = await invoiceField.inputValue();
    assert.match(invoice, /^lnbcrt200u1/);
    const timeline = user.page.getByTestId("mint-timeline");
    await timeline.locator('[data-status="swap.review"]').waitFor();
    await timeline.locator('[data-status="invoice.set"]').waitFor();
    const { lnd } = authenticatedLndGrpc(lndAuthFromFiles(join(devDir, "lnd", "user")));
    const paid = payViaPaymentRequest({ lnd, request: invoice });
    await user.page.getByTestId("mint-result").waitFor(slow);
    await paid;
    // grpc-js channels keep the process alive: close every service client.
    for (const client of Object.values(lnd)) (client as { close?: () => void }).close?.();
    const swap = await until("the approved mint settled", async () => {
      const read = await api<{ state: string; status: string; amount: string; fee: string }>(
        "GET",
        `/v1/lightning/swaps/${paymentHash}`,
        token,
      );
      return read.body.state === "settled" && read.body;
    });
    assert.equal(swap.status, "invoice.settled");
    const chain = createPublicClient({
      chain: { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } },
      transport: http(rpcUrl),
    });
    const balance = await chain.readContract({
      address: sUSD,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [me],
    });
    assert.equal(balance, BigInt(swap.amount) - BigInt(swap.fee));
    await admin.context.close();
    await user.context.close();
  });
});
