// Shared pieces of the indexing functions: row ids, address normalisation, the token and account
// registry, ERC-20 transfers into balances, and USD valuation of tokens.

import type { Context } from "ponder:registry";
import { account, balance, oracleAsset, token, transfer } from "ponder:schema";
import { getDeployment } from "@fluxion/deploy";
import { type Address, erc20Abi, type Hex, zeroAddress } from "viem";

export type Db = Context["db"];
export type Client = Context["client"];

/** What every handler needs to know about the event it runs for. */
export type EventMeta = {
  chainId: number;
  blockNumber: bigint;
  blockHash: Hex;
  timestamp: bigint;
  transactionHash: Hex;
  logIndex: number;
};

type AnyLogEvent = {
  block: { number: bigint; hash: Hex; timestamp: bigint };
  transaction: { hash: Hex };
  log: { logIndex: number };
};

export function meta(chainId: number, event: AnyLogEvent): EventMeta {
  return {
    chainId,
    blockNumber: event.block.number,
    blockHash: event.block.hash,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}

/** Primary key of a row made from one log. */
export function eventId(m: EventMeta): string {
  return `${m.chainId}:${m.transactionHash}:${m.logIndex}`;
}

/** Addresses are stored lowercase so joins and lookups never depend on checksum casing. */
export function lc(address: string): Address {
  return address.toLowerCase() as Address;
}

export const ZERO = zeroAddress;

export type TokenKind = "synth" | "collateral" | "lp" | "governance" | "other";

/** What the deployment record says about a token (symbol and decimals without an RPC call). */
function knownToken(
  chainId: number,
  address: Address,
): { symbol: string; decimals: number } | undefined {
  let record: ReturnType<typeof getDeployment>;
  try {
    record = getDeployment(chainId);
  } catch {
    return undefined;
  }
  for (const t of [...Object.values(record.collateral), ...Object.values(record.synths)]) {
    if (lc(t.address) === address) return { symbol: t.symbol, decimals: t.decimals };
  }
  return undefined;
}

/**
 * The token row, created on first sight. Symbol and decimals come from the caller, the deployment
 * record, or (for tokens neither knows) the token itself.
 */
export async function ensureToken(
  db: Db,
  client: Client,
  chainId: number,
  address: Address,
  kind: TokenKind,
  info?: { symbol?: string; decimals?: number; poolId?: Hex },
) {
  const existing = await db.find(token, { chainId, address });
  if (existing) return existing;
  const known = knownToken(chainId, address);
  let symbol = info?.symbol ?? known?.symbol;
  let decimals = info?.decimals ?? known?.decimals;
  if (decimals === undefined) {
    decimals = await client.readContract({ address, abi: erc20Abi, functionName: "decimals" });
  }
  if (symbol === undefined) {
    symbol = await client
      .readContract({ address, abi: erc20Abi, functionName: "symbol" })
      .catch(() => undefined);
  }
  const priced = await db.find(oracleAsset, { chainId, asset: address });
  const row = {
    chainId,
    address,
    kind,
    symbol: symbol ?? null,
    decimals,
    totalSupply: 0n,
    poolId: info?.poolId ?? null,
    priceUsd: priced?.feed ? priced.priceUsd : null,
    pools: [] as Hex[],
  };
  await db.insert(token).values(row).onConflictDoNothing();
  return row;
}

export async function ensureAccount(db: Db, m: EventMeta, address: Address): Promise<void> {
  await db
    .insert(account)
    .values({
      chainId: m.chainId,
      address,
      firstSeenBlock: m.blockNumber,
      firstSeenTimestamp: m.timestamp,
    })
    .onConflictDoNothing();
}

/**
 * Applies an ERC-20 Transfer to balances and total supply, records it, and returns the supply
 * change (+minted, -burned, 0 for a plain transfer).
 */
export async function applyTransfer(
  db: Db,
  m: EventMeta,
  tokenAddress: Address,
  fromRaw: Address,
  toRaw: Address,
  value: bigint,
): Promise<bigint> {
  const from = lc(fromRaw);
  const to = lc(toRaw);
  const { chainId } = m;
  let supplyChange = 0n;
  if (from === ZERO) supplyChange += value;
  else {
    await db
      .insert(balance)
      .values({
        chainId,
        token: tokenAddress,
        account: from,
        amount: -value,
        updatedBlock: m.blockNumber,
      })
      .onConflictDoUpdate((row) => ({ amount: row.amount - value, updatedBlock: m.blockNumber }));
  }
  if (to === ZERO) supplyChange -= value;
  else {
    await ensureAccount(db, m, to);
    await db
      .insert(balance)
      .values({
        chainId,
        token: tokenAddress,
        account: to,
        amount: value,
        updatedBlock: m.blockNumber,
      })
      .onConflictDoUpdate((row) => ({ amount: row.amount + value, updatedBlock: m.blockNumber }));
  }
  if (supplyChange !== 0n) {
    await db
      .update(token, { chainId, address: tokenAddress })
      .set((row) => ({ totalSupply: row.totalSupply + supplyChange }));
  }
  await db.insert(transfer).values({
    id: eventId(m),
    chainId,
    token: tokenAddress,
    from,
    to,
    amount: value,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  return supplyChange;
}
