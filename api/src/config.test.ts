import assert from "node:assert/strict";
import { test } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

test("defaults run the API on embedded PGlite with the committed model", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8787);
  assert.equal(config.databaseUrl, undefined);
  assert.match(config.dataDir, /\.dev\/api\/pglite$/);
  assert.match(config.modelPath, /ml\/model\/risk\.onnx$/);
  assert.deepEqual(config.chainIds, [31337]);
  assert.equal(config.rateLimitNonce, 30);
  assert.equal(config.webhookBodyLimit, 256 * 1024);
  assert.equal(config.webhookRateLimit, 10);
  assert.deepEqual(config.fiatCurrencies, { USD: "sUSD" });
  assert.equal(config.reactions, true);
});

test("admins are checksummed", () => {
  const config = loadConfig({ API_ADMINS: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266, " });
  assert.deepEqual(config.admins, ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"]);
});

for (const [variable, value] of [
  ["API_PORT", "80a"],
  ["API_PORT", "70000"],
  ["API_LOG_LEVEL", "loud"],
  ["DATABASE_URL", "mysql://x"],
  ["API_ADMINS", "0x1234"],
  ["API_CHAIN_IDS", "mainnet"],
  ["API_RPC_URL", "ws://127.0.0.1:8545"],
  ["API_TRUST_PROXY", "maybe"],
  ["API_INGRESS_SECRETS", `keeper=${"x".repeat(40)}`],
  ["API_INGRESS_SECRETS", `Keeper!=whsec_${Buffer.alloc(32, 1).toString("base64")}`],
  ["API_FIAT_MINTER_PRIVATE_KEY", "0x1234"],
  ["API_FIAT_CURRENCIES", "usd=sUSD"],
  ["API_WEBHOOK_RATE_LIMIT", "0"],
  ["API_REACTIONS", "sometimes"],
  ["API_RATE_LIMIT_IP", "0"],
  ["API_RATE_LIMIT_NONCE", "0"],
  ["API_RATE_LIMIT_NONCE", "ten"],
  ["API_WEBHOOK_BODY_LIMIT", "100"],
  ["API_WEBHOOK_BODY_LIMIT", "1mb"],
  ["API_METRICS", "everyone"],
  ["API_INDEXER_URL", "127.0.0.1:42069"],
  ["API_CHAIN_POLL_MS", "0"],
  ["API_CHAIN_POLL_MS", "fast"],
  ["API_CHAIN_REORG_DEPTH", "0"],
] as const) {
  test(`a bad ${variable} (${value}) fails naming the variable`, () => {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === variable &&
        error.code === "config.invalid",
    );
  });
}

test("metrics: loopback by default, token once API_METRICS_TOKEN is set", () => {
  assert.deepEqual(loadConfig({}).metrics, { access: "loopback", token: undefined });
  const token = "t".repeat(32);
  assert.deepEqual(loadConfig({ API_METRICS_TOKEN: token }).metrics, { access: "token", token });
  assert.equal(loadConfig({ API_METRICS: "off" }).metrics.access, "off");
  for (const env of [
    { API_METRICS_TOKEN: "short" },
    { API_METRICS: "token" },
    { API_METRICS: "loopback", API_METRICS_TOKEN: token },
    { API_METRICS: "public", API_METRICS_TOKEN: token },
  ]) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === "API_METRICS_TOKEN",
      JSON.stringify(env),
    );
  }
});

test("KEEPER_JOBS_URL: optional, with the shared KEEPER_SERVICE_KEY", () => {
  assert.equal(loadConfig({}).keeperJobs, undefined);
  const serviceKey = "s".repeat(32);
  assert.deepEqual(
    loadConfig({ KEEPER_JOBS_URL: "http://127.0.0.1:8792/", KEEPER_SERVICE_KEY: serviceKey })
      .keeperJobs,
    { url: "http://127.0.0.1:8792", serviceKey },
  );
  for (const [env, variable] of [
    [{ KEEPER_JOBS_URL: "127.0.0.1:8792", KEEPER_SERVICE_KEY: serviceKey }, "KEEPER_JOBS_URL"],
    [{ KEEPER_JOBS_URL: "http://127.0.0.1:8792" }, "KEEPER_SERVICE_KEY"],
    [
      { KEEPER_JOBS_URL: "http://127.0.0.1:8792", KEEPER_SERVICE_KEY: "short" },
      "KEEPER_SERVICE_KEY",
    ],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
    );
  }
});

