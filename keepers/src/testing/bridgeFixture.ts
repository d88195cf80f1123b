// A whole bridge for tests: the protocol deployed on an in-process Hardhat chain, two dev Lightning
// nodes ("user" pays, "service" is the bridge's node) reached only through the unmodified `lightning`
// client, the keepers database, and keepers that can be started, killed and restarted.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevNetworkHandle, startDevNetwork } from "@fluxion/lnd-dev";
import { authenticatedLndGrpc } from "lightning";
import pino from "pino";
import type { Address, Hex, PublicClient } from "viem";
import { deployLocal } from "../../../deploy/src/testing/deployed.ts";
import { createBridgeRuntime } from "../bridge/runtime.ts";
import { type BridgeSettings, defaultBridgeSettings } from "../bridge/settings.ts";
import { Gateway } from "../chain/gateway.ts";
import { NonceSigner } from "../chain/nonceSigner.ts";
import type { Sql } from "../db/sql.ts";
import { LightningNode } from "../lightning/lnd.ts";
import { SwapStore } from "../swaps/store.ts";
import { devAccount, grantKeeperRole } from "./chain.ts";

export const logger = pino({ level: process.env.KEEPERS_TEST_LOG ?? "silent" });

export function newPreimage(): { preimage: string; paymentHash: string } {
  const preimage = randomBytes(32);
  return {
    preimage: preimage.toString("hex"),
    paymentHash: createHash("sha256").update(preimage).digest("hex"),
  };
}

export class InjectedCrash extends Error {
  override name = "InjectedCrash";
}

/** `target` whose `fault.method`, once it has done its work, runs `fault.crash` and throws (once). */
function crashAfter<T extends object>(
  target: T,
  fault: { method: string; crash: () => void } | undefined,
): T {
  if (!fault) return target;
  let fired = false;
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key); // the target as receiver: getters use private fields
      if (key !== fault.method || typeof value !== "function") {
        return typeof value === "function" ? value.bind(t) : value;
      }
      return async (...args: unknown[]) => {
        const result = await value.apply(t, args);
        if (!fired) {
          fired = true;
          fault.crash();
          throw new InjectedCrash(`crashed after ${String(key)}`);
        }
        return result;
      };
    },
  });
}

/** Polls `probe` until it returns something truthy (or fails after `timeoutMs`). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type BridgeFixture = Awaited<ReturnType<typeof startBridgeFixture>>;

export async function startBridgeFixture() {
  const deployed = await deployLocal();
  const { connection, record } = deployed;
  const publicClient = deployed.publicClient as PublicClient;
  const gatewayAddress = record.contracts.LightningGateway!.address as Address;
  const dir = mkdtempSync(join(tmpdir(), "fluxion-bridge-"));
  const ln: DevNetworkHandle<"user" | "service"> = await startDevNetwork({
    nodes: ["user", "service"],
    dir,
  });
  const userLnd = authenticatedLndGrpc(ln.nodes.user).lnd;
  const serviceLnd = authenticatedLndGrpc(ln.nodes.service).lnd;
  const rpc = (method: string, params: unknown[] = []) =>
    connection.provider.request({ method, params }) as Promise<unknown>;

  /** Starts a keeper on `sql` with its own signer key (Hardhat account `keyIndex`, a KEEPER_ROLE holder). */
  async function startKeeper(
    sql: Sql,
    name: string,
    keyIndex = 7,
    overrides: Partial<BridgeSettings> = {},
    extras: {
      /** Fault injection: after `method` of the gateway or the Lightning node has done its work, `crash` runs and the call throws. */
      fault?: { method: string; crash: () => void };
      /** Watch hold invoices (wake swaps on accept) as the keeper process does. */
      watch?: boolean;
    } = {},
  ) {
    const { fault } = extras;
    const settings: BridgeSettings = {
      ...defaultBridgeSettings,
      keeper: name,
      chainId: 31337,
      pollMs: 50,
      leaseMs: 5_000,
      ...overrides,
    };
    const signer = await NonceSigner.start({
      sql,
      client: publicClient,
      account: devAccount(keyIndex),
      chainId: 31337,
      logger,
    });
    const store = new SwapStore(sql);
    const gateway = crashAfter(new Gateway(gatewayAddress, publicClient, signer), fault);
    const node = crashAfter(new LightningNode(serviceLnd), fault);
    const bridge = createBridgeRuntime({
      store,
      ln: node,
      lnd: serviceLnd,
      gateway,
      client: publicClient,
      settings,
      network: "regtest",
      logger,
      watch: extras.watch ?? false,
      idleMs: 20,
      chainPollMs: 20,
    });
    return {
      keeper: bridge.keeper,
      service: bridge.service,
      store,
      signer,
      gateway,
      watcher: bridge.invoices,
      /** Starts the keeper (and, with `watch`, its invoice and gateway watchers). */
      start: () => bridge.start(),
      async stop() {
        await bridge.stop();
        await signer.stop();
      },
    };
  }

  /** Grants KEEPER_ROLE to `account` the way governance would (as the Timelock). */
  const grantKeeper = (account: Address) =>
    grantKeeperRole(
      { connection, publicClient, rpc },
      {
        gateway: gatewayAddress,
        timelock: record.contracts.FluxionTimelock!.address as Address,
      },
      account,
    );

  return {
    ...deployed,
    publicClient,
    gatewayAddress,
    ln,
    /** The dev Lightning network's directory (a test's extra nodes go in it). */
    lnDir: dir,
    userLnd,
    serviceLnd,
    rpc,
    startKeeper,
    grantKeeper,
    synth: (symbol: string) => record.synths[symbol]!.address as Address,
    async increaseTime(seconds: number) {
      await rpc("evm_increaseTime", [seconds]);
      await rpc("evm_mine");
    },
    async close() {
      await ln.close();
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type { Hex };
