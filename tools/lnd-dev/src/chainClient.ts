// Drives a running dev chain through its control endpoint (see chainControl.ts): finds `chain.json`
// in the network directory and calls it. For the CLI's mine/height/advance and for tests.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ChainControlInfo, ChainStatus } from "./chainControl.ts";
import { chainControlFile } from "./chainControl.ts";
import { lndAuthFromEnv } from "./lndConfig.ts";

/** Why a chain command cannot run: no dev chain, or a real lnd configured. */
export class ChainControlError extends Error {
  override name = "ChainControlError";
}

/**
 * The network directory whose `chain.json` to use: LN_NETWORK_DIR, else the parent of LN_DIR (a
 * node's directory), else `defaultDir`.
 */
export function chainNetworkDir(env: NodeJS.ProcessEnv, defaultDir: string): string {
  if (env.LN_NETWORK_DIR) return resolve(env.LN_NETWORK_DIR);
  if (env.LN_DIR) return dirname(resolve(env.LN_DIR));
  return resolve(defaultDir);
}

/** Reads `chain.json`, refusing when LND_* names a real lnd (whose chain only bitcoind moves). */
export async function readChainControl(
  env: NodeJS.ProcessEnv,
  defaultDir: string,
): Promise<ChainControlInfo & { file: string }> {
  if (lndAuthFromEnv(env)) {
    throw new ChainControlError(
      `LND_SOCKET points at a real lnd (${env.LND_SOCKET}): its chain is moved by its bitcoind ` +
        "(regtest: bitcoin-cli -regtest generatetoaddress), not by this CLI",
    );
  }
  const file = join(chainNetworkDir(env, defaultDir), chainControlFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new ChainControlError(
      `no dev chain running: ${file} not found (start one with npm run ln:node, or set LN_NETWORK_DIR)`,
    );
  }
  const info = JSON.parse(text) as ChainControlInfo;
  return { ...info, file };
}

export type ChainCommand =
  | { command: "height" }
  | { command: "mine"; blocks: number }
  | { command: "advance"; seconds: number };

/** Calls the control endpoint; an endpoint that does not answer is reported as no dev chain. */
export async function callChainControl(
  info: ChainControlInfo & { file?: string },
  call: ChainCommand,
): Promise<ChainStatus> {
  const [method, path, body] =
    call.command === "height"
      ? ["GET", "/height", undefined]
      : call.command === "mine"
        ? ["POST", "/mine", { blocks: call.blocks }]
        : ["POST", "/advance", { seconds: call.seconds }];
  let res: Response;
  try {
    res = await fetch(`${info.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    const stale = info.file ? ` (${info.file} is stale: is npm run ln:node still running?)` : "";
    throw new ChainControlError(
      `no dev chain answers at ${info.url}${stale}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`,
    );
  }
  const answer = (await res.json().catch(() => ({}))) as ChainStatus & { error?: string };
  if (!res.ok) throw new ChainControlError(`dev chain: ${answer.error ?? `HTTP ${res.status}`}`);
  return answer;
}
