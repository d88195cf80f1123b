// Decorates `app.ccip`: cross-chain transfers (Chainlink CCIP) as /v1/ccip serves them. The chains
// come from the deployment records (@fluxion/deploy, or the BuildAppOptions' records in tests; the
// record of API_DEPLOYMENT_FILE replaces its chain's), read live over each chain's RPC URL; messages
// come from the indexer (API_INDEXER_URL); manual executions go to the relay (KEEPER_CCIP_URL).
import { readFileSync } from "node:fs";
import { type DeploymentRecord, fluxionDeployments } from "@fluxion/deploy";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Transport } from "viem";
import { rateLimited } from "../plugins/rateLimit.ts";
import { type CcipReads, createCcipReads } from "./chainReads.ts";
import { type CcipDirectory, createCcipDirectory } from "./directory.ts";
import { createIndexerMessages } from "./indexerMessages.ts";
import { type ChainView, describeChains } from "./lanes.ts";
import { type CcipMessages, createCcipMessages } from "./messages.ts";
import { type QuoteInput, type QuoteView, quoteTransfer } from "./quote.ts";
import { createRelayClient } from "./relayClient.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Cross-chain transfers (ccip/plugin.ts). */
    ccip: Ccip;
  }
}

export type Ccip = {
  directory: CcipDirectory;
  reads: CcipReads;
  messages: CcipMessages;
  /** Every chain and its lanes, read live at most every `chainsTtlMs`. */
  chains(): Promise<ChainView[]>;
  quote(input: QuoteInput): Promise<QuoteView>;
  /** preHandler: 429 rate_limited past API_RATE_LIMIT_CCIP_EXECUTE manual executions a minute. */
  executeRateLimit(request: FastifyRequest): Promise<void>;
};

export type CcipPluginOptions = {
  /** Deployment records to serve instead of @fluxion/deploy's (tests). */
  deployments?: DeploymentRecord[];
  /** Per chain id, instead of HTTP to its RPC URL (tests: in-process chains). */
  transports?: Record<number, Transport>;
};

/** The lanes' buckets move every second: a burst of page loads shares one read of them. */
const chainsTtlMs = 2_000;

function recordsOf(app: FastifyInstance, options: CcipPluginOptions): DeploymentRecord[] {
  const records =
    options.deployments ?? (Object.values(fluxionDeployments) as unknown as DeploymentRecord[]);
  const file = app.config.deploymentFile;
  if (options.deployments || !file) return records;
  let replacement: DeploymentRecord;
  try {
    replacement = JSON.parse(readFileSync(file, "utf8")) as DeploymentRecord;
  } catch (error) {
    app.log.warn(
      { err: error, file },
      "API_DEPLOYMENT_FILE unreadable: /v1/ccip uses @fluxion/deploy's records",
    );
    return records;
  }
  return [...records.filter((r) => r.chainId !== replacement.chainId), replacement];
}

export const ccipPlugin = fp(
  async (app: FastifyInstance, options: CcipPluginOptions) => {
    const directory = createCcipDirectory(recordsOf(app, options));
    const reads = createCcipReads({
      rpcUrls: app.config.rpcUrls,
      transports: options.transports,
      now: () => app.clock.now().getTime(),
    });
    const messages = createCcipMessages({
      indexer: createIndexerMessages(app.config.indexerUrl),
      relay: createRelayClient(app.config.keeperCcip),
      directory,
      reads,
    });
    let cached: { at: number; chains: Promise<ChainView[]> } | undefined;
    const limiter = app.createRateLimit({
      timeWindow: 60_000,
      max: app.config.rateLimitCcipExecute,
      keyGenerator: (request) => {
        const principal = request.principal;
        if (principal?.kind === "session") return `ccip-execute:${principal.address}`;
        if (principal?.kind === "apiKey") return `ccip-execute:apikey:${principal.keyId}`;
        return `ccip-execute:ip:${request.ip}`;
      },
    });
    app.decorate("ccip", {
      directory,
      reads,
      messages,
      chains() {
        const at = Date.now();
        if (!cached || at - cached.at >= chainsTtlMs) {
          cached = { at, chains: describeChains(directory, reads) };
          // A failed read is not kept.
          cached.chains.catch(() => {
            cached = undefined;
          });
        }
        return cached.chains;
      },
      quote: (input) => quoteTransfer(directory, reads, input),
      async executeRateLimit(request) {
        const result = await limiter(request);
        if (!result.isAllowed && result.isExceeded) {
          throw rateLimited(result.max, Math.max(1, result.ttlInSeconds), "manual executions");
        }
      },
    } satisfies Ccip);
  },
  { name: "ccip", dependencies: ["config", "rate-limit"] },
);
