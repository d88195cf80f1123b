// `npm run ccip -- <command>`: cross-chain synth transfers from a terminal, straight against the two chains'
// contracts (it needs neither the API nor the relay, so it works with Chainlink's routers as well):
//   quote <amount> [synth] --to <chainId> [--fee native|LINK]      the router's fee for a transfer
//   send <amount> [synth] --to <chainId> [--fee native|LINK] [--recipient 0x…]
//                                  burn here, mint there; prints the message id, then follows it
//   status <messageId>             the message's life on both chains (sent, committed, executed or failed)
//   execute <messageId> [--gas-limit N]
//                                  manual execution of a failed message (anyone may), with a higher gas
//                                  limit if it ran out of gas; or a retry of one the gateway stored as failed
//   balance [synth]                your synth balance on every chain, and the sum
// env: FLUXION_RPC_URL (chain 31337, http://127.0.0.1:8545), FLUXION_RPC_URL_2 (chain 31338,
// http://127.0.0.1:8546), CCIP_PRIVATE_KEY (default: Hardhat dev account #3, the demo's alice, who holds
// sUSD on both chains after the seed; never a real key).
import {
  crossChainGatewayAbi,
  fluxionDeployments,
  localCCIPRouterAbi,
  mockERC20Abi,
  syntheticAssetAbi,
} from "@fluxion/deploy";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  formatEther,
  formatUnits,
  type Hex,
  http,
  isAddress,
  isHex,
  type PublicClient,
  parseEventLogs,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

const usage = `usage: npm run ccip -- <command>
  quote <amount> [synth] --to <chainId> [--fee native|LINK]   the fee for a transfer (default sUSD)
  send <amount> [synth] --to <chainId> [--fee native|LINK] [--recipient 0x…]
                                   move synths to the other chain, then follow the message
  status <messageId>               the message on both chains
  execute <messageId> [--gas-limit N]
                                   manually execute a failed message (anyone may), or retry a stored one
  balance [synth]                  your balance on every chain
env: FLUXION_RPC_URL, FLUXION_RPC_URL_2, CCIP_PRIVATE_KEY (default Hardhat dev account #3, alice)`;

// Hardhat's well-known development account #3 (the seeded demo's alice, who minted sUSD on both chains):
// only ever funded on a local dev chain.
const devKey: Hex = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
const account = privateKeyToAccount((process.env.CCIP_PRIVATE_KEY as Hex | undefined) ?? devKey);
const rpcUrls: Record<number, string> = {
  31337: process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545",
  31338: process.env.FLUXION_RPC_URL_2 ?? "http://127.0.0.1:8546",
};
const states = ["untouched", "in progress", "success", "failure"] as const;

class CliError extends Error {}

/** The custom errors of an ABI (to decode a revert that comes from a contract the call reaches). */
function errorsOf<const T extends readonly { type: string }[]>(abi: T) {
  return abi.filter((item) => item.type === "error") as unknown as Extract<
    T[number],
    { type: "error" }
  >[];
}

type Deployment = {
  chainId: number;
  synths: Record<string, { address: Address; decimals: number }>;
  ccip?: {
    chainSelector: string;
    local: boolean;
    router: { address: Address; blockNumber: number };
    gateway: { address: Address; blockNumber: number };
    feeToken: { address: Address; symbol: string; decimals: number };
  };
};

type Chain = {
  chainId: number;
  definition: ReturnType<typeof defineChain>;
  client: PublicClient;
  deployment: Deployment & { ccip: NonNullable<Deployment["ccip"]> };
};

const deployments = fluxionDeployments as unknown as Record<string, Deployment>;

