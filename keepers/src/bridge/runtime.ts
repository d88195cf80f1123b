// One bridge keeper's moving parts wired together, as the keeper process runs them and as the tests do:
// the keeper (swap tasks), the service (swap creation), and what wakes swaps — each open hold invoice's
// stream (an HTLC held), each payment's stream (see LightningNode.watchPayment) and the gateway's logs
// (locks, claims and refunds by anyone).
import type { AuthenticatedLnd } from "lightning";
import type { Logger } from "pino";
import type { PublicClient } from "viem";
import type { Gateway } from "../chain/gateway.ts";
import { GatewayWatcher } from "../chain/gatewayWatcher.ts";
import { InvoiceWatcher } from "../lightning/invoiceWatcher.ts";
import type { LightningNode } from "../lightning/lnd.ts";
import type { Swap, SwapStore } from "../swaps/store.ts";
import { BridgeKeeper } from "./keeper.ts";
import { BridgeService } from "./service.ts";
import type { BridgeSettings } from "./settings.ts";

export type BridgeRuntimeOptions = {
  store: SwapStore;
  ln: LightningNode;
  /** The same node's raw client, for its invoice streams. */
  lnd: AuthenticatedLnd;
  gateway: Gateway;
  client: PublicClient;
  settings: BridgeSettings;
  /** The Lightning network invoices must be for. */
  network: string;
  logger: Logger;
  /** Called after every state change (the event publisher's poke). */
  onChange?: (swap: Swap) => void;
  /** Watch hold invoices and the gateway's logs (default true; some tests drive swaps by polls alone). */
  watch?: boolean;
  idleMs?: number;
  /** How often the gateway watcher asks for the chain head. */
  chainPollMs?: number;
};

export function createBridgeRuntime(o: BridgeRuntimeOptions) {
  const watch = o.watch ?? true;
  const invoices = new InvoiceWatcher({
    lnd: o.lnd,
    logger: o.logger,
    onChange: (hash) => keeper.wake(hash),
  });
  const chain = new GatewayWatcher({
    client: o.client,
    gateway: o.gateway.address,
    logger: o.logger,
    pollMs: o.chainPollMs,
    onEvent: (hash, event, transactionHash) => {
      // This keeper's own lock, claim or refund: the step that sent it follows it to its receipt.
      if (o.gateway.signer.sentRecently(transactionHash)) return;
      if (event !== "BurnLocked") return keeper.wake(hash);
      // A burn locked after its swap expired unpaid is refunded like any unpaid burn.
      void o.store
        .reopenLateBurn(hash, o.settings.keeper)
        .then(() => keeper.wake(hash, { reopened: true }))
        .catch((error: unknown) =>
          o.logger.warn({ paymentHash: hash, err: String(error) }, "late lock not recorded"),
        );
    },
  });
  const onChange = (swap: Swap) => {
    if (watch && swap.state === "invoice_open") invoices.watch(swap.paymentHash);
    o.onChange?.(swap);
  };
  const keeper: BridgeKeeper = new BridgeKeeper({
    store: o.store,
    ln: o.ln,
    gateway: o.gateway,
    settings: o.settings,
    logger: o.logger,
    idleMs: o.idleMs,
    onChange,
  });
  const service = new BridgeService({
    store: o.store,
    ln: o.ln,
    gateway: o.gateway,
    settings: o.settings,
    network: o.network,
    onChange,
  });
  return {
    keeper,
    service,
    invoices,
    chain,
    async start() {
      if (watch) {
        // Invoices opened before a restart are watched again.
        for (const hash of await o.store.hashesIn("mint", "invoice_open")) invoices.watch(hash);
        chain.start();
      }
      keeper.start();
    },
    async stop() {
      invoices.close();
      await chain.stop();
      await keeper.stop();
    },
  };
}

export type BridgeRuntime = ReturnType<typeof createBridgeRuntime>;
