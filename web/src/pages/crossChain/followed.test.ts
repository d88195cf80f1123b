import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { loadFollowed, parseRef, saveFollowed } from "./followed.ts";

const ref = {
  messageId: `0x${"ab".repeat(32)}` as const,
  sourceChainId: 31337,
  destChainId: 31338,
};

describe("the followed message", () => {
  it("is kept per account for the tab, and forgotten on request", () => {
    sessionStorage.clear();
    saveFollowed(sessionStorage, "0xAbC", ref);
    assert.deepEqual(loadFollowed(sessionStorage, "0xabc"), ref);
    assert.equal(loadFollowed(sessionStorage, "0xdef"), undefined);
    saveFollowed(sessionStorage, "0xabc", undefined);
    assert.equal(loadFollowed(sessionStorage, "0xabc"), undefined);
  });

  it("drops whatever is stored that is not a message reference", () => {
    sessionStorage.setItem("fluxion.ccip.followed.0xabc", "{not json");
    assert.equal(loadFollowed(sessionStorage, "0xabc"), undefined);
    for (const bad of [
      null,
      "x",
      { ...ref, messageId: "0x12" },
      { ...ref, sourceChainId: "31337" },
      { ...ref, destChainId: 1.5 },
    ]) {
      assert.equal(parseRef(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseRef({ ...ref, extra: 1 }), ref);
  });
});
