// The last unit of `npm run dev`, once per chain: bring the local node's clock to real time, then mine a
// block every FLUXION_BLOCK_INTERVAL_MS (default 1000; 0 leaves it mining only on transactions) until
// stopped. The node starts an hour in the past (hardhat.config.ts) and a Hardhat node gives every block at
// least a second more than the last, so the deploy, the seed and the keepers' first runs (inventory,
// oracle syncs, fee distributions: a few hundred blocks in a minute) are mined in the past; from here on
// blocks carry real time, and a timelock counted from the wall clock is what it says. Blocks that keep
// coming are what a finality depth counts (the CCIP relay waits for its messages to be that deep, as on
// a real chain).
//
// The blocks are mined with `evm_mine` on a timer, not with the node's own interval mining
// (`evm_setIntervalMining`): a Hardhat node announces no new head over its websocket for the blocks it
// mines on an interval, so a client that takes new heads that way would see none.
import { setTimeout as sleep } from "node:timers/promises";
import { createPublicClient, http, type PublicClient } from "viem";
import { catchUpChainClock } from "../src/chainClock.ts";

const url = process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545";
const interval = Number(process.env.FLUXION_BLOCK_INTERVAL_MS ?? 1000);
if (!Number.isInteger(interval) || interval < 0) {
  console.error(
    `FLUXION_BLOCK_INTERVAL_MS must be a whole number of milliseconds, got "${interval}"`,
  );
  process.exit(1);
}
const client = createPublicClient({ transport: http(url) }) as PublicClient;
const ahead = await catchUpChainClock(client);
if (ahead > 5) console.log(`the chain's clock is ${ahead} s ahead of this machine's`);
console.log(`clock: ${url} at real time${interval > 0 ? `, a block every ${interval} ms` : ""}`);

if (interval > 0) {
  let failing = false;
  for (let next = Date.now() + interval; ; next += interval) {
    await sleep(Math.max(0, next - Date.now()));
    // A tick the machine was too busy to keep is skipped, not caught up in a burst.
    if (Date.now() - next > interval) next = Date.now();
    try {
      await client.request({ method: "evm_mine" as never, params: [] as never });
      if (failing) console.log("clock: mining again");
      failing = false;
    } catch (error) {
      if (!failing) console.error(`clock: cannot mine (${(error as Error).message}); retrying`);
      failing = true;
    }
  }
}
