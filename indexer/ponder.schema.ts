// The indexer's tables. Every amount is an exact integer in the token's own units (numeric(78) in
// SQL, bigint in TypeScript, a decimal string in GraphQL); prices, USD values, ratios, fees and
// weights are 18-decimal fixed point (1e18 = $1 or 100%), as in the contracts. Every row carries its
// chain id, so one database serves every chain. camelCase here, snake_case in SQL.
import {
  bigint,
  boolean,
  hex,
  index,
  integer,
  onchainTable,
  onchainView,
  primaryKey,
  relations,
  sql,
  text,
} from "ponder";

/** The latest indexed block of each chain: "now" for values that move with time alone. */
export const chainClock = onchainTable("chain_clock", (t) => ({
  chainId: t.integer().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
}));

// ---------------------------------------------------------------- tokens and accounts

/** Every token the protocol touches: synths, collateral, LP tokens, FLX. */
export const token = onchainTable(
  "token",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    kind: t.text().notNull(), // synth | collateral | lp | governance | other
    symbol: t.text(),
    decimals: t.integer().notNull(),
    totalSupply: t.bigint().notNull(),
    /** LP tokens: the pool whose shares they are. */
    poolId: t.hex(),
    /** Latest oracle price (USD per whole token, 18 decimals), for tokens with a feed. */
    priceUsd: t.bigint(),
    /** Pools holding this token (their ids): each is revalued when the token's price moves. */
    pools: t.hex().array().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

export const account = onchainTable(
  "account",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    firstSeenBlock: t.bigint().notNull(),
    firstSeenTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

export const balance = onchainTable(
  "balance",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.token, table.account] }),
    accountIdx: index().on(table.chainId, table.account),
  }),
);

export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(), // chainId:txHash:logIndex
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    fromIdx: index().on(table.chainId, table.from),
    toIdx: index().on(table.chainId, table.to),
  }),
);

// ---------------------------------------------------------------- oracle

/** A Chainlink-style feed (the proxy address the oracle reads). */
export const feed = onchainTable(
  "feed",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    decimals: t.integer(),
    latestRoundId: t.bigint(),
    latestAnswer: t.bigint(),
    latestUpdatedAt: t.bigint(),
    /** Assets the oracle prices with this feed: each is repriced when the feed answers. */
    assets: t.hex().array().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

export const oracleRound = onchainTable(
  "oracle_round",
  (t) => ({
    chainId: t.integer().notNull(),
    feed: t.hex().notNull(),
    roundId: t.bigint().notNull(),
    answer: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.feed, table.roundId] }) }),
);

/** An asset priced by the PriceOracle: its feed, breaker settings and state, latest price. */
export const oracleAsset = onchainTable(
  "oracle_asset",
  (t) => ({
    chainId: t.integer().notNull(),
    asset: t.hex().notNull(),
    feed: t.hex(), // null once removed
    heartbeat: t.integer().notNull(),
    maxDeviation: t.bigint().notNull(),
    rearmRounds: t.integer().notNull(),
    priceUsd: t.bigint(),
    tripped: t.boolean().notNull(),
    tripCount: t.integer().notNull(),
    rearmCount: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.asset] }),
    feedIdx: index().on(table.chainId, table.feed),
  }),
);

export const breakerEvent = onchainTable(
  "breaker_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    asset: t.hex().notNull(),
    kind: t.text().notNull(), // tripped | rearmed
    roundId: t.bigint().notNull(),
    referencePrice: t.bigint(), // tripped only
    price: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ assetIdx: index().on(table.chainId, table.asset) }),
);

// ---------------------------------------------------------------- synths and positions

export const synth = onchainTable(
  "synth",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    assetId: t.text().notNull(),
    name: t.text().notNull(),
    symbol: t.text().notNull(),
    aggregator: t.hex().notNull(),
    debtCeiling: t.bigint().notNull(),
    mintFee: t.bigint().notNull(),
    burnFee: t.bigint().notNull(),
    active: t.boolean().notNull(),
    totalSupply: t.bigint().notNull(),
    totalDebt: t.bigint().notNull(),
    badDebt: t.bigint().notNull(),
    totalMinted: t.bigint().notNull(),
    totalBurned: t.bigint().notNull(),
    totalFees: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** Vault mint and burn history (the fee goes to the treasury). */
export const synthMintBurn = onchainTable(
  "synth_mint_burn",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    kind: t.text().notNull(), // mint | burn
    synth: t.hex().notNull(),
    owner: t.hex().notNull(),
    collateral: t.hex().notNull(),
    amount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    debtAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ synthIdx: index().on(table.chainId, table.synth) }),
);

