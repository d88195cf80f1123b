// The timing rules at their boundaries: a burn's HTLC never outlives its timelock, and a mint's HTLC
// always outlives its timelock, with blocks counted on the side unsafe for the bridge.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { defaultBridgeSettings } from "./settings.ts";
import {
  blockPadding,
  burnMaxTimeoutHeight,
  burnTimelockSeconds,
  fitsCltvLimit,
  incomingBroadcastDelta,
  maxBurnFinalCltv,
  mintLockFits,
} from "./timing.ts";

const t = defaultBridgeSettings;
const slow = t.blockSeconds * t.blockSpread;

describe("burn timing", () => {
  it("the latest HTLC expiry leaves resolution blocks and the claim margin, counted slow", () => {
    const height = 1_000;
    const now = 1_700_000_000n;
    const timelock = now + 86_400n;
    const max = burnMaxTimeoutHeight(t, { height, now, timelock });
    const blocks = max - height + t.htlcResolutionBlocks;
    // Every block until expiry (and the resolution blocks) at the slow rate, plus the claim margin,
    // ends before the timelock; one block more would not.
    assert.ok(blocks * slow + t.burnClaimSafetySeconds <= 86_400);
    assert.ok((blocks + 1) * slow + t.burnClaimSafetySeconds > 86_400);
  });

  it("LND's padding counts against the limit: delta + 3 must stay below it", () => {
    assert.equal(fitsCltvLimit(80, 100, 100 + 80 + blockPadding), false);
    assert.equal(fitsCltvLimit(80, 100, 100 + 80 + blockPadding + 1), true);
  });

  it("a quoted timelock lets a payment started at the last lock moment fit its CLTV limit", () => {
    for (const finalCltv of [18, 40, 80, 144]) {
      for (const invoiceSecondsLeft of [120, 1_800, 3_600, 86_400]) {
        const seconds = burnTimelockSeconds(t, {
          finalCltv,
          invoiceSecondsLeft,
          minimumSeconds: 0,
        });
        const now = 1_700_000_000n;
        const timelock = now + BigInt(seconds);
        // The payment starts at the latest moment the rule allows (lock window or invoice expiry).
        const payAt = now + BigInt(Math.min(invoiceSecondsLeft, t.burnLockWindowSeconds));
        const max = burnMaxTimeoutHeight(t, { height: 500, now: payAt, timelock });
        assert.ok(fitsCltvLimit(finalCltv, 500, max), `cltv ${finalCltv}, ${invoiceSecondsLeft} s`);
        // And a second later than the rule allows, an invoice at the edge may no longer fit: the
        // quote is not over-generous by more than one block's worth.
        const late = burnMaxTimeoutHeight(t, {
          height: 500,
          now: payAt + BigInt(Math.ceil(slow)),
          timelock,
        });
        assert.equal(fitsCltvLimit(finalCltv, 500, late), false);
      }
    }
  });

  it("the minimum timelock wins for short invoices; the largest delta that fits is exact", () => {
    assert.equal(
      burnTimelockSeconds(t, { finalCltv: 18, invoiceSecondsLeft: 600, minimumSeconds: 100_000 }),
      100_000,
    );
    const invoiceSecondsLeft = 3_600;
    const most = maxBurnFinalCltv(t, { timelockSeconds: 86_280, invoiceSecondsLeft });
    assert.ok(
      burnTimelockSeconds(t, { finalCltv: most, invoiceSecondsLeft, minimumSeconds: 0 }) <= 86_280,
    );
    assert.ok(
      burnTimelockSeconds(t, { finalCltv: most + 1, invoiceSecondsLeft, minimumSeconds: 0 }) >
        86_280,
    );
  });
});

describe("mint timing", () => {
  it("locks only while the HTLC, counted fast and less the node's margin, outlives the timelock", () => {
    const now = 1_700_000_000n;
    const timelock = now + BigInt(t.mintTimelockSeconds + 600);
    const fast = t.blockSeconds / t.blockSpread;
    // The fewest blocks to expiry that still fit.
    const needed = Math.ceil((t.mintTimelockSeconds + 600 + t.htlcSafetySeconds) / fast);
    const fits = (blocks: number) =>
      mintLockFits(t, { height: 0, htlcExpiry: blocks + incomingBroadcastDelta, now, timelock });
    assert.equal(fits(needed), true);
    assert.equal(fits(needed - 1), false);
    assert.equal(
      fits(t.cltvDelta),
      true,
      "the default hold invoice delta fits the default timelock",
    );
  });
});
