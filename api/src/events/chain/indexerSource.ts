// Reads the indexer's feed of on-chain events (indexer/ponder.schema.ts, `chainEvent`) over its
// GraphQL, and what the chain feed needs to know about the indexer: whether it has finished its
// backfill (/ready: a restarting indexer reverts its unfinalized rows and re-indexes them while
// not ready, so its feed is incomplete then) and how far it has indexed each chain (`_meta`).
import type { Hex } from "viem";
import type { CcipFeedMessage } from "./ccip.ts";

/** One row of the indexer's feed: one contract event the bus carries. */
export type FeedRow = {
  chainId: number;
  blockNumber: bigint;
  blockHash: Hex;
  logIndex: number;
  txHash: Hex;
  /** Block time, unix seconds. */
  timestamp: bigint;
  type: string;
  /** Checksummed; null for protocol-wide facts. */
  account: string | null;
  payload: Record<string, unknown>;
};

export type FeedPageQuery = {
  chainId: number;
  /** Inclusive block range. */
  fromBlock: bigint;
  toBlock: bigint;
  /** The previous page's `next`; null for the first page. */
  after: string | null;
  limit: number;
};

export type FeedPage = { rows: FeedRow[]; next: string | null };

/** The indexer as the chain feed sees it (tests put a scripted one in its place). */
export type ChainFeedSource = {
  /** The indexer has finished its backfill (and any re-indexing after a restart). */
  ready(): Promise<boolean>;
  /** The highest block indexed, by chain id. */
  heads(): Promise<Map<number, bigint>>;
  /** Rows in (blockNumber, logIndex) order, a page at a time. */
  page(query: FeedPageQuery): Promise<FeedPage>;
  /** The block hash of the row at a position, or null when the feed has none there. */
  hashAt(chainId: number, blockNumber: bigint, logIndex: number): Promise<Hex | null>;
  /** The indexer's merged CCIP messages (ccip_message) of these ids, those it has, by lowercase id. */
  ccipMessages(messageIds: readonly string[]): Promise<Map<string, CcipFeedMessage>>;
};

/** Stable codes, so logs and alerts can be searched. */
export type ChainFeedErrorCode =
  | "chain_feed.indexer_unreachable"
  | "chain_feed.indexer_error"
  | "chain_feed.bad_row";