export const collateralType = onchainTable(
  "collateral_type",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    issuanceRatio: t.bigint().notNull(),
    liquidationRatio: t.bigint().notNull(),
    liquidationBonus: t.bigint().notNull(),
    enabled: t.boolean().notNull(),
    decimals: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

/**
 * A vault position's amounts, as the vault's events leave them. Its USD valuation moves with every
 * oracle price and is computed when read: see `positionValue`.
 */
export const position = onchainTable(
  "position",
  (t) => ({
    chainId: t.integer().notNull(),
    owner: t.hex().notNull(),
    collateral: t.hex().notNull(),
    synth: t.hex().notNull(),
    collateralAmount: t.bigint().notNull(),
    debt: t.bigint().notNull(),
    liquidationCount: t.integer().notNull(),
    badDebt: t.bigint().notNull(),
    /** The block of the position's own last change (deposit, withdraw, mint, burn, liquidation). */
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.owner, table.collateral, table.synth] }),
    collateralIdx: index().on(table.chainId, table.collateral),
    synthIdx: index().on(table.chainId, table.synth),
  }),
);

// Fixed-point constants of the valuation below, as SQL literals (a view's definition takes no
// parameters): 1e18, 1e18 - 1 (to round up), 2^256 - 1 (the ratio without debt).
const WAD_SQL = sql.raw("1000000000000000000::numeric");
const WAD_MINUS_ONE_SQL = sql.raw("999999999999999999::numeric");
const MAX_UINT256_SQL = sql.raw(
  "115792089237316195423570985008687907853269984665640564039457584007913129639935::numeric",
);

/**
 * Every position valued at the latest indexed oracle prices, when read, exactly as
 * `SynthVault.positionOf` values it: collateral value = amount x price / 10^decimals rounded down,
 * debt value = debt x price / 1e18 rounded up, ratio = collateral value x 1e18 / debt value rounded
 * down (2^256-1 without debt). A price counts while the oracle has a feed for the asset; an amount
 * of zero needs none. Without a price or the collateral's settings the values are null and the
 * position is `unpriced` (or `no_debt`). Integer division is `div`, which truncates exactly (numeric
 * `/` rounds at a chosen scale), so PGlite and Postgres agree with the chain to the wei.
 */
export const positionValue = onchainView("position_value", {
  chainId: integer().notNull(),
  owner: hex().notNull(),
  collateral: hex().notNull(),
  synth: hex().notNull(),
  collateralAmount: bigint().notNull(),
  debt: bigint().notNull(),
  collateralValueUsd: bigint(),
  debtValueUsd: bigint(),
  collateralRatio: bigint(),
  liquidatable: boolean().notNull(),
  /** no_debt | healthy | below_issuance (cannot mint or withdraw) | liquidatable | unpriced */
  health: text().notNull(),
  liquidationCount: integer().notNull(),
  badDebt: bigint().notNull(),
  /** The block of the position's own last change (a price move changes only the values). */
  updatedBlock: bigint().notNull(),
}).as(sql`
  SELECT p.chain_id, p.owner, p.collateral, p.synth, p.collateral_amount, p.debt,
    v.collateral_value_usd, v.debt_value_usd, r.collateral_ratio,
    coalesce(r.collateral_ratio < ct.liquidation_ratio, false) AS liquidatable,
    CASE
      WHEN p.debt = 0 THEN 'no_debt'
      WHEN r.collateral_ratio IS NULL THEN 'unpriced'
      WHEN r.collateral_ratio < ct.liquidation_ratio THEN 'liquidatable'
      WHEN r.collateral_ratio < ct.issuance_ratio THEN 'below_issuance'
      ELSE 'healthy'
    END AS health,
    p.liquidation_count, p.bad_debt, p.updated_block
  FROM ${position} p
  LEFT JOIN ${collateralType} ct ON ct.chain_id = p.chain_id AND ct.token = p.collateral
  LEFT JOIN ${oracleAsset} ca
    ON ca.chain_id = p.chain_id AND ca.asset = p.collateral AND ca.feed IS NOT NULL
  LEFT JOIN ${oracleAsset} sa
    ON sa.chain_id = p.chain_id AND sa.asset = p.synth AND sa.feed IS NOT NULL
  CROSS JOIN LATERAL (
    SELECT
      CASE WHEN p.collateral_amount = 0 THEN 0::numeric ELSE ca.price_usd END AS collateral_price,
      CASE WHEN p.debt = 0 THEN 0::numeric ELSE sa.price_usd END AS synth_price
  ) pr
  CROSS JOIN LATERAL (
    SELECT
      CASE WHEN ct.token IS NOT NULL AND pr.collateral_price IS NOT NULL
          AND pr.synth_price IS NOT NULL
        THEN div(p.collateral_amount * pr.collateral_price,
          rpad('1', ct.decimals + 1, '0')::numeric)
      END AS collateral_value_usd,
      CASE WHEN ct.token IS NOT NULL AND pr.collateral_price IS NOT NULL
          AND pr.synth_price IS NOT NULL
        THEN div(p.debt * pr.synth_price + ${WAD_MINUS_ONE_SQL}, ${WAD_SQL})
      END AS debt_value_usd
  ) v
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN v.debt_value_usd = 0 THEN ${MAX_UINT256_SQL}
      ELSE div(v.collateral_value_usd * ${WAD_SQL}, v.debt_value_usd)
    END AS collateral_ratio
  ) r
`);

