// The dev chain's height grows with its clock as a real chain's does, by mining too, and carries on
// across restarts (downtime included); nodes report it through GetInfo as lnd would.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lightning from "lightning";
import { describe, test } from "vitest";
import type { DevNetworkHandle } from "./index.ts";
import { startDevNetwork } from "./index.ts";
import { DevChain } from "./network.ts";

const block = 600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("DevChain", () => {
  test("a block every 600 s of its clock: advanceTime adds the blocks it covers", () => {
    const chain = new DevChain();
    assert.equal(chain.height, 200);
    assert.equal(chain.blockMs, block);
    assert.equal(chain.advanceTime(3 * block), 203);
    assert.equal(chain.height, 203);
    // Less than what is left of the current interval: the clock moves, the height does not.
    assert.equal(chain.advanceTime(block / 2), 203);
    const before = chain.now();
    chain.advanceTime(block / 2);
    assert.ok(chain.now() - before >= block / 2);
    assert.equal(chain.height, 204);
  });

  test("mineBlocks adds blocks at once and leaves the clock alone", () => {
    const chain = new DevChain({ height: 1000, blockSeconds: 60 });
    const offset = chain.now() - Date.now();
    assert.equal(chain.mineBlocks(5), 1005);
    assert.equal(chain.mineBlocks(), 1006);
    assert.ok(Math.abs(chain.now() - Date.now() - offset) < 50);
    // Time blocks keep their own schedule after mined ones.
    assert.equal(chain.advanceTime(2 * 60_000), 1008);
  });

  test("listeners hear of blocks that arrive by time, from a timer at the block boundary", async () => {
    const chain = new DevChain({ blockSeconds: 0.05 });
    const heights: number[] = [];
    const unsubscribe = chain.subscribe(() => heights.push(chain.height));
    await sleep(180);
    unsubscribe();
    assert.ok(heights.length >= 2, `heard ${heights.length} blocks`);
    assert.ok(heights.every((h, i) => h > (heights[i - 1] ?? 200)));
    // Mining and advancing notify at once as well.
    const seen: number[] = [];
    const off = new DevChain().subscribe(() => seen.push(1));
    off();
    const chain2 = new DevChain();
    chain2.subscribe(() => seen.push(chain2.height));
    chain2.mineBlocks(2);
    chain2.advanceTime(block);
    assert.deepEqual(seen, [202, 203]);
  });

  test("an anchor resumes the height with the blocks of the downtime; never backwards", () => {
    const first = new DevChain({ blockSeconds: 10 });
    first.mineBlocks(40);
    first.advanceTime(25_000);
    const anchor = first.anchor();
    assert.equal(anchor.height, 242);
    assert.equal(anchor.offsetMs, 25_000);

    const same = new DevChain({ blockSeconds: 10 });
    same.restore(anchor);
    assert.equal(same.height, 242);
    assert.ok(same.now() - Date.now() >= 25_000 - 5, "the clock is not behind the saved one");

    // Down for 70 s: seven blocks came meanwhile.
    const later = new DevChain({ blockSeconds: 10 });
    later.restore({ ...anchor, timeMs: anchor.timeMs - 70_000 });
    assert.equal(later.height, 249);

    // A saved height below the chain's own does not pull it back; legacy states have no time.
    const ahead = new DevChain({ height: 500, blockSeconds: 10 });
    ahead.restore(anchor);
    assert.equal(ahead.height, 500, "taking on the saved clock adds no blocks of its own");
    ahead.restore({ height: 510 });
    assert.equal(ahead.height, 510);
  });

  test("nonsense is refused: backwards clock, fractional or negative blocks, bad intervals", () => {
    const chain = new DevChain();
    assert.throws(() => chain.advanceTime(-1), /only moves forward/);
    assert.throws(() => chain.mineBlocks(1.5), /non-negative integer/);
    assert.throws(() => chain.mineBlocks(-2), /non-negative integer/);
    assert.throws(() => new DevChain({ blockSeconds: 0 }), /positive number/);
    assert.throws(() => new DevChain({ height: -1 }), /non-negative integer/);
  });
});

describe("through the lightning client", () => {
  const { authenticatedLndGrpc, getWalletInfo } = lightning;
  const heightOf = async (net: DevNetworkHandle<"user" | "service">) => {
    const { lnd } = authenticatedLndGrpc(net.nodes.user);
    const info = await getWalletInfo({ lnd });
    for (const client of Object.values(lnd)) (client as { close(): void }).close();
    return info;
  };

  test("GetInfo follows time and mining; a restart keeps the height, the clock and the downtime", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lnd-dev-chain-"));
    try {
      let net = await startDevNetwork({ nodes: ["user", "service"], dir });
      assert.equal((await heightOf(net)).current_block_height, 200);
      net.advanceTime(2 * block);
      net.mineBlocks(5);
      const info = await heightOf(net);
      assert.equal(info.current_block_height, 207);
      const chainTime = Date.parse(info.latest_block_at ?? "");
      assert.ok(
        chainTime >= Date.now() + 2 * block - 2000,
        "best header time is the chain's clock",
      );
      await net.close();

      // Same interval: nothing was lost, the clock is still 20 minutes ahead.
      net = await startDevNetwork({ nodes: ["user", "service"], dir });
      assert.equal((await heightOf(net)).current_block_height, 207);
      assert.ok(net.network.chain.now() - Date.now() >= 2 * block - 50);
      await net.close();

      // A fast chain (a block per 0.25 s): the 1.2 s it was down count as blocks when it is back.
      net = await startDevNetwork({ nodes: ["user", "service"], dir, blockSeconds: 0.25 });
      const before = (await heightOf(net)).current_block_height;
      assert.ok(before >= 207);
      await net.close();
      await sleep(1200);
      net = await startDevNetwork({ nodes: ["user", "service"], dir, blockSeconds: 0.25 });
      const after = (await heightOf(net)).current_block_height;
      assert.ok(after >= before + 4, `height ${after} after ${before} and 1.2 s down`);
      await net.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