/** Every chain with a CCIP deployment and an RPC URL. */
function chains(): Chain[] {
  const found: Chain[] = [];
  for (const [id, url] of Object.entries(rpcUrls)) {
    const deployment = deployments[id];
    if (!deployment?.ccip) continue;
    const chain = defineChain({
      id: Number(id),
      name: `chain ${id}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [url] } },
    });
    found.push({
      chainId: Number(id),
      definition: chain,
      client: createPublicClient({ chain, transport: http(url) }) as PublicClient,
      deployment: deployment as Chain["deployment"],
    });
  }
  if (found.length < 2)
    throw new CliError("need two chains with a CCIP deployment: is npm run dev up?");
  return found;
}

function chainById(id: number): Chain {
  const chain = chains().find((c) => c.chainId === id);
  if (!chain) throw new CliError(`no Fluxion CCIP deployment on chain ${id} (known: 31337, 31338)`);
  return chain;
}

function wallet(chain: Chain) {
  return createWalletClient({
    account,
    chain: chain.definition,
    transport: http(rpcUrls[chain.chainId]),
  });
}

function synthOn(chain: Chain, symbol: string) {
  const synth = chain.deployment.synths[symbol];
  if (!synth) {
    const known = Object.keys(chain.deployment.synths).join(", ");
    throw new CliError(`unknown synth ${symbol} (known: ${known})`);
  }
  return synth;
}

/** `--name value` options and the positional arguments. */
function parseArgs(args: string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) throw new CliError(`${arg} needs a value`);
    options.set(arg.slice(2), value);
    i++;
  }
  return { positional, options };
}

function transferArgs(args: string[]) {
  const { positional, options } = parseArgs(args);
  const [amountText, symbol = "sUSD"] = positional;
  if (!amountText || !/^\d+(\.\d{1,18})?$/.test(amountText) || Number(amountText) === 0)
    throw new CliError(`amount must be a positive decimal like 100 or 0.5\n${usage}`);
  const to = Number(options.get("to"));
  const destination = chainById(to);
  const source = chains().find((c) => c.chainId !== to)!;
  const fee = (options.get("fee") ?? "native").toLowerCase();
  if (fee !== "native" && fee !== source.deployment.ccip.feeToken.symbol.toLowerCase())
    throw new CliError(`--fee must be native or ${source.deployment.ccip.feeToken.symbol}`);
  const recipient = options.get("recipient") ?? account.address;
  if (!isAddress(recipient)) throw new CliError(`--recipient must be an address, got ${recipient}`);
  return {
    source,
    destination,
    synth: synthOn(source, symbol),
    symbol,
    amount: parseUnits(amountText, 18),
    feeToken:
      fee === "native"
        ? ("0x0000000000000000000000000000000000000000" as Address)
        : source.deployment.ccip.feeToken.address,
    recipient: recipient as Address,
  };
}

async function quote(t: ReturnType<typeof transferArgs>): Promise<bigint> {
  return t.source.client.readContract({
    address: t.source.deployment.ccip.gateway.address,
    abi: crossChainGatewayAbi,
    functionName: "quoteTransfer",
    args: [
      BigInt(t.destination.deployment.ccip.chainSelector),
      t.synth.address,
      t.recipient,
      t.amount,
      t.feeToken,
    ],
  });
}

function formatFee(t: ReturnType<typeof transferArgs>, fee: bigint): string {
  return t.feeToken === "0x0000000000000000000000000000000000000000"
    ? `${formatEther(fee)} ETH`
    : `${formatUnits(fee, t.source.deployment.ccip.feeToken.decimals)} ${t.source.deployment.ccip.feeToken.symbol}`;
}

async function send(args: string[]): Promise<void> {
  const t = transferArgs(args);
  const fee = await quote(t);
  console.log(
    `sending ${formatUnits(t.amount, 18)} ${t.symbol} from chain ${t.source.chainId} to ${t.recipient} on chain ${t.destination.chainId}; fee ${formatFee(t, fee)}`,
  );
  const held = await t.source.client.readContract({
    address: t.synth.address,
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account.address],
  });
  if (held < t.amount) {
    throw new CliError(
      `${account.address} holds ${formatUnits(held, 18)} ${t.symbol} on chain ${t.source.chainId}, ` +
        `less than ${formatUnits(t.amount, 18)}: mint some first, or set CCIP_PRIVATE_KEY to an account that has it`,
    );
  }
  const w = wallet(t.source);
  const native = t.feeToken === "0x0000000000000000000000000000000000000000";
  if (!native) {
    const allowance = await t.source.client.readContract({
      address: t.feeToken,
      abi: mockERC20Abi,
      functionName: "allowance",
      args: [account.address, t.source.deployment.ccip.gateway.address],
    });
    if (allowance < fee) {
      const hash = await w.writeContract({
        chain: undefined,
        address: t.feeToken,
        abi: mockERC20Abi,
        functionName: "approve",
        args: [t.source.deployment.ccip.gateway.address, fee],
      });
      await t.source.client.waitForTransactionReceipt({ hash });
    }
  }
  const hash = await w.writeContract({
    chain: undefined,
    address: t.source.deployment.ccip.gateway.address,
    // With the synth's and the fee token's errors, so a revert from either reads as its name.
    abi: [...crossChainGatewayAbi, ...errorsOf(syntheticAssetAbi), ...errorsOf(localCCIPRouterAbi)],
    functionName: "sendSynth",
    args: [
      BigInt(t.destination.deployment.ccip.chainSelector),
      t.synth.address,
      t.recipient,
      t.amount,
      t.feeToken,
    ],
    value: native ? fee : 0n,
  });
  const receipt = await t.source.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new CliError(`the send reverted (tx ${hash})`);
  const [sent] = parseEventLogs({
    abi: crossChainGatewayAbi,
    eventName: "SynthSent",
    logs: receipt.logs,
  });
  if (!sent) throw new CliError(`no SynthSent in ${hash}`);
  const messageId = sent.args.messageId;
  console.log(`  sent: message ${messageId} (tx ${hash}, block ${receipt.blockNumber})`);
  await follow(messageId);
}

type Found = {
  source: Chain;
  destination: Chain;
  message: MessageArg;
  blockNumber: bigint;
  transactionHash: Hex;
};
type MessageArg = {
  messageId: Hex;
  sourceChainSelector: bigint;
  destChainSelector: bigint;
  sequenceNumber: bigint;
  sender: Address;
  receiver: Address;
  data: Hex;
  gasLimit: bigint;
  feeToken: Address;
  feeTokenAmount: bigint;
};

/** The `CCIPMessageSent` of `messageId` on whichever chain sent it. */
async function findMessage(messageId: Hex): Promise<Found> {
  const all = chains();
  for (const source of all) {
    const logs = await source.client.getContractEvents({
      address: source.deployment.ccip.router.address,
      abi: localCCIPRouterAbi,
      eventName: "CCIPMessageSent",
      args: { messageId },
      fromBlock: BigInt(source.deployment.ccip.router.blockNumber),
    });
    const log = logs[0];
    if (!log) continue;
    const decoded = { args: log.args as unknown as { message: MessageArg } };
    const message = decoded.args.message;
    const destination = all.find(
      (c) => BigInt(c.deployment.ccip.chainSelector) === message.destChainSelector,
    );
    if (!destination)
      throw new CliError(
        `message ${messageId} goes to an unknown chain selector ${message.destChainSelector}`,
      );
    return {
      source,
      destination,
      message,
      blockNumber: log.blockNumber!,
      transactionHash: log.transactionHash!,
    };
  }
  throw new CliError(`no message ${messageId} was sent on any local chain`);
}

type Status = { state: (typeof states)[number]; committed: boolean; storedFailure: boolean };

async function statusOf(found: Found): Promise<Status> {
  const { destination, message } = found;
  const [state, committedAt, storedFailure] = await Promise.all([
    destination.client.readContract({
      address: destination.deployment.ccip.router.address,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [message.messageId],
    }),
    destination.client.readContract({
      address: destination.deployment.ccip.router.address,
      abi: localCCIPRouterAbi,
      functionName: "committedAt",
      args: [message.messageId],
    }),
    destination.client.readContract({
      address: destination.deployment.ccip.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "isFailed",
      args: [message.messageId],
    }),
  ]);
  return { state: states[Number(state)]!, committed: committedAt > 0n, storedFailure };
}

function describe(status: Status): string {
  if (status.state === "success" && status.storedFailure)
    return "delivered, but the gateway stored it as failed (retry: npm run ccip -- execute <id>)";
  if (status.state === "success") return "executed";
  if (status.state === "failure")
    return "failed on the destination (manual execution: npm run ccip -- execute <id> [--gas-limit N])";
  if (status.state === "in progress") return "executing";
  return status.committed ? "committed, waiting for execution" : "sent, waiting for finality";
}

/** Prints each new status of a message until it is executed or failed (at most 2 minutes). */
async function follow(messageId: Hex): Promise<void> {
  const found = await findMessage(messageId);
  let last = "";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await statusOf(found);
    const line = describe(status);
    if (line !== last) console.log(`  ${line}`);
    last = line;
    if (status.state === "success" || status.state === "failure") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(
    "  still not executed after 2 minutes: is the relay running? (npm run ccip -- status <id>)",
  );
}

async function status(args: string[]): Promise<void> {
  const id = args[0];
  if (!id || !isHex(id) || id.length !== 66)
    throw new CliError(`status needs a message id (0x + 64 hex)\n${usage}`);
  const found = await findMessage(id);
  const s = await statusOf(found);
  console.log(`message ${id}`);
  console.log(
    `  sent on chain ${found.source.chainId} in block ${found.blockNumber} (tx ${found.transactionHash}), sequence ${found.message.sequenceNumber}`,
  );
  console.log(`  to chain ${found.destination.chainId}: ${describe(s)}`);
  console.log(
    `  gas limit ${found.message.gasLimit}, fee ${found.message.feeTokenAmount} (${found.message.feeToken === "0x0000000000000000000000000000000000000000" ? "wei" : found.message.feeToken})`,
  );
}

async function execute(args: string[]): Promise<void> {
  const { positional, options } = parseArgs(args);
  const id = positional[0];
  if (!id || !isHex(id) || id.length !== 66)
    throw new CliError(`execute needs a message id (0x + 64 hex)\n${usage}`);
  const gasText = options.get("gas-limit");
  if (gasText !== undefined && !/^\d+$/.test(gasText))
    throw new CliError("--gas-limit must be a whole number of gas");
  const found = await findMessage(id);
  const s = await statusOf(found);
  const { destination } = found;
  const w = wallet(destination);
  let hash: Hex;
  if (s.state === "failure" || (s.state === "untouched" && s.committed)) {
    const gasLimit = gasText === undefined ? 0n : BigInt(gasText);
    hash = await w.writeContract({
      chain: undefined,
      address: destination.deployment.ccip.router.address,
      abi: localCCIPRouterAbi,
      functionName: "manuallyExecute",
      args: [found.message, gasLimit],
    });
  } else if (s.state === "success" && s.storedFailure) {
    hash = await w.writeContract({
      chain: undefined,
      address: destination.deployment.ccip.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "retryFailedMessage",
      args: [id],
    });
  } else {
    throw new CliError(`message ${id} is ${describe(s)}: nothing to execute`);
  }
  const receipt = await destination.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new CliError(`the execution reverted (tx ${hash})`);
  console.log(`message ${id}: ${describe(await statusOf(found))} (tx ${hash})`);
}

async function balance(args: string[]): Promise<void> {
  const symbol = args[0] ?? "sUSD";
  let total = 0n;
  for (const chain of chains()) {
    const raw = await chain.client.readContract({
      address: synthOn(chain, symbol).address,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [account.address],
    });
    total += raw;
    console.log(`chain ${chain.chainId}: ${formatUnits(raw, 18)} ${symbol}`);
  }
  console.log(`total: ${formatUnits(total, 18)} ${symbol}`);
}

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case "quote": {
      const t = transferArgs(rest);
      console.log(`fee: ${formatFee(t, await quote(t))}`);
      break;
    }
    case "send":
      await send(rest);
      break;
    case "status":
      await status(rest);
      break;
    case "execute":
      await execute(rest);
      break;
    case "balance":
      await balance(rest);
      break;
    default:
      console.log(usage);
      process.exit(command === undefined || command === "help" ? 0 : 1);
  }
} catch (error) {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(1);
  }
  const short = (error as { shortMessage?: string }).shortMessage;
  console.error(short ?? (error as Error).message);
  process.exit(1);
}
