// The last step of `npm run dev`, once per chain: bring the local node's clock to real time, then let it mine
// a block every FLUXION_BLOCK_INTERVAL_MS (default 1000; 0 leaves it mining only on transactions). The node
// starts an hour in the past (hardhat.config.ts) and a Hardhat node gives every block at least a second more
// than the last, so the deploy, the seed and the keepers' first runs (inventory, oracle syncs, fee
// distributions: a few hundred blocks in a minute) are mined in the past; from here on blocks carry real
// time, and a timelock counted from the wall clock is what it says. Blocks that keep coming are what a
// finality depth counts (the CCIP relay waits for its messages to be that deep, as on a real chain).
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
if (interval > 0)
  await client.request({ method: "evm_setIntervalMining" as never, params: [interval] as never });
