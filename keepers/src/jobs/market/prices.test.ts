import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { KeeperError } from "../../errors.ts";
import { nextPrice, readSeries } from "./prices.ts";

/** A deterministic stream of uniform numbers in (0, 1). */
function seeded(seed: number) {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return x / 2147483647;
  };
}

describe("the dev market's walk", () => {
  it("never steps further than the cap, whatever the draw", () => {
    const random = seeded(42);
    let price = 3000;
    for (let i = 0; i < 10_000; i++) {
      const next = nextPrice(price, 3000, { volatility: 0.02, maxStep: 0.03 }, random);
      assert.ok(Math.abs(Math.log(next / price)) <= 0.03 + 1e-12);
      price = next;
    }
  });

  it("is pulled back towards its anchor", () => {
    const random = seeded(7);
    let price = 6000;
    for (let i = 0; i < 2_000; i++)
      price = nextPrice(price, 3000, { volatility: 0, maxStep: 0.03 }, random);
    assert.ok(Math.abs(price - 3000) < 30, `${price}`);
  });

  it("reads a recorded series and refuses a malformed one", () => {
    const dir = mkdtempSync(join(tmpdir(), "fluxion-series-"));
    try {
      const good = join(dir, "good.json");
      writeFileSync(good, JSON.stringify({ "ETH/USD": [3000, 2990.5] }));
      assert.deepEqual(readSeries(good), { "ETH/USD": [3000, 2990.5] });
      for (const body of [
        "{",
        '{"ETH/USD": []}',
        '{"ETH/USD": [0]}',
        '{"ETH/USD": ["3000"]}',
        "[]",
      ]) {
        const bad = join(dir, "bad.json");
        writeFileSync(bad, body);
        assert.throws(() => readSeries(bad), KeeperError, body);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
