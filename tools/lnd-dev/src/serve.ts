// `npm run ln:node`: a dev Lightning network (user + service) in .dev/lnd (or LN_NETWORK_DIR), its
// connection files printed, and its chain's control endpoint (chain.json), until SIGINT/SIGTERM.
// Not started when LND_* points at a real lnd.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startDevNetwork } from "./index.ts";
import { lndAuthFromEnv } from "./lndConfig.ts";
import { defaultBlockSeconds } from "./network.ts";

const repoRoot = resolve(fileURLToPath(new URL("../../../", import.meta.url)));
const nodeNames = ["user", "service"] as const;
type NodeName = (typeof nodeNames)[number];

/** ln:node's settings from flags (first) and the environment, checked once; names the bad one. */
export function serveConfig(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "block-seconds": { type: "string" },
      "hold-until-expiry": { type: "string" },
      "chain-port": { type: "string" },
    },
  });
  const pick = (flag: keyof typeof values, name: string) => {
    const value = values[flag] ?? env[name];
    return { value: value?.trim() || undefined, source: values[flag] ? `--${flag}` : name };
  };

  const blocks = pick("block-seconds", "LN_BLOCK_SECONDS");
  const blockSeconds = blocks.value === undefined ? defaultBlockSeconds : Number(blocks.value);
  if (!Number.isFinite(blockSeconds) || blockSeconds <= 0) {
    throw new Error(`${blocks.source} must be a positive number of seconds, got "${blocks.value}"`);
  }

  const hold = pick("hold-until-expiry", "LN_HOLD_UNTIL_EXPIRY");
  const holdUntilExpiry = (hold.value ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = holdUntilExpiry.filter((n) => !(nodeNames as readonly string[]).includes(n));
  if (unknown.length) {
    throw new Error(`${hold.source} names unknown nodes (${unknown}); nodes: ${nodeNames}`);
  }

  const portSetting = pick("chain-port", "LN_CHAIN_PORT");
  const chainPort = portSetting.value === undefined ? 0 : Number(portSetting.value);
  if (!Number.isInteger(chainPort) || chainPort < 0 || chainPort > 65_535) {
    throw new Error(
      `${portSetting.source} must be a TCP port (0: any free), got "${portSetting.value}"`,
    );
  }

  return {
    dir: resolve(env.LN_NETWORK_DIR ?? resolve(repoRoot, ".dev/lnd")),
    blockSeconds,
    holdUntilExpiry: holdUntilExpiry as NodeName[],
    chainPort,
  };
}

async function main(): Promise<void> {
  if (lndAuthFromEnv()) {
    console.log(
      `LND_SOCKET is set (${process.env.LND_SOCKET}): using that lnd, no dev node started`,
    );
    process.exit(0);
  }
  let config: ReturnType<typeof serveConfig>;
  try {
    config = serveConfig(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`ln:node: ${(err as Error).message}`);
    process.exit(2);
  }

  const handle = await startDevNetwork({
    nodes: nodeNames,
    dir: config.dir,
    blockSeconds: config.blockSeconds,
    holdUntilExpiry: config.holdUntilExpiry,
    control: { port: config.chainPort },
  });
  for (const [name, node] of Object.entries(handle.nodes)) {
    const hostile = config.holdUntilExpiry.includes(name as NodeName);
    console.log(`${name}: ${node.pubkey}${hostile ? "  (holds HTLCs until their expiry)" : ""}`);
    console.log(`  socket:   ${node.socket}`);
    console.log(`  cert:     ${resolve(node.dir, "tls.cert")}`);
    console.log(`  macaroon: ${resolve(node.dir, "admin.macaroon")}`);
  }
  const chain = handle.network.chain;
  console.log(`chain: height ${chain.height}, a block every ${config.blockSeconds} s`);
  console.log(`  control: ${handle.control?.url} (token in ${handle.control?.file})`);
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
}

if (import.meta.main) await main();
