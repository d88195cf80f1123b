// @fluxion/lnd-dev: development Lightning nodes that speak lnd's gRPC, so the unmodified `lightning`
// client (and anything built on it) runs against them as against lnd.
import { join } from "node:path";
import type { ChainControl } from "./chainControl.ts";
import { startChainControl } from "./chainControl.ts";
import { DevChain, DevNetwork } from "./network.ts";
import type { DevNodeOptions } from "./node.ts";
import { DevLightningNode } from "./node.ts";

export type { ChainCommand } from "./chainClient.ts";
export {
  ChainControlError,
  callChainControl,
  chainNetworkDir,
  readChainControl,
} from "./chainClient.ts";
export type { ChainControl, ChainControlInfo, ChainStatus } from "./chainControl.ts";
export { chainControlFile, startChainControl } from "./chainControl.ts";
export type { FoundRoute, QueryRoutesParameters } from "./engine.ts";
export { DevLightningEngine, lndLimits } from "./engine.ts";
export type { LndAuth, LndConfigSource } from "./lndConfig.ts";
export { lndAuthFromEnv, lndAuthFromFiles, readSerialized } from "./lndConfig.ts";
export { LndError } from "./lndError.ts";
export type { ChainAnchor, DevChainOptions } from "./network.ts";
export { DevChain, DevNetwork, defaultBlockSeconds } from "./network.ts";
export type { DevNodeOptions } from "./node.ts";
export { DevLightningNode, devNodeFiles } from "./node.ts";

/** Starts one dev node (see DevNodeOptions). */
export function startDevNode(options: DevNodeOptions): Promise<DevLightningNode> {
  return DevLightningNode.start(options);
}

export interface StartDevNetworkParameters<Name extends string> {
  /** Node names; each gets the data directory `${dir}/${name}`. */
  nodes: readonly Name[];
  dir: string;
  /** Each side's starting balance on every channel, in satoshis (default 10,000,000). */
  channelBalanceSat?: number;
  /** Starting block height (default 200; a restarted node's saved height wins if higher). */
  blockHeight?: number;
  /** Seconds of chain clock per block (default 600): the height also grows with time. */
  blockSeconds?: number;
  host?: string;
  /** Nodes that, as payees, hold HTLCs until their very expiry (patched software; see DevNodeOptions). */
  holdUntilExpiry?: readonly Name[];
  /**
   * Serve the chain's control endpoint (height, mine, advance) on 127.0.0.1 and write its URL and
   * token to `${dir}/chain.json`, as `npm run ln:node` does. `port` 0 (default) picks a free one.
   */
  control?: boolean | { port?: number };
}

export interface DevNetworkHandle<Name extends string> {
  network: DevNetwork;
  nodes: Record<Name, DevLightningNode>;
  /** The control endpoint, when asked for. */
  control?: ChainControl;
  mineBlocks(count?: number): number;
  /** Moves the clock by `ms` (and the height by the blocks that covers); returns the height. */
  advanceTime(ms: number): number;
  close(): Promise<void>;
}

/** Starts named dev nodes that share one chain and have a channel between every pair. */
export async function startDevNetwork<Name extends string>(
  p: StartDevNetworkParameters<Name>,
): Promise<DevNetworkHandle<Name>> {
  const unknown = (p.holdUntilExpiry ?? []).filter((name) => !p.nodes.includes(name));
  if (unknown.length) throw new Error(`holdUntilExpiry names unknown nodes: ${unknown.join(", ")}`);
  const network = new DevNetwork({
    chain: new DevChain({ height: p.blockHeight ?? 200, blockSeconds: p.blockSeconds }),
    channelBalanceSat: p.channelBalanceSat,
  });
  const nodes = {} as Record<Name, DevLightningNode>;
  let control: ChainControl | undefined;
  const closeAll = async () => {
    await control?.close();
    await Promise.all(Object.values<DevLightningNode>(nodes).map((n) => n.close()));
  };
  try {
    for (const name of p.nodes) {
      nodes[name] = await DevLightningNode.start({
        dir: join(p.dir, name),
        alias: name,
        network,
        host: p.host,
        holdUntilExpiry: p.holdUntilExpiry?.includes(name),
      });
    }
    if (p.control) {
      const port = typeof p.control === "object" ? p.control.port : undefined;
      control = await startChainControl({ chain: network.chain, dir: p.dir, port });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  return {
    network,
    nodes,
    control,
    mineBlocks: (count = 1) => network.chain.mineBlocks(count),
    advanceTime: (ms) => network.chain.advanceTime(ms),
    close: closeAll,
  };
}