export const positionEvent = onchainTable(
  "position_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    owner: t.hex().notNull(),
    collateral: t.hex().notNull(),
    synth: t.hex().notNull(),
    kind: t.text().notNull(), // deposit | withdraw | mint | burn | liquidation | bad_debt
    amount: t.bigint().notNull(),
    collateralAfter: t.bigint().notNull(),
    debtAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.chainId, table.owner) }),
);

export const liquidation = onchainTable(
  "liquidation",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    owner: t.hex().notNull(),
    collateral: t.hex().notNull(),
    synth: t.hex().notNull(),
    liquidator: t.hex().notNull(),
    repaid: t.bigint().notNull(),
    collateralSeized: t.bigint().notNull(),
    debtAfter: t.bigint().notNull(),
    collateralAfter: t.bigint().notNull(),
    badDebtWrittenOff: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.chainId, table.owner) }),
);

// ---------------------------------------------------------------- pools

export const pool = onchainTable(
  "pool",
  (t) => ({
    chainId: t.integer().notNull(),
    poolId: t.hex().notNull(),
    kind: t.text().notNull(), // weighted | stable
    lpToken: t.hex().notNull(),
    tokens: t.hex().array().notNull(),
    /** Balances in pool token order, excluding protocol fees owed (as `getPoolState`). */
    balances: t.bigint().array().notNull(),
    protocolFeesOwed: t.bigint().array().notNull(),
    weights: t.bigint().array().notNull(),
    /** The tokens' decimals, in pool token order. */
    tokenDecimals: t.integer().array().notNull(),
    /**
     * The tokens' latest oracle prices (each its token row's `priceUsd`), in pool token order; 0 for
     * a token without one (the oracle never reports a zero price). `tvlUsd` is computed from these.
     */
    tokenPrices: t.bigint().array().notNull(),
    /** A x 1e3 (stable pools; 0 for weighted), at the start of the current ramp. */
    amp: t.bigint().notNull(),
    ampRampEnd: t.bigint().notNull(),
    ampRampStartTime: t.bigint().notNull(),
    ampRampEndTime: t.bigint().notNull(),
    swapFee: t.bigint().notNull(),
    lpSupply: t.bigint().notNull(),
    /** Sum of balance x oracle price over the priced tokens (18 decimals). */
    tvlUsd: t.bigint().notNull(),
    /** Whether every pool token had a price when `tvlUsd` was computed. */
    tvlComplete: t.boolean().notNull(),
    swapCount: t.integer().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTimestamp: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.poolId] }) }),
);

/** Pool membership by token (which pools to revalue when a price moves). */
export const poolToken = onchainTable(
  "pool_token",
  (t) => ({
    chainId: t.integer().notNull(),
    poolId: t.hex().notNull(),
    token: t.hex().notNull(),
    index: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.poolId, table.token] }),
    tokenIdx: index().on(table.chainId, table.token),
  }),
);

export const swap = onchainTable(
  "swap",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    poolId: t.hex().notNull(),
    sender: t.hex().notNull(),
    recipient: t.hex().notNull(),
    tokenIn: t.hex().notNull(),
    tokenOut: t.hex().notNull(),
    amountIn: t.bigint().notNull(),
    amountOut: t.bigint().notNull(),
    protocolFee: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ poolIdx: index().on(table.chainId, table.poolId, table.timestamp) }),
);

