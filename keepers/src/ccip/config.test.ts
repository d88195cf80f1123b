import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDeployment } from "@fluxion/deploy";
import { describe, it } from "vitest";
import { KeeperConfigError } from "../config.ts";
import {
  type CcipDeployment,
  devRelayKey,
  type ReadCcipConfigOptions,
  readCcipConfig,
} from "./config.ts";
import { lanesBetween } from "./types.ts";

const router = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

/** CCIP records for any chain id (selector = chain id * 1000), with gateways. */
const records: ReadCcipConfigOptions = {
  ccipOf: (chainId) => ({
    chainSelector: String(chainId * 1000),
    local: true,
    router: { address: router(chainId), blockNumber: 7 },
    gateway: { address: router(chainId + 1), blockNumber: 8 },
  }),
};

/** The variable a bad configuration names. */
function refused(env: Record<string, string>, options: ReadCcipConfigOptions = records): string {
  try {
    readCcipConfig(env, options);
  } catch (error) {
    assert.ok(error instanceof KeeperConfigError, String(error));
    return error.variable;
  }
  assert.fail("accepted");
}

describe("CCIP keeper configuration", () => {
  it("relays between the two local chains by default, from their deployment records", () => {
    const config = readCcipConfig({});
    assert.equal(config.mode, "relay");
    assert.deepEqual(
      config.chains.map((c) => [c.chainId, c.rpcUrl]),
      [
        [31337, "http://127.0.0.1:8545"],
        [31338, "http://127.0.0.1:8546"],
      ],
    );
    for (const endpoint of config.endpoints) {
      const ccip = getDeployment(endpoint.chainId).ccip!;
      assert.equal(endpoint.selector, BigInt(ccip.chainSelector));
      assert.equal(endpoint.router.address.toLowerCase(), ccip.router.address.toLowerCase());
      assert.equal(endpoint.router.blockNumber, BigInt(ccip.router.blockNumber));
      assert.equal(endpoint.gateway?.address.toLowerCase(), ccip.gateway.address.toLowerCase());
    }
    assert.equal(config.privateKey, devRelayKey);
    assert.equal(config.finalityDepth, 2);
    assert.equal(config.pollMs, 250);
    assert.equal(config.leaseMs, 10_000);
    assert.equal(config.alertAfterMs, 1_800_000);
    assert.equal(config.port, 8794);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.serviceKey, undefined);
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /\.dev\/keepers\/ccip$/);
    assert.deepEqual(
      lanesBetween(config.endpoints).map((l) => l.name),
      ["31337->31338", "31338->31337"],
    );
  });

  it("takes what it is given", () => {
    const key = `0x${"11".repeat(32)}`;
    const config = readCcipConfig(
      {
        KEEPER_CCIP_MODE: "relay",
        KEEPER_CCIP_CHAINS: " 1=https://a.example/rpc , 10=http://b:9 ,42161=http://c",
        KEEPER_CCIP_PRIVATE_KEY: key,
        KEEPER_CCIP_FINALITY_DEPTH: "0",
        KEEPER_CCIP_POLL_MS: "50",
        KEEPER_CCIP_LEASE_MS: "5000",
        KEEPER_CCIP_ALERT_AFTER_MS: "60000",
        KEEPER_CCIP_PORT: "0",
        KEEPER_HOST: "0.0.0.0",
        KEEPER_SERVICE_KEY: "k".repeat(32),
        KEEPER_CCIP_DATA_DIR: "/tmp/ccip-data",
        DATABASE_URL: "postgres://u@h/db",
        KEEPER_NAME: "relay-a",
        KEEPER_LOG_LEVEL: "warn",
      },
      records,
    );
    assert.deepEqual(
      config.chains.map((c) => c.chainId),
      [1, 10, 42161],
    );
    assert.equal(config.endpoints[2]?.selector, 42_161_000n);
    assert.equal(lanesBetween(config.endpoints).length, 6, "every ordered pair");
    assert.equal(config.privateKey, key);
    assert.equal(config.finalityDepth, 0);
    assert.equal(config.port, 0);
    assert.equal(config.dataDir, "/tmp/ccip-data");
    assert.equal(config.keeper, "relay-a");
    assert.equal(config.logLevel, "warn");
    // Monitor mode sends nothing: no key needed anywhere.
    const monitor = readCcipConfig(
      { KEEPER_CCIP_MODE: "monitor", KEEPER_CCIP_CHAINS: "1=http://a,10=http://b" },
      records,
    );
    assert.equal(monitor.privateKey, undefined);
  });

  it("reads the deployment records from a directory when told to", () => {
    const dir = mkdtempSync(join(tmpdir(), "ccip-config-"));
    try {
      for (const chainId of [31337, 31338]) {
        const ccip: CcipDeployment = {
          chainSelector: String(chainId),
          local: true,
          router: { address: router(chainId), blockNumber: 3 },
        };
        writeFileSync(join(dir, `${chainId}.json`), JSON.stringify({ chainId, ccip }));
      }
      const config = readCcipConfig({ KEEPER_CCIP_DEPLOYMENT_DIR: dir });
      assert.equal(config.endpoints[1]?.router.address.toLowerCase(), router(31338));
      assert.equal(config.endpoints[1]?.selector, 31338n);
      assert.equal(
        refused({ KEEPER_CCIP_DEPLOYMENT_DIR: dir, KEEPER_CCIP_MODE: "monitor" }, {}),
        "KEEPER_CCIP_CHAINS",
        "monitor mode needs the gateways",
      );
      assert.equal(
        refused({ KEEPER_CCIP_DEPLOYMENT_DIR: join(dir, "missing") }, {}),
        "KEEPER_CCIP_DEPLOYMENT_DIR",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails at start-up naming the variable", () => {
    const two = "1=http://a,10=http://b";
    assert.equal(refused({ KEEPER_CCIP_MODE: "execute" }), "KEEPER_CCIP_MODE");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "31337=http://a" }), "KEEPER_CCIP_CHAINS");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "31337" }), "KEEPER_CCIP_CHAINS");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "1=http://a,1=http://b" }), "KEEPER_CCIP_CHAINS");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "1=ftp://a,10=http://b" }), "KEEPER_CCIP_CHAINS");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "0=http://a,10=http://b" }), "KEEPER_CCIP_CHAINS");
    assert.equal(refused({ KEEPER_CCIP_CHAINS: "1=not a url,10=http://b" }), "KEEPER_CCIP_CHAINS");
    // Off the local chains the relay's key is required; the one given must be a key.
    assert.equal(refused({ KEEPER_CCIP_CHAINS: two }), "KEEPER_CCIP_PRIVATE_KEY");
    assert.equal(
      refused({ KEEPER_CCIP_CHAINS: "31337=http://a,1=http://b" }),
      "KEEPER_CCIP_PRIVATE_KEY",
      "one non-local chain is enough",
    );
    assert.equal(refused({ KEEPER_CCIP_PRIVATE_KEY: "0x1234" }), "KEEPER_CCIP_PRIVATE_KEY");
    // Deployment records: missing, malformed, or Chainlink's router in relay mode.
    assert.equal(refused({}, { ccipOf: () => undefined }), "KEEPER_CCIP_CHAINS");
    const with_ = (ccip: Partial<CcipDeployment>): ReadCcipConfigOptions => ({
      ccipOf: (chainId) => ({ ...records.ccipOf!(chainId)!, ...ccip }),
    });
    assert.equal(
      refused({}, with_({ chainSelector: "18446744073709551616" })),
      "KEEPER_CCIP_CHAINS",
    );
    assert.equal(refused({}, with_({ chainSelector: "-1" })), "KEEPER_CCIP_CHAINS");
    assert.equal(
      refused({}, with_({ chainSelector: "5" })),
      "KEEPER_CCIP_CHAINS",
      "shared selector",
    );
    assert.equal(
      refused({}, with_({ router: { address: "0xnope", blockNumber: 1 } })),
      "KEEPER_CCIP_CHAINS",
    );
    assert.equal(refused({}, with_({ local: false })), "KEEPER_CCIP_MODE");
    assert.equal(
      readCcipConfig({ KEEPER_CCIP_MODE: "monitor" }, with_({ local: false })).mode,
      "monitor",
      "Chainlink's routers are for monitor mode",
    );
    assert.equal(refused({ KEEPER_CCIP_FINALITY_DEPTH: "-1" }), "KEEPER_CCIP_FINALITY_DEPTH");
    assert.equal(refused({ KEEPER_CCIP_FINALITY_DEPTH: "1001" }), "KEEPER_CCIP_FINALITY_DEPTH");
    assert.equal(refused({ KEEPER_CCIP_FINALITY_DEPTH: "two" }), "KEEPER_CCIP_FINALITY_DEPTH");
    assert.equal(refused({ KEEPER_CCIP_POLL_MS: "5" }), "KEEPER_CCIP_POLL_MS");
    assert.equal(refused({ KEEPER_CCIP_LEASE_MS: "10" }), "KEEPER_CCIP_LEASE_MS");
    assert.equal(refused({ KEEPER_CCIP_ALERT_AFTER_MS: "0" }), "KEEPER_CCIP_ALERT_AFTER_MS");
    assert.equal(refused({ KEEPER_CCIP_PORT: "70000" }), "KEEPER_CCIP_PORT");
    assert.equal(refused({ KEEPER_SERVICE_KEY: "short" }), "KEEPER_SERVICE_KEY");
    assert.equal(refused({ DATABASE_URL: "mysql://x" }), "DATABASE_URL");
    assert.equal(refused({ KEEPER_LOG_LEVEL: "loud" }), "KEEPER_LOG_LEVEL");
  });
});