export class ChainFeedError extends Error {
  override name = "ChainFeedError";
  readonly code: ChainFeedErrorCode;
  constructor(code: ChainFeedErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

type RawRow = {
  chainId: number;
  blockNumber: string;
  blockHash: Hex;
  logIndex: number;
  txHash: Hex;
  timestamp: string;
  type: string;
  account: string | null;
  payload: Record<string, unknown> | string;
};

const CCIP_FIELDS =
  "messageId kind sourceChainId destChainId userFrom userTo assetId amount storedFailedTxHash manualTxHash";

const FIELDS = "chainId blockNumber blockHash logIndex txHash timestamp type account payload";

function toRow(raw: RawRow): FeedRow {
  const payload = typeof raw.payload === "string" ? JSON.parse(raw.payload) : raw.payload;
  if (
    !Number.isSafeInteger(raw.chainId) ||
    !/^\d+$/.test(raw.blockNumber) ||
    !/^0x[0-9a-f]{64}$/.test(raw.blockHash) ||
    !Number.isSafeInteger(raw.logIndex) ||
    !/^\d+$/.test(raw.timestamp) ||
    typeof payload !== "object" ||
    payload === null
  ) {
    throw new ChainFeedError(
      "chain_feed.bad_row",
      `a feed row is malformed: ${JSON.stringify(raw).slice(0, 300)}`,
    );
  }
  return {
    chainId: raw.chainId,
    blockNumber: BigInt(raw.blockNumber),
    blockHash: raw.blockHash,
    logIndex: raw.logIndex,
    txHash: raw.txHash,
    timestamp: BigInt(raw.timestamp),
    type: raw.type,
    account: raw.account,
    payload: payload as Record<string, unknown>,
  };
}

/**
 * The indexer at `url` (its root, e.g. http://127.0.0.1:42069: /ready and /graphql are read).
 * Every request is bounded by `timeoutMs`.
 */
export function createIndexerSource(
  url: string,
  options: { timeoutMs?: number } = {},
): ChainFeedSource {
  const base = url.replace(/\/+$/, "").replace(/\/graphql$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(path: string, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new ChainFeedError(
        "chain_feed.indexer_unreachable",
        `the indexer at ${base} does not answer (${(error as Error).message})`,
        { cause: error },
      );
    }
  }

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: {
      data?: T;
      errors?: { message?: string }[];
      error?: { code?: string; message?: string };
    };
    try {
      body = JSON.parse(text);
    } catch {
      throw new ChainFeedError(
        "chain_feed.indexer_error",
        `the indexer's GraphQL answered ${response.status} with no JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!response.ok || body.errors || !body.data) {
      const reason =
        body.error?.message ?? body.errors?.[0]?.message ?? `status ${response.status}`;
      throw new ChainFeedError(
        "chain_feed.indexer_error",
        `the indexer's GraphQL refused: ${reason}`,
      );
    }
    return body.data;
  }

  return {
    async ready() {
      const response = await request("/ready");
      await response.body?.cancel();
      return response.status === 200;
    },
    async heads() {
      const data = await graphql<{
        _meta: { status: Record<string, { id: number; block: { number: number } | null }> | null };
      }>("{ _meta { status } }");
      const heads = new Map<number, bigint>();
      for (const chain of Object.values(data._meta.status ?? {})) {
        if (chain.block) heads.set(chain.id, BigInt(chain.block.number));
      }
      return heads;
    },
    async page({ chainId, fromBlock, toBlock, after, limit }) {
      // Ordered by block; the rest of the key (chainId, fixed here, then logIndex) breaks ties.
      const data = await graphql<{
        chainEvents: {
          items: RawRow[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(
        `query ($chainId: Int!, $from: BigInt!, $to: BigInt!, $after: String, $limit: Int!) {
          chainEvents(where: { chainId: $chainId, blockNumber_gte: $from, blockNumber_lte: $to },
            orderBy: "blockNumber", orderDirection: "asc", limit: $limit, after: $after) {
            items { ${FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        { chainId, from: fromBlock.toString(), to: toBlock.toString(), after, limit },
      );
      const { items, pageInfo } = data.chainEvents;
      return {
        rows: items.map(toRow),
        next: pageInfo.hasNextPage ? pageInfo.endCursor : null,
      };
    },
    async ccipMessages(messageIds) {
      const found = new Map<string, CcipFeedMessage>();
      // In pages the indexer's GraphQL limits allow.
      for (let start = 0; start < messageIds.length; start += 100) {
        const ids = messageIds.slice(start, start + 100);
        const data = await graphql<{ ccipMessages: { items: CcipFeedMessage[] } }>(
          `query ($ids: [String!]!, $limit: Int!) {
            ccipMessages(where: { messageId_in: $ids }, limit: $limit) {
              items { ${CCIP_FIELDS} } } }`,
          { ids, limit: ids.length },
        );
        for (const message of data.ccipMessages.items) {
          found.set(message.messageId.toLowerCase(), message);
        }
      }
      return found;
    },
    async hashAt(chainId, blockNumber, logIndex) {
      const data = await graphql<{ chainEvent: { blockHash: Hex } | null }>(
        `query ($chainId: Int!, $block: BigInt!, $logIndex: Int!) {
          chainEvent(chainId: $chainId, blockNumber: $block, logIndex: $logIndex) { blockHash } }`,
        { chainId, block: blockNumber.toString(), logIndex },
      );
      return data.chainEvent?.blockHash ?? null;
    },
  };
}
