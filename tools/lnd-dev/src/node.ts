// A development Lightning node: lnd's gRPC over TLS with macaroon auth, lnd's files in its data
// directory (tls.cert, tls.key, admin.macaroon), and its state kept in state.json across restarts.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { DevLightningEngine } from "./engine.ts";
import { createDevGrpcServer } from "./grpcServer.ts";
import { macaroonError, mintAdminMacaroon } from "./macaroon.ts";
import { DevNetwork } from "./network.ts";
import { newNodeState, readNodeState, StateStore, writeFileAtomic } from "./state.ts";
import { createTlsPair } from "./tls.ts";

export interface DevNodeOptions {
  /** Data directory: tls.cert, tls.key, admin.macaroon, socket, state.json. */
  dir: string;
  /** Alias for a new node (default: the directory's last segment). */
  alias?: string;
  /** gRPC port; 0 (default) picks a free one. */
  port?: number;
  /** Host to listen on and to put in `socket` (default localhost, which the TLS cert names). */
  host?: string;
  /** The network to join; a node without one is alone on its own chain. */
  network?: DevNetwork;
  /** URIs reported by GetInfo (lnd lists none unless externalip is set). */
  uris?: string[];
  /**
   * Model a payee running patched software that holds an HTLC until its very expiry height (lnd
   * fails it back 10 blocks before). Default false.
   */
  holdUntilExpiry?: boolean;
}

/** The files a dev node writes, as lnd names them. */
export const devNodeFiles = {
  cert: "tls.cert",
  key: "tls.key",
  macaroon: "admin.macaroon",
  socket: "socket",
  state: "state.json",
} as const;

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export class DevLightningNode {
  /** `host:port`, as authenticatedLndGrpc's `socket`. */
  readonly socket: string;
  /** Base64 of tls.cert's PEM, as authenticatedLndGrpc's `cert`. */
  readonly cert: string;
  /** Hex of admin.macaroon, as authenticatedLndGrpc's `macaroon`. */
  readonly macaroon: string;
  readonly pubkey: string;
  readonly dir: string;
  readonly alias: string;
  readonly engine: DevLightningEngine;
  readonly network: DevNetwork;
  private readonly server: grpc.Server;
  private readonly store: StateStore;
  private readonly unsubscribeChain: () => void;
  private closed = false;

  private constructor(p: {
    socket: string;
    cert: string;
    macaroon: string;
    dir: string;
    alias: string;
    engine: DevLightningEngine;
    server: grpc.Server;
    store: StateStore;
  }) {
    this.socket = p.socket;
    this.cert = p.cert;
    this.macaroon = p.macaroon;
    this.dir = p.dir;
    this.alias = p.alias;
    this.engine = p.engine;
    this.network = p.engine.network;
    this.pubkey = p.engine.pubkey;
    this.server = p.server;
    this.store = p.store;
    this.unsubscribeChain = this.network.chain.subscribe(() => this.engine.onChainUpdate());
  }

  /** Starts a node in `options.dir`, reusing its key, invoices, cert and macaroon if present. */
  static async start(options: DevNodeOptions): Promise<DevLightningNode> {
    const dir = options.dir;
    const network = options.network ?? new DevNetwork();
    const host = options.host ?? "localhost";
    const store = new StateStore(join(dir, devNodeFiles.state));
    const state =
      (await readNodeState(store.path)) ??
      newNodeState(
        options.alias ?? (dir.split(/[\\/]/).filter(Boolean).at(-1) || "dev"),
        network.chain.height,
      );
    // The chain resumes from what this node saw last (its clock and the blocks of its downtime);
    // it never goes backwards.
    network.chain.restore(state.chain ?? { height: state.blockHeight });

    let certPem = await readOptional(join(dir, devNodeFiles.cert));
    let keyPem = await readOptional(join(dir, devNodeFiles.key));
    if (!certPem || !keyPem) {
      const pair = await createTlsPair();
      certPem = Buffer.from(pair.cert);
      keyPem = Buffer.from(pair.key);
      await writeFileAtomic(join(dir, devNodeFiles.key), keyPem);
      await writeFileAtomic(join(dir, devNodeFiles.cert), certPem, 0o644);
    }
    const rootKey = Buffer.from(state.macaroonRootKey, "hex");
    let macaroon = await readOptional(join(dir, devNodeFiles.macaroon));
    if (!macaroon || macaroonError([macaroon.toString("hex")], rootKey)) {
      macaroon = mintAdminMacaroon(rootKey);
      await writeFileAtomic(join(dir, devNodeFiles.macaroon), macaroon);
    }

    const engine = new DevLightningEngine({
      state,
      network,
      holdUntilExpiry: options.holdUntilExpiry,
      save: () => {
        store.schedule(state, (err) => console.error(`lnd-dev: saving ${store.path}:`, err));
      },
    });
    const running = engine;
    const uris = options.uris ?? [];
    const server = createDevGrpcServer({
      engine: running,
      macaroonRootKey: rootKey,
      alias: state.alias,
      uris: () => uris,
    });
    const credentials = grpc.ServerCredentials.createSsl(
      null,
      [{ private_key: keyPem, cert_chain: certPem }],
      false,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${options.port ?? 0}`, credentials, (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    const socket = `${host}:${port}`;
    await writeFileAtomic(join(dir, devNodeFiles.socket), `${socket}\n`, 0o644);

    network.join(running);
    for (const peer of network.pubkeys()) {
      if (peer === running.pubkey) continue;
      running.ensureChannel(peer);
      network.peer(peer)?.ensureChannel(running.pubkey);
    }
    running.onChainUpdate();
    await store.save(state);

    return new DevLightningNode({
      socket,
      cert: certPem.toString("base64"),
      macaroon: macaroon.toString("hex"),
      dir,
      alias: state.alias,
      engine: running,
      server,
      store,
    });
  }

  /** The chain height the node sees. */
  get blockHeight(): number {
    return this.network.chain.height;
  }

  /** Mines `count` blocks on this node's chain (shared by its network); expiries are re-checked. */
  mineBlocks(count = 1): number {
    return this.network.chain.mineBlocks(count);
  }

  /** Moves this node's chain clock forward by `ms` (and the height by the blocks that time covers). */
  advanceTime(ms: number): number {
    return this.network.chain.advanceTime(ms);
  }

  /** Stops serving, leaves the network and waits until the state is on disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeChain();
    this.engine.stop();
    this.network.leave(this.engine);
    this.server.forceShutdown();
    await this.store.flush();
  }

  /** Removes the node's files (after close). */
  async destroy(): Promise<void> {
    await this.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
