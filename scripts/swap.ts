// `npm run swap -- <command>`: the user's side of the Lightning bridge from a terminal, through the API
// exactly as the web app uses it: sign in with Ethereum (a Hardhat dev key by default), then
//   mint <sats> [synth]     make a secret, ask for a mint, print the invoice to pay with
//                           `npm run ln -- pay <invoice>` in another terminal, follow /v1/stream, hand
//                           the keeper the preimage once the mint is locked (gasless claim), and print
//                           the synth balance once it is minted
//   burn <bolt11> [synth]   register a burn of synths for your invoice, lock them on the gateway, and
//                           follow it until the keeper paid the invoice
//   swaps                   your swaps: state, failure reason, and when each lock's refund opens
//   refund <payment hash>   refund a lock whose timelock passed (a burn: your synths back; a mint: the
//                           payer's sats are released), sent from your account to the gateway
//   balance [synth]         your synth balance
// env: API_URL (http://127.0.0.1:8787), FLUXION_RPC_URL (http://127.0.0.1:8545), SWAP_PRIVATE_KEY
// (default: Hardhat dev account #1; never a real key on a shared machine).
import { createHash, randomBytes } from "node:crypto";
import { fluxionDeployments, lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  formatUnits,
  type Hex,
  http,
  maxUint256,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { apiClient } from "./lib/apiClient.ts";

const usage = `usage: npm run swap -- <command>
  mint <sats> [synth]     mint synths (default sUSD) for sats paid over Lightning
  burn <bolt11> [synth]   burn synths (default sUSD) to have your invoice paid
  swaps                   list your swaps (state, failure, refund time)
  refund <payment hash>   refund an expired lock (anyone may, once its timelock passed)
  balance [synth]         your synth balance
env: API_URL, FLUXION_RPC_URL, SWAP_PRIVATE_KEY (default Hardhat dev account #1)`;

// Hardhat's well-known development account #1: only ever funded on a local dev chain.
const devKey: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const apiUrl = (process.env.API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const rpcUrl = process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545";
const account = privateKeyToAccount((process.env.SWAP_PRIVATE_KEY as Hex | undefined) ?? devKey);
const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
const client = createPublicClient({ chain, transport: http(rpcUrl) });

type Deployment = {
  contracts: Record<string, { address: Address }>;
  synths: Record<string, { address: Address }>;
};

type Swap = {
  paymentHash: string;
  direction: string;
  state: string;
  status: string;
  sats: string;
  amount: string;
  fee: string;
  invoice: string | null;
  timelock: number | null;
  refundableAt: number | null;
  failure: { code: string; message: string | null } | null;
};

class CliError extends Error {}

let deployed: Promise<Deployment> | undefined;
/** The deployment record of the chain at FLUXION_RPC_URL (asked for its chain id once). */
function deployment(): Promise<Deployment> {
  deployed ??= client.getChainId().then((chainId) => {
    const record = (fluxionDeployments as unknown as Record<string, Deployment>)[String(chainId)];
    if (!record) throw new CliError(`no Fluxion deployment for chain ${chainId} at ${rpcUrl}`);
    return record;
  });
  return deployed;
}

async function synthAddress(symbol: string): Promise<Address> {
  const { synths } = await deployment();
  const synth = synths[symbol];
  if (!synth) {
    throw new CliError(`unknown synth ${symbol} (known: ${Object.keys(synths).join(", ")})`);
  }
  return synth.address;
}

const { call, signIn: signInAs } = apiClient(apiUrl, (message) => new CliError(message));
const signIn = () => signInAs(account);

async function balance(symbol: string): Promise<string> {
  const raw = await client.readContract({
    address: await synthAddress(symbol),
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account.address],
  });
  return `${formatUnits(raw, 18)} ${symbol}`;
}

/**
 * Follows a swap on /v1/stream (and by reading it, in case the stream is not fed), calling `onStatus`
 * once per new status, until `done` returns a result.
 */
function follow<T>(
  token: string,
  paymentHash: string,
  onStatus: (swap: Swap) => Promise<T | undefined>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const seen = new Set<string>();
    let finished = false;
    const socket = new WebSocket(`${apiUrl.replace(/^http/, "ws")}/v1/stream?token=${token}`);
    const handle = (swap: Swap) => {
      if (finished || seen.has(swap.status)) return;
      seen.add(swap.status);
      console.log(`  ${swap.status}`);
      onStatus(swap).then(
        (result) => {
          if (result === undefined || finished) return;
          finished = true;
          clearInterval(poll);
          socket.close();
          resolve(result);
        },
        (error) => {
          finished = true;
          clearInterval(poll);
          socket.close();
          reject(error);
        },
      );
    };
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(String(message.data)) as {
        kind: string;
        data?: { paymentHash: string; swap: Swap; status: string; state: string };
      };
      if (event.kind === "lightning.swap" && event.data?.paymentHash === paymentHash) {
        handle({ ...event.data.swap, status: event.data.status, state: event.data.state });
      }
    });
    const poll = setInterval(() => {
      call<Swap>("GET", `/v1/lightning/swaps/${paymentHash}`, token).then(handle, () => {});
    }, 2_000);
  });
}

