// Hardhat 3 configuration for the Fluxion contracts, Ignition deploys and contract tests.
// solc comes from the npm `solc` package (this toolchain never downloads a compiler), so the
// version is derived from the package itself and can never disagree with the binary.
import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
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
  plugins: [hardhatToolboxViem],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
    // Contracts from packages that local deployments and tests deploy directly.
    npmFilesToBuild: ["@chainlink/local/src/data-feeds/MockV3Aggregator.sol"],
  },
  paths: {
    sources: { solidity: ["contracts/src"] },
    tests: { solidity: "contracts/test", nodejs: "deploy/test" },
    ignition: "deploy/ignition",
  },
  test: {
    solidity: {
      fuzz: { runs: 1_000 },
      invariant: { runs: 256, depth: 50, failOnRevert: false },
    },
  },
  networks: {
    // `hardhat node` (npm run dev, the process tests, the benchmarks). Blocks mined faster than one a
    // second share a timestamp instead of pushing the chain's clock ahead of real time for good: the
    // deploy and the seed mine ~200 blocks in ~40 s, which left the dev chain ~160 s ahead of the wall
    // clock, and every timelock computed from the latest block (or from the wall clock) short.
    node: { type: "edr-simulated", allowBlocksWithSameTimestamp: true },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
});
