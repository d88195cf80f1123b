// The last step of `npm run dev`: bring the local node's clock to real time. The node starts an hour in
// the past (hardhat.config.ts) and a Hardhat node gives every block at least a second more than the
// last, so the deploy, the seed and the keepers' first runs (inventory, oracle syncs, fee distributions:
// a few hundred blocks in a minute) are mined in the past; from here on blocks carry real time, and a
// timelock counted from the wall clock is what it says.
import { createPublicClient, http, type PublicClient } from "viem";
import { catchUpChainClock } from "../src/chainClock.ts";

const url = process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545";
const client = createPublicClient({ transport: http(url) }) as PublicClient;
const ahead = await catchUpChainClock(client);
if (ahead > 5) console.log(`the chain's clock is ${ahead} s ahead of this machine's`);