export const liquidityEvent = onchainTable(
  "liquidity_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    poolId: t.hex().notNull(),
    kind: t.text().notNull(), // add | remove
    sender: t.hex().notNull(),
    recipient: t.hex().notNull(),
    amounts: t.bigint().array().notNull(),
    protocolFees: t.bigint().array().notNull(),
    lpAmount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ poolIdx: index().on(table.chainId, table.poolId) }),
);

/**
 * OHLC of one token pair of one pool per minute. Price = quote per whole base token, 18 decimals,
 * of each swap between the two (amounts as executed, fee included), rounded down. Longer candles
 * are these added up when read (GET /pools/:poolId/candles?interval=1h, src/lib/candles.ts).
 */
export const candle = onchainTable(
  "candle",
  (t) => ({
    chainId: t.integer().notNull(),
    poolId: t.hex().notNull(),
    base: t.hex().notNull(),
    quote: t.hex().notNull(),
    bucketStart: t.bigint().notNull(), // unix seconds, a whole minute
    open: t.bigint().notNull(),
    high: t.bigint().notNull(),
    low: t.bigint().notNull(),
    close: t.bigint().notNull(),
    volumeBase: t.bigint().notNull(),
    volumeQuote: t.bigint().notNull(),
    trades: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({
      columns: [table.chainId, table.poolId, table.base, table.quote, table.bucketStart],
    }),
  }),
);

/**
 * Hourly OHLC of each pool pair, added up from its 1-minute candles when read: open of the hour's
 * first minute, close of its last, highest high, lowest low, volumes and trades summed; exactly what
 * one candle per hour fed by every swap would hold.
 */
export const candleHour = onchainView("candle_hour", {
  chainId: integer().notNull(),
  poolId: hex().notNull(),
  base: hex().notNull(),
  quote: hex().notNull(),
  bucketStart: bigint().notNull(), // unix seconds, a whole hour
  open: bigint().notNull(),
  high: bigint().notNull(),
  low: bigint().notNull(),
  close: bigint().notNull(),
  volumeBase: bigint().notNull(),
  volumeQuote: bigint().notNull(),
  trades: integer().notNull(),
}).as(sql`
  SELECT c.chain_id, c.pool_id, c.base, c.quote, div(c.bucket_start, 3600) * 3600 AS bucket_start,
    (array_agg(c.open ORDER BY c.bucket_start ASC))[1] AS open,
    max(c.high) AS high,
    min(c.low) AS low,
    (array_agg(c.close ORDER BY c.bucket_start DESC))[1] AS close,
    sum(c.volume_base) AS volume_base,
    sum(c.volume_quote) AS volume_quote,
    sum(c.trades)::integer AS trades
  FROM ${candle} c
  GROUP BY c.chain_id, c.pool_id, c.base, c.quote, div(c.bucket_start, 3600) * 3600
`);

// ---------------------------------------------------------------- governance

export const proposal = onchainTable(
  "proposal",
  (t) => ({
    chainId: t.integer().notNull(),
    proposalId: t.bigint().notNull(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    signatures: t.text().array().notNull(),
    calldatas: t.hex().array().notNull(),
    description: t.text().notNull(),
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    /** pending | active | canceled | defeated | succeeded | queued | executed (as `Governor.state`). */
    state: t.text().notNull(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    /** Votes needed (FLX supply at voteStart x quorum fraction); null until voting starts. */
    quorum: t.bigint(),
    eta: t.bigint(),
    /** The Timelock operation id once queued (a guardian cancelling it there cancels the proposal). */
    timelockId: t.hex(),
    createdBlock: t.bigint().notNull(),
    createdTimestamp: t.bigint().notNull(),
    queued: t.boolean().notNull(),
    executed: t.boolean().notNull(),
    canceled: t.boolean().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.proposalId] }) }),
);

export const vote = onchainTable(
  "vote",
  (t) => ({
    chainId: t.integer().notNull(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.integer().notNull(), // 0 against, 1 for, 2 abstain
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.proposalId, table.voter] }) }),
);

/** Governance settings and bookkeeping, one row per chain. */
export const governance = onchainTable("governance", (t) => ({
  chainId: t.integer().primaryKey(),
  quorumNumerator: t.bigint().notNull(),
  votingDelay: t.bigint().notNull(),
  votingPeriod: t.bigint().notNull(),
  proposalThreshold: t.bigint().notNull(),
  lateQuorumExtension: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  /** Registered reward tokens, in registration order. */
  rewardTokens: t.hex().array().notNull(),
  /** Proposals whose state can still change with time (refreshed every block). */
  openProposalIds: t.bigint().array().notNull(),
}));

