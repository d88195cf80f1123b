// Failed messages in words (out of gas, a decoded refusal, a rate limit on arrival), the way to retry
// each, and the gas limit a person types for a manual execution.
import assert from "node:assert/strict";
import { crossChainGatewayAbi, fluxionDeployments } from "@fluxion/deploy";
import { type Address, encodeErrorResult } from "viem";
import { describe, it } from "vitest";
import {
  explainDeliveryFailure,
  explainStoredFailure,
  parseGasLimit,
  retryPlan,
  suggestedGasLimit,
} from "./recovery.ts";

const sUSD = fluxionDeployments["31337"].synths.sUSD.address as Address;
const dest = "Fluxion Local B";

describe("recovering a failed message", () => {
  it("says a delivery that used all its gas ran out of gas, and suggests more", () => {
    const failure = explainDeliveryFailure({
      returnData: "0x",
      gasLimit: 30_000n,
      gasUsed: 29_950n,
      dest,
    });
    assert.equal(failure.code, "ccip.out_of_gas");
    assert.equal(
      failure.message,
      "The delivery on Fluxion Local B ran out of gas: the message allowed 30,000 gas. Execute it again with a higher gas limit, such as 200,000.",
    );
    assert.equal(
      explainDeliveryFailure({ returnData: "0x", gasLimit: 300_000n, gasUsed: 1_000n, dest }).code,
      "ccip.delivery_reverted",
    );
  });

  it("decodes a receiver's refusal, and says so when it cannot", () => {
    const data = encodeErrorResult({
      abi: crossChainGatewayAbi,
      errorName: "SenderNotAllowed",
      args: [661990842721087453n, `0x${"00".repeat(12)}${"ab".repeat(20)}`],
    });
    const decoded = explainDeliveryFailure({
      returnData: data,
      gasLimit: 200_000n,
      gasUsed: 20_000n,
      dest,
    });
    assert.equal(decoded.code, "SenderNotAllowed");
    assert.match(decoded.message, /not sent by Fluxion's gateway there/);
    const unknown = explainDeliveryFailure({
      returnData: "0xdeadbeef00",
      gasLimit: 200_000n,
      gasUsed: 20_000n,
      dest,
    });
    assert.equal(unknown.code, "ccip.delivery_reverted");
    assert.match(unknown.message, /0xdeadbeef…/);
  });

  it("explains a stored failure, such as the destination's rate limit, with its wait", () => {
    const reason = encodeErrorResult({
      abi: crossChainGatewayAbi,
      errorName: "TokenRateLimitReached",
      args: [90n, 5n * 10n ** 18n, sUSD],
    });
    const failure = explainStoredFailure(reason, dest);
    assert.equal(failure.code, "TokenRateLimitReached");
    assert.equal(
      failure.message,
      "It arrived on Fluxion Local B, but Fluxion Local B's inbound rate limit for sUSD was reached: only 5 sUSD could be credited then. Retry it once the limit has refilled (at least 1 min 30 s after it arrived); the synths are kept until then.",
    );
    const tooBig = explainStoredFailure(
      encodeErrorResult({
        abi: crossChainGatewayAbi,
        errorName: "TokenMaxCapacityExceeded",
        args: [10n ** 18n, 2n * 10n ** 18n, sUSD],
      }),
      dest,
    );
    assert.match(tooBig.message, /a retry cannot credit it: Fluxion's governance can pay it out/);
    // Any other refusal in its own words; nothing decodable in general ones.
    const unknownSynth = explainStoredFailure(
      encodeErrorResult({
        abi: crossChainGatewayAbi,
        errorName: "UnknownSynth",
        args: ["0x0000000000000000000000000000000000000000", `0x${"73".repeat(32)}`],
      }),
      dest,
    );
    assert.match(unknownSynth.message, /No synth on this chain carries the asset/);
    assert.equal(explainStoredFailure("0x", dest).code, "ccip.processing_failed");
  });

  it("retries a delivery failure by hand and a stored failure on the gateway", () => {
    assert.deepEqual(retryPlan({ state: "failed", failure: "delivery" }), {
      kind: "manual",
      reason: "failed",
    });
    assert.deepEqual(retryPlan({ state: "failed" }), { kind: "manual", reason: "failed" });
    assert.deepEqual(retryPlan({ state: "failed", failure: "stored" }), { kind: "gateway" });
    assert.deepEqual(retryPlan({ state: "executed" }), { kind: "none" });
    assert.deepEqual(retryPlan({ state: "sent" }), { kind: "none" });
    // Committed but left undelivered: anyone may execute it once the router's threshold passed.
    const relay = { committedAt: 1_000n, threshold: 3_600 };
    assert.deepEqual(retryPlan({ state: "committed" }, { ...relay, now: 4_599 }), {
      kind: "none",
    });
    assert.deepEqual(retryPlan({ state: "committed" }, { ...relay, now: 4_600 }), {
      kind: "manual",
      reason: "relay_late",
    });
  });

  it("takes a gas limit at least the message's own, or empty to keep it", () => {
    assert.deepEqual(parseGasLimit("", 30_000n), { ok: true, value: 0n });
    assert.deepEqual(parseGasLimit(" 300,000 ", 30_000n), { ok: true, value: 300_000n });
    assert.deepEqual(parseGasLimit("30000", 30_000n), { ok: true, value: 30_000n });
    const low = parseGasLimit("20000", 30_000n);
    assert.equal(low.ok, false);
    assert.match(low.ok ? "" : low.message, /at least 30,000 \(the message's own gas limit\)/);
    for (const bad of ["1e6", "-5", "12.5", "abc", "0x10"]) {
      assert.equal(parseGasLimit(bad, 0n).ok, false, bad);
    }
    assert.equal(parseGasLimit("30000001", 0n).ok, false);
    assert.equal(suggestedGasLimit(30_000n), 200_000n);
    assert.equal(suggestedGasLimit(150_001n), 310_000n);
    assert.equal(suggestedGasLimit(20_000_000n), 30_000_000n);
  });
});
