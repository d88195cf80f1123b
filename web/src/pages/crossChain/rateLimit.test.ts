// Rate limits as the page checks them before sending: the bucket refilled to now, the capacity and the
// wait, in the words the gateway's own TokenMaxCapacityExceeded / TokenRateLimitReached decode to.
import assert from "node:assert/strict";
import { crossChainGatewayAbi, fluxionDeployments } from "@fluxion/deploy";
import { type Address, encodeErrorResult } from "viem";
import { describe, it } from "vitest";
import { decodeRevertData } from "../../tx/decodeError.ts";
import { type Bucket, checkLimit, headroom, refill, waitFor } from "./rateLimit.ts";

const e18 = 10n ** 18n;
const sUSD = fluxionDeployments["31337"].synths.sUSD.address as Address;
const bucket: Bucket = {
  tokens: 100n * e18,
  lastUpdated: 1_000,
  isEnabled: true,
  capacity: 1_000n * e18,
  rate: 10n * e18,
};

describe("rate limits", () => {
  it("refills at its rate up to its capacity, and never before it was last updated", () => {
    assert.equal(refill(bucket, 1_005).tokens, 150n * e18);
    assert.equal(refill(bucket, 1_005).lastUpdated, 1_005);
    assert.equal(refill(bucket, 10_000).tokens, 1_000n * e18);
    assert.equal(refill(bucket, 900).tokens, 100n * e18);
    const off = { ...bucket, isEnabled: false };
    assert.equal(refill(off, 5_000), off);
  });

  it("says how long until an amount fits, rounded up to the second", () => {
    assert.equal(waitFor(bucket, 50n * e18), 0);
    assert.equal(waitFor(bucket, 101n * e18), 1);
    assert.equal(waitFor(bucket, 100n * e18 + 1n), 1);
    assert.equal(waitFor(bucket, 250n * e18), 15);
    assert.equal(waitFor(bucket, 1_001n * e18), undefined, "above capacity: never");
    assert.equal(waitFor({ ...bucket, isEnabled: false }, 10n ** 40n), 0);
  });

  it("refuses above capacity and above what is in the bucket, as the contract would", () => {
    assert.deepEqual(checkLimit(bucket, 100n * e18, sUSD, 1_000), { ok: true });
    assert.deepEqual(checkLimit(undefined, 10n ** 40n, sUSD, 1_000), { ok: true });
    assert.deepEqual(checkLimit({ ...bucket, isEnabled: false }, 10n ** 40n, sUSD, 0), {
      ok: true,
    });

    const tooBig = checkLimit(bucket, 2_000n * e18, sUSD, 1_000);
    assert.equal(tooBig.ok, false);
    if (tooBig.ok) return;
    assert.equal(tooBig.error.code, "TokenMaxCapacityExceeded");
    assert.equal(tooBig.waitSeconds, undefined);
    assert.match(tooBig.error.message, /2,000 sUSD is more than this lane lets through at once/);
    assert.match(tooBig.error.message, /at most 1,000 sUSD/);

    const limited = checkLimit(bucket, 400n * e18, sUSD, 1_010);
    assert.equal(limited.ok, false);
    if (limited.ok) return;
    assert.equal(limited.error.code, "TokenRateLimitReached");
    assert.equal(limited.waitSeconds, 20, "200 can go after 10 s; 200 more at 10 per second");
    assert.match(
      limited.error.message,
      /rate limit for sUSD is reached: 200 sUSD can go through now/,
    );
    assert.match(limited.error.message, /Wait at least 20 s/);
  });

  it("words the check exactly as the contract's revert decodes", () => {
    const limited = checkLimit(bucket, 400n * e18, sUSD, 1_010);
    assert.equal(limited.ok, false);
    if (limited.ok) return;
    const data = encodeErrorResult({
      abi: crossChainGatewayAbi,
      errorName: "TokenRateLimitReached",
      args: [20n, 200n * e18, sUSD],
    });
    assert.deepEqual(decodeRevertData(data)?.message, limited.error.message);
    const capacity = decodeRevertData(
      encodeErrorResult({
        abi: crossChainGatewayAbi,
        errorName: "TokenMaxCapacityExceeded",
        args: [1_000n * e18, 1_500n * e18, sUSD],
      }),
    );
    assert.match(capacity?.message ?? "", /1,500 sUSD is more than this lane lets through/);
    assert.match(
      decodeRevertData(
        encodeErrorResult({
          abi: crossChainGatewayAbi,
          errorName: "TokenRateLimitReached",
          args: [3_725n, 0n, sUSD],
        }),
      )?.message ?? "",
      /0 sUSD can go through now\. Wait at least 1 h 2 min/,
    );
  });

  it("shows the headroom at now, or none when the lane has no limit", () => {
    assert.deepEqual(headroom(bucket, 1_003), {
      available: 130n * e18,
      capacity: 1_000n * e18,
      ratePerSecond: 10n * e18,
    });
    assert.equal(headroom({ ...bucket, isEnabled: false }, 1_003), undefined);
    assert.equal(headroom(undefined, 1_003), undefined);
  });
});
