// The browser tests' one shared stack (a vitest globalSetup): `npm run dev` itself (both chains, deploy
// and seed, API, indexer, dev Lightning nodes, bridge keeper, CCIP relay, and the web app's production
// build served with its proxies) on free ports and in its own directory, so it runs beside a
// developer's.
// Every browser test file uses it; it is stopped (the whole process group) when they are done.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { freePort, httpOk, portInUse } from "../../scripts/lib/rpc.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type WebStack = {
  webUrl: string;
  /** Chain 31337's node. */
  rpcUrl: string;
  /** Chain 31338's node: the other end of cross-chain transfers. */
  rpcUrl2: string;
  /** The CCIP relay between the two chains (its /health is open; the rest wants the service key). */
  relayUrl: string;
  apiUrl: string;
  indexerUrl: string;
  keeperUrl: string;
  devDir: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    webStack: WebStack;
  }
}

/** Ports a shared stack's API accepts sign-in pages from (see `sharedStack`). */
export const sharedWebPorts = Array.from({ length: 10 }, (_, i) => 9201 + i);

export default async function setup(project: TestProject) {
  if (process.env.WEB_TEST_STACK) {
    return sharedStack(project, process.env.WEB_TEST_STACK);
  }
  const { stack, stop } = await startWebStack();
  project.provide("webStack", stack);
  return stop;
}

/** `npm run dev` on free ports in a directory of its own; `stop` ends it (the whole process group). */
export async function startWebStack(
  env: Record<string, string> = {},
): Promise<{ stack: WebStack; stop: () => Promise<void> }> {
  const host = "127.0.0.1";
  const [chainPort, chainPort2, apiPort, indexerPort, keeperPort, jobsPort, relayPort, webPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const devDir = mkdtempSync(`${tmpdir()}/fluxion-web-stack-`);
  const stack: WebStack = {
    webUrl: `http://${host}:${webPort}`,
    rpcUrl: `http://${host}:${chainPort}`,
    rpcUrl2: `http://${host}:${chainPort2}`,
    relayUrl: `http://${host}:${relayPort}`,
    apiUrl: `http://${host}:${apiPort}`,
    indexerUrl: `http://${host}:${indexerPort}`,
    keeperUrl: `http://${host}:${keeperPort}`,
    devDir,
  };
  const dev = spawn(process.execPath, ["scripts/dev.ts"], {
    cwd: root,
    env: {
      ...process.env,
      FLUXION_DEV_DIR: devDir,
      FLUXION_CHAIN_PORT: String(chainPort),
      FLUXION_CHAIN_PORT_2: String(chainPort2),
      API_PORT: String(apiPort),
      INDEXER_PORT: String(indexerPort),
      KEEPER_PORT: String(keeperPort),
      KEEPER_JOBS_PORT: String(jobsPort),
      KEEPER_CCIP_PORT: String(relayPort),
      // The scheduled keepers without the dev market: the browser tests read exact prices and quotes.
      KEEPER_JOBS: "liquidations,oracle,fees,refunds,inventory",
      WEB_PORT: String(webPort),
      // The tests sign in several accounts from one IP within minutes.
      API_RATE_LIMIT_NONCE: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  dev.stdout.on("data", (chunk) => {
    output += chunk;
  });
  dev.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-dev.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (output.includes("Press Ctrl-C to stop.")) {
        clearInterval(timer);
        resolve(true);
      }
    }, 200);
    // Two chains to compile for, deploy, seed and index before the web app is served: on a loaded
    // 2-core machine that took ~5 minutes.
    const timeout = setTimeout(() => resolve(false), 600_000);
    void exited.then(() => {
      clearInterval(timer);
      clearTimeout(timeout);
      resolve(false);
    });
  });
  if (!ready) {
    kill("SIGKILL");
    throw new Error(`the web test stack did not come up:\n${output.slice(-4000)}`);
  }
  const stop = async () => {
    kill("SIGINT");
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) kill("SIGKILL");
    rmSync(devDir, { recursive: true, force: true });
  };
  return { stack, stop };
}

/**
 * While developing: WEB_TEST_STACK names the JSON file of a stack already running (`{ rpcUrl, rpcUrl2,
 * relayUrl, apiUrl, indexerUrl, keeperUrl, devDir }`, started with API_CORS_ORIGINS for `sharedWebPorts`), so several
 * test runs share one chain and its services. Each run builds the web app as it is now and serves it
 * on a port of its own.
 */
async function sharedStack(project: TestProject, file: string) {
  const shared = JSON.parse(readFileSync(file, "utf8")) as Omit<WebStack, "webUrl">;
  const outDir = mkdtempSync(`${tmpdir()}/fluxion-web-build-`);
  const vite = join(
    dirname(createRequire(import.meta.url).resolve("vite/package.json")),
    "bin/vite.js",
  );
  const build = spawnSync(
    process.execPath,
    [vite, "build", "--outDir", outDir, "--logLevel", "error", "--bypass-lock"],
    {
      cwd: `${root}web`,
      encoding: "utf8",
    },
  );
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stderr}${build.stdout}`);
  let port: number | undefined;
  for (const candidate of sharedWebPorts) {
    if (!(await portInUse(candidate, "127.0.0.1"))) {
      port = candidate;
      break;
    }
  }
  if (port === undefined) throw new Error(`every port of ${sharedWebPorts.join(",")} is taken`);
  const preview = spawn(
    process.execPath,
    [
      vite,
      "preview",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--strictPort",
      "--outDir",
      outDir,
      "--bypass-lock",
    ],
    {
      cwd: `${root}web`,
      env: {
        ...process.env,
        WEB_API_URL: shared.apiUrl,
        WEB_INDEXER_URL: shared.indexerUrl,
        FLUXION_RPC_URL: shared.rpcUrl,
        WEB_RPC_URL_31338: shared.rpcUrl2,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  preview.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  const webUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!(await httpOk(webUrl))) {
    if (Date.now() > deadline || preview.exitCode !== null) {
      preview.kill("SIGKILL");
      throw new Error(`vite preview did not serve ${webUrl}: ${errors}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide("webStack", { ...shared, webUrl });
  return async () => {
    preview.kill("SIGTERM");
    rmSync(outDir, { recursive: true, force: true });
  };
}