const failed = new Set([
  "swap.expired",
  "swap.rejected",
  "invoice.canceled",
  "transaction.refunded",
  "transaction.lock_failed",
  "invoice.failed_to_pay",
  "transaction.claim_missed",
]);

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

/** Chain time: the latest block's timestamp (refunds open by it, not by this machine's clock). */
async function chainNow(): Promise<number> {
  return Number((await client.getBlock({ blockTag: "latest" })).timestamp);
}

async function listSwaps(): Promise<number> {
  const token = await signIn();
  const [{ items }, now] = await Promise.all([
    call<{ items: Swap[] }>("GET", "/v1/lightning/swaps", token),
    chainNow(),
  ]);
  if (items.length === 0) console.log(`no swaps for ${account.address}`);
  for (const s of items) {
    console.log(`${s.paymentHash} ${s.direction} ${s.sats} sats  ${s.status} (${s.state})`);
    if (s.failure) console.log(`  failed: ${s.failure.code}: ${s.failure.message ?? ""}`);
    if (s.refundableAt !== null) {
      const when =
        s.state === "refunded"
          ? "refunded"
          : s.refundableAt <= now
            ? `refundable now (since ${isoOf(s.refundableAt)}): npm run swap -- refund ${s.paymentHash}`
            : `refund opens at ${isoOf(s.refundableAt)} (chain time; in ${s.refundableAt - now} s)`;
      console.log(`  ${when}`);
    }
  }
  return 0;
}

/** Refunds an expired lock from this account (the gateway lets anyone refund after the timelock). */
async function refund(hash: string | undefined): Promise<number> {
  const paymentHash = hash?.toLowerCase().replace(/^0x/, "");
  if (!paymentHash || !/^[0-9a-f]{64}$/.test(paymentHash)) {
    throw new CliError("refund <payment hash>: 32 bytes of hex");
  }
  const gateway = (await deployment()).contracts.LightningGateway!.address;
  const lock = await client.readContract({
    address: gateway,
    abi: lightningGatewayAbi,
    functionName: "swapOf",
    args: [`0x${paymentHash}`],
  });
  const status = ["none", "locked", "claimed", "refunded"][lock.status];
  if (status !== "locked") throw new CliError(`nothing to refund: the lock is ${status}`);
  const now = await chainNow();
  if (now < Number(lock.timelock)) {
    throw new CliError(
      `the refund opens at ${isoOf(Number(lock.timelock))} (chain time; in ${Number(lock.timelock) - now} s)`,
    );
  }
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const functionName = lock.direction === 0 ? "refundMint" : "refundBurn";
  const receipt = await client.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: gateway,
      abi: lightningGatewayAbi,
      functionName,
      args: [`0x${paymentHash}`],
    }),
  });
  if (receipt.status !== "success") throw new CliError(`${functionName} reverted`);
  console.log(
    lock.direction === 0
      ? `refunded mint ${paymentHash}: the keeper cancels the invoice, the payer's sats return`
      : `refunded burn ${paymentHash}: ${formatUnits(lock.amount, 18)} back to ${lock.account}`,
  );
  return 0;
}

