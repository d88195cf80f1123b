// The indexer's HTTP API (Hono, served by Ponder next to /health, /ready, /status, /metrics):
// GraphQL over every table at /graphql, and custom routes for what GraphQL answers badly. Every
// request is bounded (indexer/README.md, "Limits"): GraphQL by size, depth, aliases, page sizes
// and estimated rows before it runs and by a wall clock while it runs; SQL by statement_timeout.
import { fluxionDeployments } from "@fluxion/deploy";
import { Hono } from "hono";
import { readIndexerEnv } from "../config/env.ts";
import { ApiError, errorBody, quoteInput } from "../lib/apiError.ts";
import {
  parseAddress,
  parseCandleQuery,
  parseCcipMessagesQuery,
  parseChainId,
  parseMessageId,
} from "../lib/routeParams.ts";
import { candles } from "./candles.ts";
import { ccipMessageById, ccipMessages } from "./ccip.ts";
import { createGraphqlRoutes, graphqlErrorBody } from "./graphql.ts";
import { portfolio } from "./portfolio.ts";
import { boundReadonlyDb } from "./readonlyDb.ts";

const env = readIndexerEnv(fluxionDeployments);
const indexedChainIds = env.chains.map((chain) => chain.chainId);
boundReadonlyDb({ statementTimeoutMs: env.api.statementTimeoutMs });

/** A chainId the client named must be one this indexer serves: else there is nothing to answer. */
function requireIndexed(chainId: number | undefined): void {
  if (chainId !== undefined && !indexedChainIds.includes(chainId)) {
    throw new ApiError(
      "request.unknown_chain",
      `chain ${chainId} is not indexed here (indexed: ${indexedChainIds.join(", ")})`,
      404,
    );
  }
}

const app = new Hono();

app.route("/", createGraphqlRoutes(env.api.graphql));

app.get("/portfolio/:address", async (c) => {
  const address = parseAddress(c.req.param("address"));
  const chainId = parseChainId(c.req.query("chainId"));
  requireIndexed(chainId);
  return c.json(await portfolio(address, chainId));
});

app.get("/pools/:poolId/candles", async (c) => {
  const query = parseCandleQuery(c.req.param("poolId"), c.req.query());
  requireIndexed(query.chainId);
  return c.json(await candles(query));
});

app.get("/ccip/messages", async (c) => {
  return c.json(await ccipMessages(parseCcipMessagesQuery(c.req.query())));
});

app.get("/ccip/messages/:id", async (c) => {
  return c.json(await ccipMessageById(parseMessageId(c.req.param("id"))));
});

app.notFound((c) =>
  c.json(errorBody("not_found", `no route ${c.req.method} ${quoteInput(c.req.path)}`), 404),
);

app.onError((error, c) => {
  if (error instanceof ApiError) {
    const body =
      c.req.path === "/graphql"
        ? graphqlErrorBody(error.code, error.message)
        : errorBody(error.code, error.message);
    if (error.status >= 500)
      console.warn(`indexer api: ${c.req.method} ${c.req.path}: ${error.code}`);
    return c.json(body, error.status);
  }
  console.error(`indexer api: ${c.req.method} ${c.req.path} failed`, error);
  return c.json(errorBody("internal", "internal error"), 500);
});

export default app;
