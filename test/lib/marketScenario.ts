// The liquidation scenario the scheduled keepers are tested and benchmarked on: the protocol on a real
// `hardhat node` (no seed), the indexer over it, and helpers that open many positions from fresh accounts
// at chosen collateral ratios, move the mock feeds, and read back what was liquidated, when and by whom.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockERC20Abi, mockPriceFeedAbi, priceOracleAbi, synthVaultAbi } from "@fluxion/deploy";
import {
  type Address,
  createWalletClient,
  getAbiItem,
  type Hex,
  http,
  parseEther,
  parseUnits,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import {
  freshStorage,
  type IndexerProcess,
  startIndexer,
} from "../../indexer/test/support/indexerProcess.ts";
import {
  deployProtocol,
  type Protocol,
  startLocalChain,
} from "../../indexer/test/support/localChain.ts";

const liquidatedEvent = getAbiItem({ abi: synthVaultAbi, name: "Liquidated" });
const rearmedEvent = getAbiItem({ abi: priceOracleAbi, name: "CircuitBreakerRearmed" });

export type MarketScenario = Awaited<ReturnType<typeof startMarketScenario>>;

export type OpenedPosition = { owner: Address; ratio: number; deposit: number };

export async function startMarketScenario(options: { indexer?: boolean } = {}) {
  const chain = await startLocalChain();
  let protocol: Protocol | undefined;
  let indexer: IndexerProcess | undefined;
  let storage: Awaited<ReturnType<typeof freshStorage>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), "fluxion-market-"));
  try {
    protocol = await deployProtocol(chain.url, { seed: false });
    if (options.indexer ?? true) {
      storage = await freshStorage("pglite");
      indexer = await startIndexer({ rpcUrl: chain.url, storage: storage.storage });
      await indexer.waitReady();
    }
  } catch (error) {
    await indexer?.stop();
    await storage?.drop();
    await chain.stop();
    throw error;
  }
  const { record, publicClient, wallets } = protocol;
  const deployer = wallets[0]!;
  // The keepers read the addresses of this deployment from a file (KEEPER_DEPLOYMENT_FILE).
  const deploymentFile = join(dir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(record));
  const vault = record.contracts.SynthVault!.address as Address;
  const oracle = record.contracts.PriceOracle!.address as Address;
  const weth = record.collateral.WETH!.address as Address;
  const sUsd = record.synths.sUSD!.address as Address;
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(chain.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const wait = (hash: Hex) => publicClient.waitForTransactionReceipt({ hash });
  const chainDef = { ...hardhat, rpcUrls: { default: { http: [chain.url] } } };
  /** The keys of the accounts that opened positions, by lowercase address. */
  const keys = new Map<string, Hex>();
  /** A wallet of an account that opened a position here. */
  const walletOf = (owner: Address) => {
    const key = keys.get(owner.toLowerCase());
    if (!key) throw new Error(`${owner} opened no position here`);
    return createWalletClient({
      account: privateKeyToAccount(key),
      chain: chainDef,
      transport: http(chain.url),
    });
  };

  async function ethPrice(): Promise<number> {
    const feed = record.feeds["ETH/USD"]!;
    const [, answer] = await publicClient.readContract({
      address: feed.address as Address,
      abi: mockPriceFeedAbi,
      functionName: "latestRoundData",
    });
    return Number(answer) / 10 ** feed.decimals;
  }

  /** Answers `price` on the ETH/USD feed (as the deployer); returns the block it was mined in. */
  async function setEthPrice(price: number): Promise<bigint> {
    const feed = record.feeds["ETH/USD"]!;
    const receipt = await wait(
      await deployer.writeContract({
        address: feed.address as Address,
        abi: mockPriceFeedAbi,
        functionName: "updateAnswer",
        args: [parseUnits(price.toFixed(2), feed.decimals)],
      }),
    );
    return receipt.blockNumber;
  }

  /**
   * Opens one WETH/sUSD position per ratio, each from a fresh account, at the current ETH price
   * (`ratio` counts the mint fee, so it is what the vault reports). Runs `concurrency` owners at once.
   */
  async function openPositions(ratios: number[], concurrency = 16): Promise<OpenedPosition[]> {
    const price = await ethPrice();
    const opened: OpenedPosition[] = [];
    const accounts = ratios.map((ratio, i) => {
      const key = generatePrivateKey();
      const account = privateKeyToAccount(key);
      keys.set(account.address.toLowerCase(), key);
      return { account, ratio, deposit: 0.5 + (i % 5) * 0.5 };
    });
    // Faucet and gas first, from the deployer, in one burst (the node orders its nonces).
    await Promise.all(
      accounts.map((a) => rpc("hardhat_setBalance", [a.account.address, toHex(parseEther("1"))])),
    );
    const hashes: Hex[] = [];
    for (const a of accounts) {
      hashes.push(
        await deployer.writeContract({
          address: weth,
          abi: mockERC20Abi,
          functionName: "mint",
          args: [a.account.address, parseEther(String(a.deposit))],
        }),
      );
    }
    await Promise.all(hashes.map(wait));
    for (let i = 0; i < accounts.length; i += concurrency) {
      await Promise.all(
        accounts.slice(i, i + concurrency).map(async (a) => {
          const wallet = walletOf(a.account.address);
          const amount = parseEther(String(a.deposit));
          await wait(
            await wallet.writeContract({
              address: weth,
              abi: mockERC20Abi,
              functionName: "approve",
              args: [vault, amount],
            }),
          );
          const mint = ((a.deposit * price) / (a.ratio * 1.003)).toFixed(6);
          const receipt = await wait(
            await wallet.writeContract({
              address: vault,
              abi: synthVaultAbi,
              functionName: "depositAndMint",
              args: [weth, sUsd, amount, parseUnits(mint, 18)],
            }),
          );
          if (receipt.status !== "success") throw new Error(`position at ${a.ratio} reverted`);
          opened.push({ owner: a.account.address, ratio: a.ratio, deposit: a.deposit });
        }),
      );
    }
    return opened;
  }

  /** Liquidations of WETH/sUSD positions since `fromBlock`: owner -> blocks (one per liquidation). */
  async function liquidations(fromBlock = 0n) {
    const logs = await publicClient.getLogs({
      address: vault,
      event: liquidatedEvent,
      fromBlock,
    });
    const byOwner = new Map<string, { block: bigint; liquidator: Address; hash: Hex }[]>();
    for (const log of logs) {
      const owner = log.args.owner!.toLowerCase();
      byOwner.set(owner, [
        ...(byOwner.get(owner) ?? []),
        { block: log.blockNumber, liquidator: log.args.liquidator!, hash: log.transactionHash },
      ]);
    }
    return byOwner;
  }

  /** The block the WETH breaker re-armed in (after `fromBlock`), if it has. */
  async function rearmedAt(fromBlock: bigint): Promise<bigint | undefined> {
    const logs = await publicClient.getLogs({
      address: oracle,
      event: rearmedEvent,
      args: { asset: weth },
      fromBlock,
    });
    return logs[0]?.blockNumber;
  }

  /** Every transaction `from` sent in blocks [fromBlock, head] that reverted. */
  async function revertedFrom(from: Address, fromBlock: bigint): Promise<Hex[]> {
    const head = await publicClient.getBlockNumber();
    const reverted: Hex[] = [];
    for (let n = fromBlock; n <= head; n++) {
      const block = await publicClient.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== from.toLowerCase()) continue;
        const receipt = await publicClient.getTransactionReceipt({ hash: tx.hash });
        if (receipt.status !== "success") reverted.push(tx.hash);
      }
    }
    return reverted;
  }

  return {
    chain,
    protocol,
    record,
    publicClient,
    wallets,
    indexer,
    deploymentFile,
    rpc,
    vault,
    weth,
    sUsd,
    ethPrice,
    setEthPrice,
    openPositions,
    walletOf,
    liquidations,
    rearmedAt,
    revertedFrom,
    /** Environment for a scheduled-keeper process on this chain (and indexer). */
    keeperEnv(extra: Record<string, string> = {}): Record<string, string> {
      return {
        KEEPER_RPC_URL: chain.url,
        KEEPER_DEPLOYMENT_FILE: deploymentFile,
        ...(indexer ? { KEEPER_INDEXER_URL: indexer.url } : {}),
        KEEPER_JOBS_POLL_MS: "50",
        ...extra,
      };
    },
    async close() {
      await protocol.connection.close().catch(() => {});
      await indexer?.stop();
      await storage?.drop();
      await chain.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
