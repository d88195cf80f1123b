// The web app's build and its two servers. The bundle talks only to its own origin: `/api` (the
// Fluxion API, WebSocket stream included), `/indexer` (GraphQL and HTTP routes) and `/rpc/<chainId>`
// (a chain's JSON-RPC), which the dev server and `vite preview` proxy to wherever these variables
// point. The production build is therefore the same file against any stack.
import { fluxionDeployments } from "@fluxion/deploy";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

const env = process.env;
const apiUrl = env.WEB_API_URL ?? "http://127.0.0.1:8787";
const indexerUrl = env.WEB_INDEXER_URL ?? "http://127.0.0.1:42069";

/**
 * The dev chains' nodes when nothing else is said: `npm run dev`'s two Hardhat nodes (FLUXION_RPC_URL
 * and FLUXION_RPC_URL_2, as the deploy step names them).
 */
const devNodes: Record<string, string | undefined> = {
  "31337": env.FLUXION_RPC_URL ?? "http://127.0.0.1:8545",
  "31338": env.FLUXION_RPC_URL_2 ?? "http://127.0.0.1:8546",
};

/** `/rpc/<chainId>` for every deployed chain: WEB_RPC_URL_<chainId>, else the dev node's. */
function rpcProxies(): Record<string, ProxyOptions> {
  const proxies: Record<string, ProxyOptions> = {};
  for (const chainId of Object.keys(fluxionDeployments)) {
    const target = env[`WEB_RPC_URL_${chainId}`] ?? devNodes[chainId];
    if (!target) continue;
    proxies[`/rpc/${chainId}`] = {
      target,
      changeOrigin: true,
      rewrite: (path) => path.replace(new RegExp(`^/rpc/${chainId}`), ""),
    };
  }
  return proxies;
}

const proxy: Record<string, ProxyOptions> = {
  "/api": {
    target: apiUrl,
    changeOrigin: true,
    ws: true,
    rewrite: (path) => path.replace(/^\/api/, ""),
  },
  "/indexer": {
    target: indexerUrl,
    changeOrigin: true,
    rewrite: (path) => path.replace(/^\/indexer/, ""),
  },
  ...rpcProxies(),
};

const port = Number(env.WEB_PORT ?? 5173);
const host = env.WEB_HOST ?? "127.0.0.1";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: { port, host, strictPort: true, proxy },
  preview: { port, host, strictPort: true, proxy },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
});
