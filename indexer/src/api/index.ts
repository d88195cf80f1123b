// The indexer's HTTP API (Hono, served by Ponder next to /health, /ready, /status, /metrics):
// GraphQL over every table at /graphql, and custom routes for what GraphQL answers badly.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { fluxionDeployments } from "@fluxion/deploy";
import { Hono } from "hono";
import { graphql } from "ponder";
import { readIndexerEnv } from "../config/env.ts";
import { ApiError, errorBody, quoteInput } from "../lib/apiError.ts";
import { parseAddress, parseCandleQuery, parseChainId } from "../lib/routeParams.ts";
import { candles } from "./candles.ts";
import { portfolio } from "./portfolio.ts";

const indexedChainIds = readIndexerEnv(fluxionDeployments).chains.map((chain) => chain.chainId);

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

app.use("/graphql", graphql({ db, schema }));

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

app.notFound((c) =>
  c.json(errorBody("not_found", `no route ${c.req.method} ${quoteInput(c.req.path)}`), 404),
);

app.onError((error, c) => {
  if (error instanceof ApiError) return c.json(errorBody(error.code, error.message), error.status);
  console.error(`indexer api: ${c.req.method} ${c.req.path} failed`, error);
  return c.json(errorBody("internal", "internal error"), 500);
});

export default app;
