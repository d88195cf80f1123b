// The indexer, through this origin's `/indexer` proxy: GraphQL over every table, the portfolio,
// candles and cross-chain message routes, and /status (how far each chain is indexed, which the
// transaction lifecycle waits on).
export const indexerBase = "/indexer";

export class IndexerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "IndexerError";
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${indexerBase}${path}`, init);
  } catch (error) {
    throw new IndexerError(
      "indexer.unreachable",
      `The indexer did not answer: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    | {
        error?: { code?: string; message?: string };
        errors?: { message: string; extensions?: { code?: string } }[];
      }
    | undefined;
  if (!response.ok || body?.errors?.length) {
    const first = body?.errors?.[0];
    const code = body?.error?.code ?? first?.extensions?.code ?? `indexer.http_${response.status}`;
    throw new IndexerError(
      code,
      body?.error?.message ?? first?.message ?? `indexer answered ${response.status}`,
    );
  }
  return body as T;
}

/** A GraphQL query; `T` is the shape of `data`. */
export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const body = await request<{ data: T }>("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return body.data;
}

export type PortfolioBalance = {
  token: string;
  symbol: string | null;
  kind: string;
  decimals: number;
  /** A synth's asset id (the same on every chain); null for other tokens. */
  assetId: string | null;
  amount: string;
  priceUsd: string | null;
  valueUsd: string | null;
  poolId: string | null;
};

export type PortfolioPosition = {
  collateral: string;
  synth: string;
  collateralAmount: string;
  debt: string;
  collateralValueUsd: string | null;
  debtValueUsd: string | null;
  collateralRatio: string | null;
  liquidatable: boolean;
  health: string;
  liquidationCount: number;
};

export type PortfolioChain = {
  chainId: number;
  balances: PortfolioBalance[];
  positions: PortfolioPosition[];
  governance: null | {
    votingPower: string;
    delegate: string;
    staked: string;
    cooling: string;
    cooldownEnd: string;
    rewards: { token: string; earned: string; claimed: string }[];
  };
  unpriced: string[];
  totals: { walletUsd: string; collateralUsd: string; debtUsd: string; netUsd: string };
};

/** One asset added up over the chains (a synth by its asset id, the same on every chain). */
export type PortfolioAsset = {
  asset: string;
  kind: string;
  symbol: string | null;
  decimals: number;
  assetId: string | null;
  amount: string;
  /** The sum over the chains where it has a price; `complete` says whether that is all of them. */
  valueUsd: string;
  complete: boolean;
  /** Transfers to the account on their way between chains (burnt on one, not yet minted). */
  inTransit: string;
  chains: { chainId: number; token: string; amount: string; valueUsd: string | null }[];
};

/** A cross-chain transfer to or from the account that has not arrived yet. */
export type PortfolioTransit = {
  messageId: string;
  state: string;
  direction: "in" | "out" | "self";
  from: string | null;
  to: string | null;
  assetId: string | null;
  amount: string | null;
  sourceChainId: number | null;
  destChainId: number | null;
};

export type PortfolioTotals = PortfolioChain["totals"];

export type Portfolio = {
  address: string;
  chains: PortfolioChain[];
  assets: PortfolioAsset[];
  inTransit: PortfolioTransit[];
  /** The chains' totals added up. */
  totals: PortfolioTotals;
};

export function portfolio(address: string, chainId?: number): Promise<Portfolio> {
  const query = chainId === undefined ? "" : `?chainId=${chainId}`;
  return request<Portfolio>(`/portfolio/${address}${query}`);
}

/** A cross-chain message as the indexer merged it from both of its chains (GET /ccip/messages). */
export type IndexedCcipMessage = {
  messageId: `0x${string}`;
  /** sent | committed | executed | failed */
  state: string;
  /** transfer | liquidity | other; null before the source's send is indexed. */
  kind: string | null;
  source: { chainId: number | null; synth: string | null };
  destination: { chainId: number | null; synth: string | null };
  from: string | null;
  to: string | null;
  assetId: string | null;
  amount: string | null;
  fee: { token: string | null; amount: string } | null;
  execution: { state: string | null; attempts: number; manual: boolean };
  gateway: { received: boolean; storedFailed: boolean; retried: boolean; recovered: boolean };
  /** Unix seconds, the earliest block time either chain showed. */
  firstSeenTimestamp: string;
};

/** The account's cross-chain messages, sent or received, on every chain, newest first. */
export function ccipMessages(
  account: string,
  options: { limit?: number; state?: string } = {},
): Promise<{ messages: IndexedCcipMessage[] }> {
  const params = new URLSearchParams({ account, limit: String(options.limit ?? 25) });
  if (options.state) params.set("state", options.state);
  return request(`/ccip/messages?${params}`);
}

export type Candle = {
  base: string;
  quote: string;
  /** Unix seconds, as a decimal string. */
  bucketStart: string;
  /** Quote per whole base token, 18 decimals. */
  open: string;
  high: string;
  low: string;
  close: string;
  volumeBase: string;
  volumeQuote: string;
  trades: number;
};

export function candles(
  poolId: string,
  options: {
    interval: "1m" | "1h";
    from: number;
    to: number;
    base?: string;
    quote?: string;
    chainId?: number;
  },
): Promise<{ candles: Candle[] }> {
  const params = new URLSearchParams({
    interval: options.interval,
    from: String(options.from),
    to: String(options.to),
  });
  if (options.base) params.set("base", options.base);
  if (options.quote) params.set("quote", options.quote);
  if (options.chainId !== undefined) params.set("chainId", String(options.chainId));
  return request(`/pools/${poolId}/candles?${params}`);
}

/** The latest block the indexer has processed on a chain (undefined before its first). */
export async function indexedBlock(chainId: number): Promise<bigint | undefined> {
  const status =
    await request<Record<string, { id?: number; block?: { number: number } }>>("/status");
  const entry = Object.entries(status).find(
    ([name, value]) => value.id === chainId || name === `chain${chainId}`,
  );
  const number = entry?.[1].block?.number;
  return number === undefined ? undefined : BigInt(number);
}

/** Resolves once the indexer has processed `block` on `chainId` (every view then agrees). */
export async function waitIndexed(
  chainId: number,
  block: bigint,
  options: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // A small GET: polled often, so a block indexed shows within ~10 ms of the indexer having it.
  const interval = options.intervalMs ?? 20;
  for (;;) {
    options.signal?.throwIfAborted();
    const indexed = await indexedBlock(chainId).catch(() => undefined);
    if (indexed !== undefined && indexed >= block) return;
    if (Date.now() > deadline) {
      throw new IndexerError("indexer.lagging", `The indexer has not reached block ${block} yet`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