/** FLX total supply after every mint or burn (quorums read it at a proposal's snapshot). */
export const governanceSupply = onchainTable(
  "governance_supply",
  (t) => ({
    chainId: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.timestamp] }) }),
);

/** FLX holder: voting power, delegate, stake. */
export const governanceAccount = onchainTable(
  "governance_account",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    /** Whom the account's votes go to (itself unless it delegated). */
    delegate: t.hex().notNull(),
    votingPower: t.bigint().notNull(),
    staked: t.bigint().notNull(),
    /** Tokens in the unstake cooldown as of the last request (free again from `cooldownEnd`). */
    cooling: t.bigint().notNull(),
    cooldownEnd: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

export const delegation = onchainTable(
  "delegation",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    delegator: t.hex().notNull(),
    fromDelegate: t.hex().notNull(),
    toDelegate: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ delegatorIdx: index().on(table.chainId, table.delegator) }),
);

export const stakingEvent = onchainTable(
  "staking_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    account: t.hex().notNull(),
    kind: t.text().notNull(), // stake | unstake_request
    amount: t.bigint().notNull(),
    stakedAfter: t.bigint().notNull(),
    coolingAfter: t.bigint().notNull(),
    cooldownEnd: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.chainId, table.account) }),
);

export const rewardToken = onchainTable(
  "reward_token",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    /** Accumulated rewards per staked FLX, 1e18-scaled (`rewardPerStake`). */
    rewardPerStake: t.bigint().notNull(),
    totalDistributed: t.bigint().notNull(),
    totalClaimed: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

/**
 * A staker's reward book per token, mirrored from the contract: `earned` = accrued +
 * floor(staked x (rewardPerStake - paidPerStake) / 1e18).
 */
export const stakerReward = onchainTable(
  "staker_reward",
  (t) => ({
    chainId: t.integer().notNull(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    paidPerStake: t.bigint().notNull(),
    accrued: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.account, table.token] }) }),
);

export const rewardEvent = onchainTable(
  "reward_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    kind: t.text().notNull(), // distributed | claimed
    token: t.hex().notNull(),
    account: t.hex().notNull(), // distributor or claimer
    to: t.hex(),
    amount: t.bigint().notNull(),
    rewardPerStake: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ tokenIdx: index().on(table.chainId, table.token) }),
);

// ---------------------------------------------------------------- supply chain

export const item = onchainTable(
  "item",
  (t) => ({
    chainId: t.integer().notNull(),
    itemId: t.bigint().notNull(),
    creator: t.hex().notNull(),
    custodian: t.hex().notNull(),
    pendingCustodian: t.hex(),
    /** registered | in_transit | stored | delivered | recalled */
    status: t.text().notNull(),
    flagged: t.boolean().notNull(),
    metadataHash: t.hex().notNull(),
    uri: t.text().notNull(),
    /** [{ sensor, min, max }] with decimal-string bounds. */
    ranges: t.json().notNull(),
    checkpointCount: t.integer().notNull(),
    registeredAt: t.bigint().notNull(),
    lastCheckpointAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.itemId] }),
    custodianIdx: index().on(table.chainId, table.custodian),
  }),
);

/** Custody and status history: registered, offered, offer_cancelled, transferred, status. */
export const custodyEvent = onchainTable(
  "custody_event",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    itemId: t.bigint().notNull(),
    kind: t.text().notNull(),
    from: t.hex(),
    to: t.hex(),
    statusFrom: t.text(),
    statusTo: t.text(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ itemIdx: index().on(table.chainId, table.itemId) }),
);

export const checkpoint = onchainTable(
  "checkpoint",
  (t) => ({
    chainId: t.integer().notNull(),
    itemId: t.bigint().notNull(),
    sequence: t.bigint().notNull(),
    attestor: t.hex().notNull(),
    observedAt: t.bigint().notNull(),
    location: t.hex().notNull(),
    /** [{ sensor, value }] with decimal-string values. */
    readings: t.json().notNull(),
    outOfRange: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.itemId, table.sequence] }) }),
);

/** One out-of-range reading; `clearedBy`/`clearReason` once an inspector clears the item. */
export const itemFlag = onchainTable(
  "item_flag",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    itemId: t.bigint().notNull(),
    sequence: t.bigint().notNull(),
    sensor: t.hex().notNull(),
    value: t.bigint().notNull(),
    min: t.bigint().notNull(),
    max: t.bigint().notNull(),
    cleared: t.boolean().notNull(),
    clearedBy: t.hex(),
    clearReason: t.text(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ itemIdx: index().on(table.chainId, table.itemId) }),
);

