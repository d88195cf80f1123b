// The floor app of `npm run bench:indexer` (bench/indexer.ts): the least a Ponder app indexing our swaps can
// do, to tell Ponder's own cost from ours. One source, LiquidityPoolManager's Swap on every chain the
// bench indexes from the manager's deployment block, one insert per event. Everything else is set as indexer/ponder.config.ts
// sets it, from the same variables with the same defaults: the database (DATABASE_URL, else PGlite in
// INDEXER_PGLITE_DIR; the schema from DATABASE_SCHEMA), multichain ordering, no cache for the local
// chain, the polling interval (INDEXER_POLLING_MS) and copies of the RPC URL (INDEXER_RPC_COPIES).
import { getDeployment, liquidityPoolManagerAbi } from "@fluxion/deploy";
import { createConfig } from "ponder";

// The chains the bench indexes (INDEXER_CHAIN_IDS, as for ours), each from its deployment record.
const chainIds = (process.env.INDEXER_CHAIN_IDS || "31337").split(",").map(Number);

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function managerOn(chainId: number) {
  const manager = getDeployment(chainId).contracts.LiquidityPoolManager;
  if (!manager) throw new Error(`indexer-floor: no LiquidityPoolManager on chain ${chainId}`);
  return manager;
}

const databaseUrl = process.env.DATABASE_URL;

export default createConfig({
  ordering: "multichain",
  database: databaseUrl
    ? { kind: "postgres", connectionString: databaseUrl }
    : { kind: "pglite", directory: process.env.INDEXER_PGLITE_DIR || ".ponder/pglite" },
  chains: Object.fromEntries(
    chainIds.map((chainId) => {
      const rpcUrl = process.env[`INDEXER_RPC_URL_${chainId}`] || "http://127.0.0.1:8545";
      const wsUrl = process.env[`INDEXER_WS_URL_${chainId}`];
      return [
        `chain${chainId}`,
        {
          id: chainId,
          // Several copies of one URL: Ponder rate-limits each URL separately, as in our config.
          rpc: Array.from({ length: positiveInt("INDEXER_RPC_COPIES", 8) }, () => rpcUrl),
          ws: wsUrl && wsUrl !== "off" ? wsUrl : undefined,
          pollingInterval: positiveInt("INDEXER_POLLING_MS", 100),
          disableCache: true,
        },
      ];
    }),
  ),
  contracts: {
    LiquidityPoolManager: {
      abi: liquidityPoolManagerAbi,
      chain: Object.fromEntries(
        chainIds.map((chainId) => {
          const manager = managerOn(chainId);
          return [`chain${chainId}`, { address: manager.address, startBlock: manager.blockNumber }];
        }),
      ),
    },
  },
});
