// Hardhat 3 configuration for the Fluxion contracts, Ignition deploys and contract tests.
// solc comes from the npm `solc` package (this toolchain never downloads a compiler), so the
// version is derived from the package itself and can never disagree with the binary.
import { createRequire } from "node:module";
import hardhatIgnitionViem from "@nomicfoundation/hardhat-ignition-viem";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath: string = require.resolve("solc/soljson.js");

const compiler = {
  version: solcVersion,
  path: solcPath,
  settings: {
    evmVersion: "prague",
    optimizer: { enabled: true, runs: 10_000 },
    viaIR: false,
  },
};

export default defineConfig({
  // The viem toolbox's plugins, except its node:test runner: the TypeScript suites, deploy/test's
  // included, run under vitest (vitest.config.ts), so `hardhat test` is the Solidity tests.
  plugins: [
    hardhatViem,
    hardhatIgnitionViem,
    hardhatNetworkHelpers,
    hardhatKeystore,
    hardhatVerify,
  ],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  paths: {
    sources: { solidity: ["contracts/src"] },
    tests: { solidity: "contracts/test" },
    ignition: "deploy/ignition",
  },
  test: {
    solidity: {
      profiles: {
        // What CI runs (`npm run contracts:test`).
        default: {
          fuzz: { runs: 1_000 },
          invariant: { runs: 256, depth: 50, failOnRevert: false },
        },
        // `npm run contracts:fuzz:deep`: 10x the fuzz runs, ~8x the invariant calls (see contracts/README.md).
        deep: {
          fuzz: { runs: 10_000 },
          invariant: { runs: 1_000, depth: 100, failOnRevert: false },
        },
      },
    },
  },
  networks: {
    // `hardhat node` (npm run dev, the process tests, the benchmarks) starts an hour in the past. Every
    // block carries at least a second more than the last, so the deploy and the seed (~200 blocks in
    // ~40 s) pushed a node that started at now ~160 s ahead of real time for good, and every timelock
    // counted from the wall clock fell short. Once the fast mining is done, the clock is brought to now
    // (deploy/src/chainClock.ts). Blocks sharing a timestamp would avoid it too, but then a gas estimate
    // made in one second can be short for the next (a vote checkpoint pushed instead of updated).
    node: { type: "edr-simulated", initialDate: new Date(Date.now() - 3_600_000) },
    // The second local chain (cross-chain over CCIP): `hardhat node --network node2`, chain id 31338.
    node2: {
      type: "edr-simulated",
      chainId: 31338,
      initialDate: new Date(Date.now() - 3_600_000),
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545",
    },
    localhost2: {
      type: "http",
      chainType: "l1",
      url: process.env.FLUXION_RPC_URL_2 ?? "http://127.0.0.1:8546",
    },
  },
});
