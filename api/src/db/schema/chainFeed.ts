// The on-chain events the chain feed (api/src/events/chain/) has put on the event log: what it
// compares the indexer's feed with to notice a reorg (an event it logged that the indexer no longer
// has) and to log each event once. Kept, not pruned: a chain replaced from far back (a restarted
// development chain) is re-compared from its first block.
import { bigint, index, integer, text, timestamp } from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

export const chainFeed = apiSchema.table(
  "chain_feed",
  {
    /** The event's id in the log: chain:<chainId>:<block>:<logIndex>:<blockHash>[:<generation>]. */
    eventId: text("event_id").primaryKey(),
    chainId: integer("chain_id").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    logIndex: integer("log_index").notNull(),
    blockHash: text("block_hash").notNull(),
    /** 0 when first logged; n when it came back after its n-th retraction (a reorg undone). */
    generation: integer("generation").notNull(),
    type: text("type").notNull(),
    account: text("account"),
    loggedAt: timestamp("logged_at", { withTimezone: true }).notNull(),
    /** When its chain.retracted was logged; null while it stands. */
    retractedAt: timestamp("retracted_at", { withTimezone: true }),
  },
  (table) => [
    index("chain_feed_position_idx").on(table.chainId, table.blockNumber, table.logIndex),
  ],
);