// ---------------------------------------------------------------- treasury

/** Every protocol fee paid to the treasury: synth mint/burn fees and collected pool fees. */
export const treasuryFee = onchainTable(
  "treasury_fee",
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    source: t.text().notNull(), // mint_fee | burn_fee | pool_fee | lightning_fee
    amount: t.bigint().notNull(),
    poolId: t.hex(),
    payer: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ tokenIdx: index().on(table.chainId, table.token) }),
);

/** Treasury totals per token. */
export const treasuryToken = onchainTable(
  "treasury_token",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    feesReceived: t.bigint().notNull(),
    distributedToStakers: t.bigint().notNull(),
    kept: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

// ---------------------------------------------------------------- cross-chain (CCIP)

/**
 * A CCIP message's whole life, merged from both of its chains: the source's send and the
 * destination's commit, executions and the gateway's handling (src/lib/ccipMessage.ts). Chains are
 * indexed independently (`ordering: "multichain"`), so the destination's events may come first: each
 * handler merges into the row, and the row ends the same in any order. Columns a side has not shown
 * yet are null. `state`: sent | committed | executed | failed (the router's last execution failed, or
 * the gateway stored the message as failed and it was neither retried nor recovered).
 */
export const ccipMessage = onchainTable(
  "ccip_message",
  (t) => ({
    messageId: t.hex().primaryKey(),
    sourceChainId: t.integer(),
    sourceChainSelector: t.bigint(),
    destChainId: t.integer(),
    destChainSelector: t.bigint(),
    /** Per (source, destination) lane, from 1. */
    sequenceNumber: t.bigint(),
    /** The contract that sent it (a Fluxion gateway for transfers and liquidity) and the one it goes to. */
    sender: t.hex(),
    receiver: t.hex(),
    /** transfer | liquidity (a Fluxion gateway's payload) | other */
    kind: t.text(),
    /** Transfers: the burner on the source and the recipient on the destination; liquidity: the recipient. */
    userFrom: t.hex(),
    userTo: t.hex(),
    /** Transfers: the synth's asset id (as `synth.assetId`), its address on each side, the amount. */
    assetId: t.text(),
    sourceSynth: t.hex(),
    destSynth: t.hex(),
    amount: t.bigint(),
    /** Liquidity: the pools, the LP shares exited and minted, the synths and amounts carried. */
    sourcePoolId: t.hex(),
    destPoolId: t.hex(),
    lpAmount: t.bigint(),
    lpMinted: t.bigint(),
    liquidityAssetIds: t.text().array(),
    liquidityAmounts: t.bigint().array(),
    /** The fee as the router charged it (`feeTokenAmount`; token 0x0: native). */
    feeToken: t.hex(),
    fee: t.bigint(),
    /** The receiver's gas limit the message asked for. */
    gasLimit: t.bigint(),
    /** The payload, exactly as sent (with the fields above, the LocalMessage `manuallyExecute` takes). */
    data: t.hex(),
    state: t.text().notNull(),
    /** The earliest block time either side has shown (a stable order for lists). */
    firstSeenTimestamp: t.bigint().notNull(),
    sent: t.boolean().notNull(),
    sentBlock: t.bigint(),
    sentTimestamp: t.bigint(),
    sentTxHash: t.hex(),
    committed: t.boolean().notNull(),
    committedBlock: t.bigint(),
    committedTimestamp: t.bigint(),
    committedTxHash: t.hex(),
    committer: t.hex(),
    /** The router ran the receiver successfully (once, ever). */
    executed: t.boolean().notNull(),
    executedBlock: t.bigint(),
    executedTimestamp: t.bigint(),
    executedTxHash: t.hex(),
    /** A router execution failed (the latest failure's position). */
    failed: t.boolean().notNull(),
    failedBlock: t.bigint(),
    failedTimestamp: t.bigint(),
    failedTxHash: t.hex(),
    /** Executed by `manuallyExecute` (the latest manual execution's position). */
    manuallyExecuted: t.boolean().notNull(),
    manualBlock: t.bigint(),
    manualTimestamp: t.bigint(),
    manualTxHash: t.hex(),
    /** success | failure: the router's latest execution; null before any. */
    executionState: t.text(),
    /** Completed execution attempts (ExecutionStateChanged events). */
    attempts: t.integer().notNull(),
    lastReturnData: t.hex(),
    lastGasUsed: t.bigint(),
    lastExecutor: t.hex(),
    /** The gateway caught the payload's failure and stored the message for a retry (MessageFailed). */
    storedFailed: t.boolean().notNull(),
    storedFailedBlock: t.bigint(),
    storedFailedTimestamp: t.bigint(),
    storedFailedTxHash: t.hex(),
    failureReason: t.hex(),
    retried: t.boolean().notNull(),
    retriedBlock: t.bigint(),
    retriedTimestamp: t.bigint(),
    retriedTxHash: t.hex(),
    retriedBy: t.hex(),
    recovered: t.boolean().notNull(),
    recoveredBlock: t.bigint(),
    recoveredTimestamp: t.bigint(),
    recoveredTxHash: t.hex(),
    recoveredTo: t.hex(),
    /** The gateway delivered the payload (SynthReceived / LiquidityReceived): on execution or retry. */
    received: t.boolean().notNull(),
    receivedBlock: t.bigint(),
    receivedTimestamp: t.bigint(),
    receivedTxHash: t.hex(),
  }),
  (table) => ({
    fromIdx: index().on(table.userFrom),
    toIdx: index().on(table.userTo),
    stateIdx: index().on(table.state),
    sourceIdx: index().on(table.sourceChainId, table.sequenceNumber),
  }),
);

/** Every completed execution attempt of a message on its destination (ExecutionStateChanged). */
export const ccipExecution = onchainTable(
  "ccip_execution",
  (t) => ({
    id: t.text().primaryKey(), // chainId:txHash:logIndex
    chainId: t.integer().notNull(),
    messageId: t.hex().notNull(),
    sourceChainSelector: t.bigint().notNull(),
    sequenceNumber: t.bigint().notNull(),
    /** untouched | in_progress | success | failure */
    state: t.text().notNull(),
    returnData: t.hex().notNull(),
    manual: t.boolean().notNull(),
    executor: t.hex().notNull(),
    gasLimit: t.bigint().notNull(),
    gasUsed: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ messageIdx: index().on(table.messageId) }),
);

/**
 * A chain's lane to and from a remote chain: the gateway's (governance: peer, gas limits) and, with
 * the local router, the router's (the CCIP operator: fees, sizes, whether the remote's messages are
 * executed here). Null columns: that contract never configured the lane.
 */
export const ccipLane = onchainTable(
  "ccip_lane",
  (t) => ({
    chainId: t.integer().notNull(),
    remoteChainSelector: t.bigint().notNull(),
    remoteChainId: t.integer(),
    enabled: t.boolean(),
    peer: t.hex(),
    transferGasLimit: t.bigint(),
    liquidityGasLimit: t.bigint(),
    liquidityAllowed: t.boolean(),
    routerEnabled: t.boolean(),
    baseFee: t.bigint(),
    gasPrice: t.bigint(),
    feePerByte: t.bigint(),
    maxGasLimit: t.bigint(),
    maxDataBytes: t.bigint(),
    sourceEnabled: t.boolean(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.remoteChainSelector] }) }),
);

