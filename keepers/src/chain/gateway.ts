// The bridge's view of the LightningGateway contract: reads through a public client, writes through the
// nonce-owning signer with one purpose per action and payment hash, so no action is ever sent twice.
import { lightningGatewayAbi, priceOracleAbi, syntheticAssetAbi } from "@fluxion/deploy";
import {
  type Abi,
  type Address,
  encodeFunctionData,
  type Hex,
  type PublicClient,
  parseAbiItem,
} from "viem";
import type { ChainTx, NonceSigner } from "./nonceSigner.ts";

export type OnChainSwap = {
  account: Address;
  status: "none" | "locked" | "claimed" | "refunded";
  direction: "mint" | "burn";
  timelock: bigint;
  synth: Address;
  sats: bigint;
  amount: bigint;
  fee: bigint;
};

/** Errors a gateway call can revert with: its own, the oracle's (breakers, stale prices), the synth's. */
const gatewayErrors = [...lightningGatewayAbi, ...priceOracleAbi, ...syntheticAssetAbi].filter(
  (item) => item.type === "error",
) as Abi;

const statuses = ["none", "locked", "claimed", "refunded"] as const;
const mintClaimed = parseAbiItem(
  "event MintClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed recipient, uint256 amount, uint256 fee)",
);

export const hex32 = (hash: string) => (hash.startsWith("0x") ? hash : `0x${hash}`) as Hex;

export class Gateway {
  readonly address: Address;
  readonly #client: PublicClient;
  readonly #signer: NonceSigner;
  #btc: Promise<{ oracle: Address; asset: Address }> | undefined;

  constructor(address: Address, client: PublicClient, signer: NonceSigner) {
    this.address = address;
    this.#client = client;
    this.#signer = signer;
  }

  get signer(): NonceSigner {
    return this.#signer;
  }

  async swapOf(paymentHash: string): Promise<OnChainSwap> {
    const s = await this.#client.readContract({
      address: this.address,
      abi: lightningGatewayAbi,
      functionName: "swapOf",
      args: [hex32(paymentHash)],
    });
    return {
      account: s.account,
      status: statuses[s.status]!,
      direction: s.direction === 0 ? "mint" : "burn",
      timelock: s.timelock,
      synth: s.synth,
      sats: s.sats,
      amount: s.amount,
      fee: s.fee,
    };
  }

  async quoteMint(synth: Address, sats: bigint): Promise<{ amount: bigint; fee: bigint }> {
    const [amount, fee] = await this.#client.readContract({
      address: this.address,
      abi: lightningGatewayAbi,
      functionName: "quoteMint",
      args: [synth, sats],
    });
    return { amount, fee };
  }

  async quoteBurn(synth: Address, sats: bigint): Promise<{ amount: bigint; fee: bigint }> {
    const [amount, fee] = await this.#client.readContract({
      address: this.address,
      abi: lightningGatewayAbi,
      functionName: "quoteBurn",
      args: [synth, sats],
    });
    return { amount, fee };
  }

  async isSynthAllowed(synth: Address): Promise<boolean> {
    return this.#client.readContract({
      address: this.address,
      abi: lightningGatewayAbi,
      functionName: "isSynthAllowed",
      args: [synth],
    });
  }

  /** The timelock durations the gateway accepts (seconds). */
  async timelockBounds(): Promise<{ minTimelock: number; maxTimelock: number }> {
    const s = await this.#client.readContract({
      address: this.address,
      abi: lightningGatewayAbi,
      functionName: "settings",
    });
    return { minTimelock: s.minTimelock, maxTimelock: s.maxTimelock };
  }

  /**
   * What `sats` are worth in US cents at the oracle's BTC price (rounded up), for compliance limits.
   * The oracle's address and the BTC asset are read once; the price on every call.
   */
  async satsUsdCents(sats: bigint): Promise<bigint> {
    this.#btc ??= Promise.all([
      this.#client.readContract({
        address: this.address,
        abi: lightningGatewayAbi,
        functionName: "oracle",
      }),
      this.#client.readContract({
        address: this.address,
        abi: lightningGatewayAbi,
        functionName: "settings",
      }),
    ]).then(([oracle, s]) => ({ oracle, asset: s.btcAsset }));
    const { oracle, asset } = await this.#btc.catch((error) => {
      this.#btc = undefined;
      throw error;
    });
    const price = await this.#client.readContract({
      address: oracle,
      abi: priceOracleAbi,
      functionName: "price",
      args: [asset],
    });
    // price: USD per BTC with 18 decimals; 1 BTC = 1e8 sats; 1 USD = 100 cents.
    const scale = 10n ** 24n;
    return (sats * price + scale - 1n) / scale;
  }

  /** Chain time (the latest block's timestamp): timelocks are judged by it, not by our clock. */
  async now(): Promise<bigint> {
    return (await this.#client.getBlock({ blockTag: "latest" })).timestamp;
  }

  /**
   * The timestamp the next block will carry, which is what a transaction sent now is judged by: the
   * node's pending block where it offers one (a chain whose clock runs ahead of ours, as a Hardhat node's
   * does after fast mining, shows it there), else the later of the latest block + 1 and our clock.
   */
  async nextTimestamp(): Promise<bigint> {
    const wall = BigInt(Math.floor(Date.now() / 1000));
    try {
      const pending = await this.#client.getBlock({ blockTag: "pending" });
      if (pending?.timestamp) return pending.timestamp;
    } catch {
      // No pending block on this node: estimate below.
    }
    const latest = (await this.now()) + 1n;
    return latest > wall ? latest : wall;
  }

  /** The preimage a MintClaimed event published for `paymentHash`, if it was claimed. */
  async mintPreimage(paymentHash: string, fromBlock: bigint): Promise<string | undefined> {
    const logs = await this.#client.getLogs({
      address: this.address,
      event: mintClaimed,
      args: { paymentHash: hex32(paymentHash) },
      fromBlock,
      toBlock: "latest",
    });
    return logs[0]?.args.preimage?.slice(2);
  }

  lockMint(args: {
    paymentHash: string;
    recipient: Address;
    synth: Address;
    sats: bigint;
    amount: bigint;
    quotedAt: bigint;
    timelock: bigint;
  }): Promise<ChainTx> {
    return this.#send(`lockMint:${args.paymentHash}`, "lockMint", [
      hex32(args.paymentHash),
      args.recipient,
      args.synth,
      args.sats,
      args.amount,
      args.quotedAt,
      args.timelock,
    ]);
  }

  claimMint(paymentHash: string, preimage: string): Promise<ChainTx> {
    return this.#send(`claimMint:${paymentHash}`, "claimMint", [hex32(preimage)]);
  }

  refundMint(paymentHash: string): Promise<ChainTx> {
    return this.#send(`refundMint:${paymentHash}`, "refundMint", [hex32(paymentHash)]);
  }

  claimBurn(paymentHash: string, preimage: string): Promise<ChainTx> {
    return this.#send(`claimBurn:${paymentHash}`, "claimBurn", [hex32(preimage)]);
  }

  /** Refunds an expired burn lock to its locker (anyone may; the keeper does it for unpaid burns). */
  refundBurn(paymentHash: string): Promise<ChainTx> {
    return this.#send(`refundBurn:${paymentHash}`, "refundBurn", [hex32(paymentHash)]);
  }

  #send(purpose: string, functionName: string, args: readonly unknown[]): Promise<ChainTx> {
    const data = encodeFunctionData({
      abi: lightningGatewayAbi,
      functionName: functionName as never,
      args: args as never,
    });
    return this.#signer.send({ purpose, to: this.address, data, errorAbi: gatewayErrors });
  }
}