async function mint(sats: string | undefined, symbol = "sUSD"): Promise<number> {
  if (!sats || !/^[1-9]\d*$/.test(sats)) throw new CliError("mint <sats>: a positive integer");
  const synth = await synthAddress(symbol);
  const token = await signIn();
  const preimage = randomBytes(32);
  const paymentHash = createHash("sha256").update(preimage).digest("hex");
  const created = await call<{ swap: Swap; quote: { amount: string; fee: string } | null }>(
    "POST",
    "/v1/lightning/mints",
    token,
    { paymentHash, synth, sats: Number(sats) },
  );
  const { swap, quote } = created;
  console.log(`mint ${paymentHash} for ${account.address}`);
  if (quote) {
    const net = BigInt(quote.amount) - BigInt(quote.fee);
    console.log(
      `  quote: ${sats} sats -> ${formatUnits(net, 18)} ${symbol} (fee ${formatUnits(BigInt(quote.fee), 18)})`,
    );
  }
  if (swap.invoice) {
    console.log(`\npay it as the user (another terminal):\n  npm run ln -- pay ${swap.invoice}\n`);
  } else {
    console.log("  compliance asked for a review: the invoice comes once a reviewer approves");
  }
  let announced = swap.invoice !== null;
  return follow(token, paymentHash, async (current) => {
    if (!announced && current.invoice) {
      announced = true;
      console.log(`\npay it as the user:\n  npm run ln -- pay ${current.invoice}\n`);
    }
    if (current.status === "transaction.locked") {
      // Gasless claim: the keeper claims for us with the preimage we hand it now.
      await call("POST", `/v1/lightning/mints/${paymentHash}/preimage`, token, {
        preimage: preimage.toString("hex"),
      });
      console.log("  preimage handed to the keeper (gasless claim)");
    }
    if (current.status === "invoice.settled") {
      console.log(`minted. balance: ${await balance(symbol)}`);
      return 0;
    }
    if (failed.has(current.status)) {
      console.error(`mint ended ${current.status}: ${current.failure?.message ?? ""}`);
      return 1;
    }
    return undefined;
  });
}

async function burn(invoice: string | undefined, symbol = "sUSD"): Promise<number> {
  if (!invoice) throw new CliError("burn <bolt11>: the invoice to have paid");
  const synth = await synthAddress(symbol);
  const token = await signIn();
  // Quote first: a burn this account cannot cover is not registered at all.
  const quote = await call<{ amount: string }>("POST", "/v1/lightning/burns/quote", token, {
    synth,
    invoice,
  });
  const held = await client.readContract({
    address: synth,
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account.address],
  });
  if (held < BigInt(quote.amount)) {
    throw new CliError(
      `the burn needs ${formatUnits(BigInt(quote.amount), 18)} ${symbol} (fee included); ${account.address} has ${formatUnits(held, 18)}`,
    );
  }
  const registered = await call<{
    swap?: Swap;
    lock?: { paymentHash: Hex; synth: Address; amount: string; sats: string; timelock: number };
  }>("POST", "/v1/lightning/burns", token, { synth, invoice });
  if (!registered.swap || !registered.lock) {
    console.log("compliance asked for a review: run this again once a reviewer approved");
    return 1;
  }
  const { lock } = registered;
  console.log(
    `burn ${registered.swap.paymentHash}: locking ${formatUnits(BigInt(lock.amount), 18)} ${symbol}`,
  );
  const gateway = (await deployment()).contracts.LightningGateway!.address;
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const allowance = await client.readContract({
    address: synth,
    abi: syntheticAssetAbi,
    functionName: "allowance",
    args: [account.address, gateway],
  });
  if (allowance < BigInt(lock.amount)) {
    await client.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: synth,
        abi: syntheticAssetAbi,
        functionName: "approve",
        args: [gateway, maxUint256],
      }),
    });
  }
  await client.waitForTransactionReceipt({
    hash: await wallet.writeContract({
      address: gateway,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [
        lock.paymentHash,
        lock.synth,
        BigInt(lock.amount),
        BigInt(lock.sats),
        BigInt(lock.timelock),
      ],
    }),
  });
  return follow(token, registered.swap.paymentHash, async (current) => {
    if (current.status === "transaction.claimed") {
      console.log(`paid. balance: ${await balance(symbol)}`);
      return 0;
    }
    if (failed.has(current.status)) {
      console.error(`burn ended ${current.status}: ${current.failure?.message ?? ""}`);
      return 1;
    }
    return undefined;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "mint":
      return mint(args[0], args[1]);
    case "burn":
      return burn(args[0], args[1]);
    case "swaps":
      return listSwaps();
    case "refund":
      return refund(args[0]);
    case "balance":
      console.log(await balance(args[0] ?? "sUSD"));
      return 0;
    case "help":
    case "--help":
      console.log(usage);
      return 0;
  }
  console.error(usage);
  return 2;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
