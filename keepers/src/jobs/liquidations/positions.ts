// Where the liquidation job learns which vault positions exist: the indexer (GraphQL, only the rows that
// changed since the last look), or, without an indexer, the vault's own events read from the chain. Both
// keep the same in-memory set of positions with debt; what either says is confirmed against the chain
// before anything is sent (job.ts).
import { synthVaultAbi } from "@fluxion/deploy";
import { type AbiEvent, type Address, getAbiItem, getAddress, type PublicClient } from "viem";
import { KeeperError } from "../../errors.ts";

export type WatchedPosition = {
  owner: Address;
  collateral: Address;
  synth: Address;
  collateralAmount: bigint;
  debt: bigint;
};

export const positionKey = (p: { owner: string; collateral: string; synth: string }) =>
  `${p.owner}:${p.collateral}:${p.synth}`.toLowerCase();

export type PositionSource = {
  readonly kind: "indexer" | "chain";
  /** Brings the set up to date; returns it (positions with debt only). */
  refresh(): Promise<Map<string, WatchedPosition>>;
  /** The block the set is up to date with (the indexer's progress; the chain source's own). */
  syncedBlock(): Promise<bigint | undefined>;
};

type IndexedRow = {
  owner: string;
  collateral: string;
  synth: string;
  collateralAmount: string;
  debt: string;
  updatedBlock: string;
};

/** Positions from the indexer's GraphQL, fetched incrementally by `updatedBlock`, 1,000 per page. */
export class IndexerPositions implements PositionSource {
  readonly kind = "indexer";
  readonly #url: string;
  readonly #chainId: number;
  readonly #positions = new Map<string, WatchedPosition>();
  /** Rows of this block and later are fetched next time (a block may have been half indexed). */
  #fromBlock = 0n;

  constructor(indexerUrl: string, chainId: number) {
    this.#url = `${indexerUrl.replace(/\/$/, "")}/graphql`;
    this.#chainId = chainId;
  }

  async refresh(): Promise<Map<string, WatchedPosition>> {
    let after: string | null = null;
    let newest = this.#fromBlock;
    for (;;) {
      const page: { items: IndexedRow[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        await this.#query(after);
      for (const row of page.items) {
        const position = {
          owner: getAddress(row.owner),
          collateral: getAddress(row.collateral),
          synth: getAddress(row.synth),
          collateralAmount: BigInt(row.collateralAmount),
          debt: BigInt(row.debt),
        };
        const key = positionKey(position);
        if (position.debt === 0n) this.#positions.delete(key);
        else this.#positions.set(key, position);
        const block = BigInt(row.updatedBlock);
        if (block > newest) newest = block;
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    this.#fromBlock = newest;
    return this.#positions;
  }

  async syncedBlock(): Promise<bigint | undefined> {
    const response = await fetch(this.#url.replace(/\/graphql$/, "/status"), {
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    if (!response?.ok) return undefined;
    const status = (await response.json().catch(() => ({}))) as Record<
      string,
      { id?: number; block?: { number?: number } }
    >;
    const chain = Object.values(status).find((c) => c?.id === this.#chainId);
    return chain?.block?.number === undefined ? undefined : BigInt(chain.block.number);
  }

  async #query(after: string | null) {
    const query = `query ($chainId: Int!, $from: BigInt!, $after: String) {
      positions(where: { chainId: $chainId, updatedBlock_gte: $from }, orderBy: "updatedBlock",
                orderDirection: "asc", limit: 1000, after: $after) {
        items { owner collateral synth collateralAmount debt updatedBlock }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query,
          variables: { chainId: this.#chainId, from: this.#fromBlock.toString(), after },
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new KeeperError("keepers.indexer_unreachable", `indexer at ${this.#url}: ${error}`, {
        retryable: true,
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({}))) as {
      data?: {
        positions: { items: IndexedRow[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
      errors?: { message: string }[];
    };
    if (!response.ok || !body.data) {
      throw new KeeperError(
        "keepers.indexer_failed",
        `indexer answered ${response.status}: ${body.errors?.[0]?.message ?? "no data"}`,
        { retryable: true },
      );
    }
    return body.data.positions;
  }
}

const positionEvents = (["Deposited", "Withdrawn", "Minted", "Burned", "Liquidated"] as const).map(
  (name) => getAbiItem({ abi: synthVaultAbi, name }) as AbiEvent,
);

/**
 * Positions from the vault's events on the chain: every position an event touched since the last look is
 * read again (`position`), at most `maxRange` blocks per request.
 */
export class ChainPositions implements PositionSource {
  readonly kind = "chain";
  readonly #client: PublicClient;
  readonly #vault: Address;
  readonly #positions = new Map<string, WatchedPosition>();
  readonly #maxRange: bigint;
  #nextBlock: bigint;

  constructor(client: PublicClient, vault: Address, fromBlock: bigint, maxRange = 10_000n) {
    this.#client = client;
    this.#vault = vault;
    this.#nextBlock = fromBlock;
    this.#maxRange = maxRange;
  }

  async syncedBlock(): Promise<bigint | undefined> {
    return this.#nextBlock - 1n;
  }

  async refresh(): Promise<Map<string, WatchedPosition>> {
    const head = await this.#client.getBlockNumber({ cacheTime: 0 });
    while (this.#nextBlock <= head) {
      const toBlock =
        head - this.#nextBlock >= this.#maxRange ? this.#nextBlock + this.#maxRange - 1n : head;
      const logs = await this.#client.getLogs({
        address: this.#vault,
        events: positionEvents,
        fromBlock: this.#nextBlock,
        toBlock,
      });
      const touched = new Map<string, { owner: Address; collateral: Address; synth: Address }>();
      for (const log of logs) {
        const args = (log as unknown as { args: Record<string, unknown> }).args as {
          owner?: Address;
          collateral?: Address;
          synth?: Address;
        };
        if (!args.owner || !args.collateral || !args.synth) continue;
        const p = { owner: args.owner, collateral: args.collateral, synth: args.synth };
        touched.set(positionKey(p), p);
      }
      await Promise.all(
        [...touched].map(async ([key, p]) => {
          const [collateralAmount, debt] = await this.#client.readContract({
            address: this.#vault,
            abi: synthVaultAbi,
            functionName: "position",
            args: [p.owner, p.collateral, p.synth],
            blockNumber: toBlock,
          });
          if (debt === 0n) this.#positions.delete(key);
          else this.#positions.set(key, { ...p, collateralAmount, debt });
        }),
      );
      this.#nextBlock = toBlock + 1n;
    }
    return this.#positions;
  }
}
