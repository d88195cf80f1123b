// `npm run ln:node`: a dev Lightning network (user + service) in .dev/lnd (or LN_NETWORK_DIR), its
// connection files printed, until SIGINT/SIGTERM. Not started when LND_* points at a real lnd.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startDevNetwork } from "./index.ts";
import { lndAuthFromEnv } from "./lndConfig.ts";

const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));

if (lndAuthFromEnv()) {
  console.log(`LND_SOCKET is set (${process.env.LND_SOCKET}): using that lnd, no dev node started`);
  process.exit(0);
}

const dir = resolve(process.env.LN_NETWORK_DIR ?? resolve(repoRoot, ".dev/lnd"));
const handle = await startDevNetwork({ nodes: ["user", "service"], dir });
for (const [name, node] of Object.entries(handle.nodes)) {
  console.log(`${name}: ${node.pubkey}`);
  console.log(`  socket:   ${node.socket}`);
  console.log(`  cert:     ${resolve(node.dir, "tls.cert")}`);
  console.log(`  macaroon: ${resolve(node.dir, "admin.macaroon")}`);
}
console.log("dev lnd network running; Ctrl-C to stop");

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await handle.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
