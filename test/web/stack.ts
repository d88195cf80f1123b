// The browser tests' one shared stack (a vitest globalSetup): `npm run dev` itself (chain, deploy and
// seed, API, indexer, dev Lightning nodes, bridge keeper, and the web app's production build served
// with its proxies) on free ports and in its own directory, so it runs beside a developer's.
// Every browser test file uses it; it is stopped (the whole process group) when they are done.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/lib/rpc.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type WebStack = {
  webUrl: string;
  rpcUrl: string;
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

export default async function setup(project: TestProject) {
  const host = "127.0.0.1";
  const [chainPort, apiPort, indexerPort, keeperPort, webPort] = [
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
      API_PORT: String(apiPort),
      INDEXER_PORT: String(indexerPort),
      KEEPER_PORT: String(keeperPort),
      WEB_PORT: String(webPort),
      // The tests sign in several accounts from one IP within minutes.
      API_RATE_LIMIT_NONCE: "1000",
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
  const stop = () => {
    try {
      process.kill(-dev.pid!, "SIGINT");
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
    const timeout = setTimeout(() => resolve(false), 300_000);
    void exited.then(() => {
      clearInterval(timer);
      clearTimeout(timeout);
      resolve(false);
    });
  });
  if (!ready) {
    stop();
    throw new Error(`the web test stack did not come up:\n${output.slice(-4000)}`);
  }
  project.provide("webStack", stack);
  return async () => {
    stop();
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!stopped) {
      try {
        process.kill(-dev.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    rmSync(devDir, { recursive: true, force: true });
  };
}