test("chain feed: off without API_INDEXER_URL; the indexer's root, polled every 500 ms", () => {
  const off = loadConfig({});
  assert.equal(off.indexerUrl, undefined);
  assert.equal(off.chainPollMs, 500);
  assert.equal(off.chainReorgDepth, 256);
  const on = loadConfig({
    API_INDEXER_URL: "http://127.0.0.1:42069/graphql",
    API_CHAIN_POLL_MS: "50",
    API_CHAIN_REORG_DEPTH: "64",
  });
  assert.equal(on.indexerUrl, "http://127.0.0.1:42069", "a /graphql suffix names the same indexer");
  assert.equal(on.chainPollMs, 50);
  assert.equal(on.chainReorgDepth, 64);
});

test("API_WEBHOOK_ALLOW_PRIVATE: outgoing webhooks to private hosts only when set (npm run dev)", () => {
  assert.equal(loadConfig({}).webhookAllowPrivate, false);
  assert.equal(loadConfig({ API_WEBHOOK_ALLOW_PRIVATE: "true" }).webhookAllowPrivate, true);
  assert.throws(
    () => loadConfig({ API_WEBHOOK_ALLOW_PRIVATE: "yes" }),
    (error: unknown) =>
      error instanceof ConfigError && error.variable === "API_WEBHOOK_ALLOW_PRIVATE",
  );
});

test("every chain's RPC URL: API_RPC_URL for the first chain, API_RPC_URL_<chainId> for others", () => {
  const defaults = loadConfig({});
  assert.equal(defaults.rpcUrl, "http://127.0.0.1:8545");
  assert.deepEqual(defaults.rpcUrls, { 31337: "http://127.0.0.1:8545" });
  const two = loadConfig({
    API_RPC_URL: "http://127.0.0.1:8545",
    API_RPC_URL_31338: "http://127.0.0.1:8546",
  });
  assert.deepEqual(two.rpcUrls, { 31337: "http://127.0.0.1:8545", 31338: "http://127.0.0.1:8546" });
  // The first chain's own variable stands in for API_RPC_URL, and may repeat it.
  assert.equal(loadConfig({ API_RPC_URL_31337: "http://node:8545" }).rpcUrl, "http://node:8545");
  assert.equal(
    loadConfig({ API_RPC_URL: "http://node:8545", API_RPC_URL_31337: "http://node:8545" }).rpcUrl,
    "http://node:8545",
  );
  // The first chain follows API_CHAIN_IDS.
  assert.deepEqual(
    loadConfig({ API_CHAIN_IDS: "31338,31337", API_RPC_URL: "http://b:1" }).rpcUrls,
    {
      31338: "http://b:1",
    },
  );
  for (const [env, variable] of [
    [{ API_RPC_URL_31338: "ws://127.0.0.1:8546" }, "API_RPC_URL_31338"],
    [{ API_RPC_URL_chain2: "http://127.0.0.1:8546" }, "API_RPC_URL_chain2"],
    [{ API_RPC_URL_0: "http://127.0.0.1:8546" }, "API_RPC_URL_0"],
    [{ API_RPC_URL: "http://a:1", API_RPC_URL_31337: "http://b:1" }, "API_RPC_URL_31337"],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
      JSON.stringify(env),
    );
  }
});

test("KEEPER_CCIP_URL: optional, with the shared KEEPER_SERVICE_KEY; manual executions limited per minute", () => {
  const off = loadConfig({});
  assert.equal(off.keeperCcip, undefined);
  assert.equal(off.rateLimitCcipExecute, 5);
  const serviceKey = "s".repeat(32);
  const on = loadConfig({
    KEEPER_CCIP_URL: "http://127.0.0.1:8794/",
    KEEPER_SERVICE_KEY: serviceKey,
    API_RATE_LIMIT_CCIP_EXECUTE: "20",
  });
  assert.deepEqual(on.keeperCcip, { url: "http://127.0.0.1:8794", serviceKey });
  assert.equal(on.rateLimitCcipExecute, 20);
  for (const [env, variable] of [
    [{ KEEPER_CCIP_URL: "127.0.0.1:8794", KEEPER_SERVICE_KEY: serviceKey }, "KEEPER_CCIP_URL"],
    [{ KEEPER_CCIP_URL: "http://127.0.0.1:8794" }, "KEEPER_SERVICE_KEY"],
    [{ API_RATE_LIMIT_CCIP_EXECUTE: "0" }, "API_RATE_LIMIT_CCIP_EXECUTE"],
    [{ API_RATE_LIMIT_CCIP_EXECUTE: "many" }, "API_RATE_LIMIT_CCIP_EXECUTE"],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
      JSON.stringify(env),
    );
  }
});
