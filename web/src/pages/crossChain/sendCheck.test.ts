// The transfer form refuses what the chain would (or cannot pay for) before anything is signed, one
// problem at a time, and warns when the destination would keep the transfer for a later retry.
import assert from "node:assert/strict";
import { fluxionDeployments } from "@fluxion/deploy";
import type { Address } from "viem";
import { describe, it } from "vitest";
import type { Bucket } from "./rateLimit.ts";
import { checkSend, type SendContext } from "./sendCheck.ts";

const e18 = 10n ** 18n;
const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const sUSD = fluxionDeployments["31337"].synths.sUSD.address as Address;
const sUSDb = fluxionDeployments["31338"].synths.sUSD.address as Address;
const full: Bucket = {
  tokens: 1_000n * e18,
  lastUpdated: 100,
  isEnabled: true,
  capacity: 1_000n * e18,
  rate: e18,
};
const ctx: SendContext = {
  account: me,
  synth: { address: sUSD, symbol: "sUSD", decimals: 18 },
  destSynth: sUSDb,
  sourceName: "Fluxion Local A",
  destName: "Fluxion Local B",
  synthBalance: 500n * e18,
  fee: 3n * 10n ** 14n,
  feeSymbol: "ETH",
  feeDecimals: 18,
  feeBalance: e18,
  outbound: full,
  inbound: full,
  now: 100,
};

describe("checking a transfer before it is signed", () => {
  it("is ready for a held amount to oneself when the fee can be paid", () => {
    assert.deepEqual(checkSend({ amount: "25", recipient: "" }, ctx), {
      to: me,
      amount: 25n * e18,
      ready: true,
    });
    const other = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    assert.equal(checkSend({ amount: "25", recipient: ` ${other} ` }, ctx).to, other);
  });

  it("asks for an amount that is a number above zero and held", () => {
    const problem = (amount: string) => checkSend({ amount, recipient: "" }, ctx).problem;
    assert.deepEqual(problem(""), { field: "amount", message: "Enter how much sUSD to send." });
    assert.match(problem("abc")?.message ?? "", /at most 18 decimals/);
    assert.equal(problem("0")?.message, "The amount must be more than zero.");
    assert.equal(
      problem("600")?.message,
      "You hold 500 sUSD on Fluxion Local A: send that much or less.",
    );
  });

  it("refuses a recipient that is not an address, or the zero address", () => {
    for (const recipient of ["0x123", "bob", "0x0000000000000000000000000000000000000000"]) {
      const check = checkSend({ amount: "1", recipient }, ctx);
      assert.equal(check.problem?.field, "recipient", recipient);
      assert.equal(check.to, me, "the form's own address stands in meanwhile");
    }
  });

  it("refuses what the lane's outbound limit would, with the contract's words", () => {
    const low = { ...full, tokens: 10n * e18 };
    const check = checkSend({ amount: "25", recipient: "" }, { ...ctx, outbound: low });
    assert.equal(check.ready, false);
    assert.equal(check.problem?.field, "limit");
    assert.equal(check.problem?.code, "TokenRateLimitReached");
    assert.match(check.problem?.message ?? "", /10 sUSD can go through now\. Wait at least 15 s/);
    // Chain time passing refills it.
    assert.equal(
      checkSend({ amount: "25", recipient: "" }, { ...ctx, outbound: low, now: 115 }).ready,
      true,
    );
  });

  it("warns when the destination would keep it, and refuses above its capacity", () => {
    const slow = { ...full, tokens: 5n * e18 };
    const check = checkSend({ amount: "25", recipient: "" }, { ...ctx, inbound: slow });
    assert.equal(check.ready, true);
    assert.match(
      check.warning ?? "",
      /Fluxion Local B's inbound limit lets less through right now/,
    );
    assert.match(check.warning ?? "", /about 20 s/);
    const small = { ...full, capacity: 10n * e18, tokens: 10n * e18 };
    const refused = checkSend({ amount: "25", recipient: "" }, { ...ctx, inbound: small });
    assert.equal(refused.ready, false);
    assert.equal(
      refused.problem?.message,
      "Fluxion Local B accepts at most 10 sUSD in one transfer: send it in smaller parts.",
    );
  });

  it("waits for the fee, and says when the fee cannot be paid", () => {
    const pending = checkSend({ amount: "1", recipient: "" }, { ...ctx, fee: undefined });
    assert.deepEqual(pending.problem, { field: "fee", message: "Getting the fee…" });
    const poor = checkSend(
      { amount: "1", recipient: "" },
      { ...ctx, feeSymbol: "LINK", fee: 6n * 10n ** 16n, feeBalance: 10n ** 16n },
    );
    assert.equal(
      poor.problem?.message,
      "The fee is 0.06 LINK, and you hold 0.01 LINK on Fluxion Local A.",
    );
  });
});
