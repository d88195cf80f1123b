import assert from "node:assert/strict";
import type { DeploymentRecord } from "@fluxion/deploy";
import { describe, it } from "vitest";
import { IndexerConfigError, isLocalChain, readIndexerEnv } from "./env.ts";

function deployment(chainId: number): DeploymentRecord {
  return { chainId, network: "x", contracts: {}, synths: {}, collateral: {}, feeds: {}, pools: {} };
}
const deployments = { "31337": deployment(31337), "11155111": deployment(11155111) };

function variable(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof IndexerConfigError);
    return error.variable;
  }
  return "no error";
}

describe("readIndexerEnv", () => {
  it("indexes the local chain by default, on PGlite, polling every 100 ms", () => {
    const env = readIndexerEnv(deployments, {});
    assert.deepEqual(
      env.chains.map((c) => [c.chainId, c.name, c.rpcUrl, c.wsUrl]),
      [[31337, "chain31337", "http://127.0.0.1:8545", undefined]],
    );
    assert.equal(env.pollingIntervalMs, 100);
    assert.deepEqual(env.database, { kind: "pglite", directory: ".ponder/pglite" });
  });

  it("adds every chain that has an RPC URL: a second chain is configuration", () => {
    const env = readIndexerEnv(deployments, {
      INDEXER_RPC_URL_11155111: "https://rpc.example",
      INDEXER_WS_URL_11155111: "wss://rpc.example",
      FLUXION_RPC_URL: "http://127.0.0.1:9545",
      DATABASE_URL: "postgres://u@h/db",
    });
    assert.deepEqual(
      env.chains.map((c) => [c.chainId, c.rpcUrl, c.wsUrl]),
      [
        [31337, "http://127.0.0.1:9545", undefined],
        [11155111, "https://rpc.example", "wss://rpc.example"],
      ],
    );
    assert.deepEqual(env.database, { kind: "postgres", connectionString: "postgres://u@h/db" });
  });

  it("treats the second local chain like the first: default URL, never cached", () => {
    const both = { ...deployments, "31338": deployment(31338) };
    assert.deepEqual(
      readIndexerEnv(both, {}).chains.map((c) => [c.chainId, c.rpcUrl]),
      [
        [31337, "http://127.0.0.1:8545"],
        [31338, "http://127.0.0.1:8546"],
      ],
    );
    assert.deepEqual(
      readIndexerEnv(both, {
        FLUXION_RPC_URL_2: "http://127.0.0.1:9546",
        INDEXER_CHAIN_IDS: "31338",
      }).chains.map((c) => [c.chainId, c.rpcUrl]),
      [[31338, "http://127.0.0.1:9546"]],
    );
    assert.equal(
      readIndexerEnv(both, { INDEXER_RPC_URL_31338: "http://node2:8545" }).chains[1]?.rpcUrl,
      "http://node2:8545",
    );
    assert.deepEqual([31337, 31338, 1337, 11155111].map(isLocalChain), [true, true, true, false]);
  });

  it("narrows to INDEXER_CHAIN_IDS and names every bad variable", () => {
    assert.equal(readIndexerEnv(deployments, { INDEXER_CHAIN_IDS: "31337" }).chains.length, 1);
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_CHAIN_IDS: "1" })),
      "INDEXER_CHAIN_IDS",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_CHAIN_IDS: "x" })),
      "INDEXER_CHAIN_IDS",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_CHAIN_IDS: "11155111" })),
      "INDEXER_RPC_URL_11155111",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_RPC_URL_31337: "ftp://x" })),
      "INDEXER_RPC_URL_31337",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_WS_URL_31337: "http://x" })),
      "INDEXER_WS_URL_31337",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_POLLING_MS: "0" })),
      "INDEXER_POLLING_MS",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { INDEXER_RPC_COPIES: "a" })),
      "INDEXER_RPC_COPIES",
    );
    assert.equal(
      variable(() => readIndexerEnv(deployments, { DATABASE_URL: "mysql://x" })),
      "DATABASE_URL",
    );
  });

  it("bounds the API by default and names a bad limit", () => {
    assert.deepEqual(readIndexerEnv(deployments, {}).api, {
      graphql: {
        maxDepth: 8,
        maxAliases: 30,
        maxTokens: 1_000,
        maxCost: 10_000,
        maxLimit: 1_000,
        maxBodyBytes: 100_000,
        timeoutMs: 10_000,
      },
      statementTimeoutMs: 5_000,
    });
    const api = readIndexerEnv(deployments, {
      INDEXER_GRAPHQL_MAX_DEPTH: "12",
      INDEXER_GRAPHQL_MAX_LIMIT: "100",
      INDEXER_GRAPHQL_TIMEOUT_MS: "2500",
      INDEXER_API_STATEMENT_TIMEOUT_MS: "1000",
    }).api;
    assert.equal(api.graphql.maxDepth, 12);
    assert.equal(api.graphql.maxLimit, 100);
    assert.equal(api.graphql.timeoutMs, 2_500);
    assert.equal(api.statementTimeoutMs, 1_000);
    for (const [name, value] of [
      ["INDEXER_GRAPHQL_MAX_DEPTH", "0"],
      ["INDEXER_GRAPHQL_MAX_ALIASES", "-1"],
      ["INDEXER_GRAPHQL_MAX_TOKENS", "x"],
      ["INDEXER_GRAPHQL_MAX_COST", "1.5"],
      // Ponder refuses pages above 1,000 whatever we allow.
      ["INDEXER_GRAPHQL_MAX_LIMIT", "1001"],
      ["INDEXER_GRAPHQL_MAX_BODY_BYTES", "0"],
      ["INDEXER_GRAPHQL_TIMEOUT_MS", "600001"],
      ["INDEXER_API_STATEMENT_TIMEOUT_MS", "soon"],
    ] as const) {
      assert.equal(
        variable(() => readIndexerEnv(deployments, { [name]: value })),
        name,
      );
    }
  });
});
