// Builds this process's chain feed from the configuration (API_INDEXER_URL, API_CHAIN_POLL_MS,
// API_CHAIN_REORG_DEPTH) and decorates it as `app.chainFeed`: null without an indexer to read.
import type { FastifyInstance } from "fastify";
import { createFeedStore } from "./feedStore.ts";
import { createIndexerSource } from "./indexerSource.ts";
import { type ChainFeed, createChainFeed } from "./poller.ts";

export function setUpChainFeed(app: FastifyInstance, owner: string): ChainFeed | null {
  const { indexerUrl, chainPollMs, chainReorgDepth } = app.config;
  if (!indexerUrl) {
    app.decorate("chainFeed", null);
    return null;
  }
  const feed = createChainFeed({
    source: createIndexerSource(indexerUrl),
    // A lease outlives many polls, so a slow poll keeps it; a dead process's runs out in seconds.
    store: createFeedStore({
      db: app.db,
      clock: app.clock,
      owner,
      leaseMs: Math.max(15_000, chainPollMs * 10),
    }),
    log: app.eventLog,
    clock: app.clock,
    pollMs: chainPollMs,
    reorgDepth: chainReorgDepth,
    onError: (error, context) => app.log.warn({ err: error }, `${context} failed`),
    onSettled: (settled) => {
      if (settled.retracted > 0) {
        app.log.info(
          { ...settled, fromBlock: String(settled.fromBlock), toBlock: String(settled.toBlock) },
          `chain feed ${settled.chainId}: ${settled.retracted} event(s) retracted (${settled.reason})`,
        );
      }
    },
  });
  app.decorate("chainFeed", feed);
  return feed;
}