/** The gateway's token buckets per lane and synth (Chainlink's RateLimiter.Config), as last set. */
export const ccipRateLimit = onchainTable(
  "ccip_rate_limit",
  (t) => ({
    chainId: t.integer().notNull(),
    remoteChainSelector: t.bigint().notNull(),
    synth: t.hex().notNull(),
    remoteChainId: t.integer(),
    outboundEnabled: t.boolean().notNull(),
    outboundCapacity: t.bigint().notNull(),
    outboundRate: t.bigint().notNull(),
    inboundEnabled: t.boolean().notNull(),
    inboundCapacity: t.bigint().notNull(),
    inboundRate: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.remoteChainSelector, table.synth] }),
  }),
);

// ---------------------------------------------------------------- the event bus's feed

/**
 * One row per contract event the API's event bus carries (api/src/events/chain/), written by the
 * handler of that event: position changes, liquidations, breaker trips and re-arms, supply-chain
 * flags, proposal lifecycle, Lightning gateway swaps, CCIP message state changes. Keyed by position in the chain so GraphQL
 * pages through it in (blockNumber, logIndex) order (`orderBy: "blockNumber"` with `where: { chainId }`:
 * the rest of the key breaks ties). A reorg removes the rows of the abandoned blocks, like any other.
 */
export const chainEvent = onchainTable(
  "chain_event",
  (t) => ({
    /** `<chainId>:<blockNumber>:<logIndex>` */
    id: t.text().notNull(),
    chainId: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    blockHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    txHash: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
    /** The bus's type: chain.position | chain.liquidation | chain.oracle.breaker | ... */
    type: t.text().notNull(),
    /** Checksummed (text, not hex, which Ponder lowercases); null for protocol-wide facts. */
    account: t.text(),
    /** The event's fields: amounts as decimal strings, addresses checksummed. */
    payload: t.json().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.blockNumber, table.logIndex] }),
  }),
);

