import assert from "node:assert/strict";
import { privateKeyToAccount } from "viem/accounts";
import { describe, it } from "vitest";
import { devKeeperKey, KeeperConfigError, readKeeperConfig } from "./config.ts";

const variable = (env: Record<string, string>) => {
  try {
    readKeeperConfig(env);
  } catch (error) {
    assert.ok(error instanceof KeeperConfigError);
    return error.variable;
  }
  return "no error";
};

describe("readKeeperConfig", () => {
  it("defaults to the local chain, PGlite, the dev service node and the local keeper key", () => {
    const config = readKeeperConfig({});
    assert.equal(config.chainId, 31337);
    assert.equal(config.rpcUrl, "http://127.0.0.1:8545");
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /\.dev\/keepers\/pglite$/);
    assert.match(config.lnDir, /\.dev\/lnd\/service$/);
    assert.equal(config.lnNetwork, "regtest");
    // The key of the account the local deployment grants KEEPER_ROLE to (Hardhat account #7).
    assert.equal(
      privateKeyToAccount(devKeeperKey).address,
      "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    );
  });

  it("names every bad variable", () => {
    assert.equal(variable({ KEEPER_RPC_URL: "ws://x" }), "KEEPER_RPC_URL");
    assert.equal(variable({ KEEPER_CHAIN_ID: "0" }), "KEEPER_CHAIN_ID");
    assert.equal(variable({ KEEPER_CHAIN_ID: "1" }), "KEEPER_PRIVATE_KEY");
    assert.equal(variable({ KEEPER_PRIVATE_KEY: "0x12" }), "KEEPER_PRIVATE_KEY");
    assert.equal(variable({ KEEPER_GATEWAY: "0x1234" }), "KEEPER_GATEWAY");
    assert.equal(variable({ DATABASE_URL: "mysql://x" }), "DATABASE_URL");
    assert.equal(variable({ KEEPER_LN_NETWORK: "mainnet" }), "KEEPER_LN_NETWORK");
    assert.equal(variable({ KEEPER_POLL_MS: "5" }), "KEEPER_POLL_MS");
    assert.equal(variable({ KEEPER_MINT_TIMELOCK: "x" }), "KEEPER_MINT_TIMELOCK");
    assert.equal(variable({ KEEPER_EVENTS_URL: "ftp://api" }), "KEEPER_EVENTS_URL");
    assert.equal(variable({ KEEPER_EVENTS_URL: "http://api/x" }), "KEEPER_EVENTS_SECRET");
    assert.equal(
      variable({ KEEPER_EVENTS_URL: "http://api/x", KEEPER_EVENTS_SECRET: "short" }),
      "KEEPER_EVENTS_SECRET",
    );
    // A long secret that is not a Standard Webhooks one (whsec_ + base64).
    assert.equal(
      variable({ KEEPER_EVENTS_URL: "http://api/x", KEEPER_EVENTS_SECRET: "s".repeat(40) }),
      "KEEPER_EVENTS_SECRET",
    );
  });

  it("sends events only when both the webhook URL and its secret are given", () => {
    assert.equal(readKeeperConfig({}).events, undefined);
    const secret = `whsec_${Buffer.alloc(32, 5).toString("base64")}`;
    assert.deepEqual(
      readKeeperConfig({
        KEEPER_EVENTS_URL: "http://127.0.0.1:8787/v1/webhooks/keeper",
        KEEPER_EVENTS_SECRET: secret,
      }).events,
      { url: "http://127.0.0.1:8787/v1/webhooks/keeper", secret },
    );
  });
});
