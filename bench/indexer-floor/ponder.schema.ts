// The floor app's one table: a row per Swap, the least an indexer of swaps can keep.
import { onchainTable } from "ponder";

export const swap = onchainTable("swap", (t) => ({
  id: t.text().primaryKey(),
  poolId: t.hex().notNull(),
  amountIn: t.bigint().notNull(),
  amountOut: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
}));