// ---------------------------------------------------------------- relations (GraphQL nesting)

export const poolRelations = relations(pool, ({ many }) => ({
  swaps: many(swap),
  liquidityEvents: many(liquidityEvent),
  candles: many(candle),
}));
export const swapRelations = relations(swap, ({ one }) => ({
  pool: one(pool, { fields: [swap.chainId, swap.poolId], references: [pool.chainId, pool.poolId] }),
}));
export const liquidityEventRelations = relations(liquidityEvent, ({ one }) => ({
  pool: one(pool, {
    fields: [liquidityEvent.chainId, liquidityEvent.poolId],
    references: [pool.chainId, pool.poolId],
  }),
}));
export const candleRelations = relations(candle, ({ one }) => ({
  pool: one(pool, {
    fields: [candle.chainId, candle.poolId],
    references: [pool.chainId, pool.poolId],
  }),
}));
export const proposalRelations = relations(proposal, ({ many }) => ({ votes: many(vote) }));
export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, {
    fields: [vote.chainId, vote.proposalId],
    references: [proposal.chainId, proposal.proposalId],
  }),
}));
export const itemRelations = relations(item, ({ many }) => ({
  custodyEvents: many(custodyEvent),
  checkpoints: many(checkpoint),
  flags: many(itemFlag),
}));
export const custodyEventRelations = relations(custodyEvent, ({ one }) => ({
  item: one(item, {
    fields: [custodyEvent.chainId, custodyEvent.itemId],
    references: [item.chainId, item.itemId],
  }),
}));
export const checkpointRelations = relations(checkpoint, ({ one }) => ({
  item: one(item, {
    fields: [checkpoint.chainId, checkpoint.itemId],
    references: [item.chainId, item.itemId],
  }),
}));
export const itemFlagRelations = relations(itemFlag, ({ one }) => ({
  item: one(item, {
    fields: [itemFlag.chainId, itemFlag.itemId],
    references: [item.chainId, item.itemId],
  }),
}));
export const ccipMessageRelations = relations(ccipMessage, ({ many }) => ({
  executions: many(ccipExecution),
}));
export const ccipExecutionRelations = relations(ccipExecution, ({ one }) => ({
  message: one(ccipMessage, {
    fields: [ccipExecution.messageId],
    references: [ccipMessage.messageId],
  }),
}));
export const accountRelations = relations(account, ({ many }) => ({ balances: many(balance) }));
// Named apart from the balance's own `token` and `account` columns, which they would shadow.
export const balanceRelations = relations(balance, ({ one }) => ({
  holder: one(account, {
    fields: [balance.chainId, balance.account],
    references: [account.chainId, account.address],
  }),
  tokenInfo: one(token, {
    fields: [balance.chainId, balance.token],
    references: [token.chainId, token.address],
  }),
}));
export const positionRelations = relations(position, ({ many }) => ({
  events: many(positionEvent),
}));
export const positionEventRelations = relations(positionEvent, ({ one }) => ({
  position: one(position, {
    fields: [
      positionEvent.chainId,
      positionEvent.owner,
      positionEvent.collateral,
      positionEvent.synth,
    ],
    references: [position.chainId, position.owner, position.collateral, position.synth],
  }),
}));

/** Lightning gateway swaps, keyed by payment hash (used once ever, in one direction). */
export const lightningSwap = onchainTable(
  "lightning_swap",
  (t) => ({
    chainId: t.integer().notNull(),
    paymentHash: t.hex().notNull(),
    direction: t.text().notNull(), // mint | burn
    status: t.text().notNull(), // locked | claimed | refunded
    /** mint: the recipient; burn: the locker. */
    account: t.hex().notNull(),
    synth: t.hex().notNull(),
    sats: t.bigint().notNull(),
    /** Gross synth amount locked (fee included) and the fee fixed at lock time. */
    amount: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    timelock: t.bigint().notNull(),
    /** Published by the claim. */
    preimage: t.hex(),
    lockedBlock: t.bigint().notNull(),
    lockedTimestamp: t.bigint().notNull(),
    lockTransactionHash: t.hex().notNull(),
    resolvedBlock: t.bigint(),
    resolvedTimestamp: t.bigint(),
    resolveTransactionHash: t.hex(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.paymentHash] }),
    accountIdx: index().on(table.chainId, table.account),
  }),
);
