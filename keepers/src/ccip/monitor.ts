// Monitor mode, for Chainlink's real routers (where Chainlink's networks commit and execute, and the relay
// must not): follows each lane's sends on the source gateway (SynthSent, LiquiditySent) and arrivals on the
// destination gateway (SynthReceived, LiquidityReceived, MessageFailed), `finalityDepth` blocks behind each
// head so a reorg does not show a send that never was, and alerts (warn log + keeper_ccip_alerts_total)
// once per message on a failure, or on a send not delivered within `alertAfterMs`.

import { crossChainGatewayAbi } from "@fluxion/deploy";
import type { Logger } from "pino";
import { decodeEventLog, type Hex, type PublicClient } from "viem";
import { KeeperError } from "../errors.ts";
import { revertReason } from "./execution.ts";
import type { CcipMetrics } from "./metrics.ts";
import type { ArrivalEvent, MonitorStore, SentEvent } from "./monitorStore.ts";
import type { CcipStore } from "./store.ts";
import type { CcipLane, Deployed } from "./types.ts";

export type CcipMonitorOptions = {
  lanes: CcipLane[];
  clients: ReadonlyMap<number, PublicClient>;
  store: MonitorStore;
  /** The cursors live with the relay's. */
  cursors: Pick<CcipStore, "cursor" | "setCursor">;
  metrics: CcipMetrics;
  logger: Logger;
  finalityDepth: number;
  alertAfterMs: number;
  pollMs?: number;
  logRange?: bigint;
  /** The wall clock (tests move it). */
  now?: () => number;
};

const sentEvents = ["SynthSent", "LiquiditySent"];
const arrivalEvents = ["SynthReceived", "LiquidityReceived", "MessageFailed"];

export class CcipMonitor {
  readonly #o: Required<CcipMonitorOptions>;
  readonly #heads = new Map<number, bigint>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: CcipMonitorOptions) {
    for (const lane of options.lanes) {
      if (!lane.source.gateway || !lane.dest.gateway) {
        throw new KeeperError(
          "ccip.no_gateway",
          `lane ${lane.name}: monitor mode needs both gateways`,
        );
      }
    }
    this.#o = { pollMs: 1_000, logRange: 2_000n, now: Date.now, ...options };
  }

  head(chainId: number): bigint | undefined {
    return this.#heads.get(chainId);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        await this.pass().catch((error: unknown) =>
          this.#o.logger.warn({ err: (error as Error).message }, "CCIP monitor pass failed"),
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#o.pollMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  /** One look at every lane, then the alerts now due. */
  async pass(): Promise<void> {
    const { lanes, clients, metrics, store, logger, alertAfterMs, now } = this.#o;
    const chainIds = [...new Set(lanes.flatMap((l) => [l.source.chainId, l.dest.chainId]))];
    for (const chainId of chainIds) {
      const head = await clients.get(chainId)!.getBlockNumber({ cacheTime: 0 });
      this.#heads.set(chainId, head);
      metrics.lastBlock.labels(String(chainId)).set(Number(head));
    }
    for (const lane of lanes) {
      await this.#follow(lane, "sent", lane.source.chainId, lane.source.gateway!, async (logs) => {
        const sent: SentEvent[] = [];
        const client = clients.get(lane.source.chainId)!;
        const times = new Map<bigint, Date>();
        for (const log of logs) {
          if (log.destChainSelector !== lane.dest.selector) continue;
          if (!times.has(log.blockNumber)) {
            const block = await client.getBlock({ blockNumber: log.blockNumber });
            times.set(log.blockNumber, new Date(Number(block.timestamp) * 1000));
          }
          sent.push({
            messageId: log.messageId,
            kind: log.eventName === "SynthSent" ? "synth" : "liquidity",
            blockNumber: log.blockNumber,
            txHash: log.transactionHash,
            blockTime: times.get(log.blockNumber)!,
          });
        }
        await store.recordSent(lane.name, sent);
      });
      await this.#follow(lane, "arrived", lane.dest.chainId, lane.dest.gateway!, async (logs) => {
        for (const log of logs) {
          if (log.sourceChainSelector !== lane.source.selector) continue;
          const event: ArrivalEvent = {
            messageId: log.messageId,
            outcome: log.eventName === "MessageFailed" ? "failed" : "delivered",
            blockNumber: log.blockNumber,
            txHash: log.transactionHash,
            ...(log.reason ? { reason: log.reason } : {}),
          };
          await store.recordArrival(lane.name, event);
        }
      });
    }
    for (const row of await store.claimAlerts(new Date(now() - alertAfterMs))) {
      const reason = row.state === "failed" ? "failed" : "overdue";
      metrics.alerts.labels(row.lane, reason).inc();
      logger.warn(
        {
          lane: row.lane,
          messageId: row.messageId,
          code: reason === "failed" ? "ccip.message_failed" : "ccip.message_overdue",
          sentTx: row.sentTx,
          sentAt: row.sentAt?.toISOString(),
          ...(row.failedReason ? { reason: revertReason(row.failedReason) } : {}),
        },
        reason === "failed"
          ? "CCIP message failed on its destination: retry or recover it on the gateway"
          : `CCIP message not delivered within ${alertAfterMs} ms`,
      );
    }
  }

  /** Reads `gateway`'s events of one side of `lane` from its cursor to `finalityDepth` below the head. */
  async #follow(
    lane: CcipLane,
    side: "sent" | "arrived",
    chainId: number,
    gateway: Deployed,
    handle: (logs: GatewayLog[]) => Promise<void>,
  ): Promise<void> {
    const { cursors, clients, logRange } = this.#o;
    const head = this.#heads.get(chainId)!;
    const depth = BigInt(this.#o.finalityDepth);
    if (head < depth) return;
    const safe = head - depth;
    const name = `ccip:monitor:${side}:${lane.name}`;
    const cursor = await cursors.cursor(name);
    const names = side === "sent" ? sentEvents : arrivalEvents;
    for (let from = cursor === undefined ? gateway.blockNumber : cursor + 1n; from <= safe; ) {
      const to = from + logRange - 1n < safe ? from + logRange - 1n : safe;
      const raw = await clients.get(chainId)!.getLogs({
        address: gateway.address,
        fromBlock: from,
        toBlock: to,
      });
      await handle(raw.flatMap((log) => decodeGatewayLog(log, names)));
      await cursors.setCursor(name, to);
      from = to + 1n;
    }
  }
}

/** A gateway event the monitor follows, flattened. */
type GatewayLog = {
  eventName: string;
  messageId: Hex;
  destChainSelector?: bigint;
  sourceChainSelector?: bigint;
  reason?: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
};

function decodeGatewayLog(
  log: { data: Hex; topics: [Hex, ...Hex[]] | []; blockNumber: bigint; transactionHash: Hex },
  names: string[],
): GatewayLog[] {
  try {
    const decoded = decodeEventLog({
      abi: crossChainGatewayAbi,
      data: log.data,
      topics: log.topics,
    });
    if (!names.includes(decoded.eventName)) return [];
    const args = decoded.args as {
      messageId: Hex;
      destChainSelector?: bigint;
      sourceChainSelector?: bigint;
      reason?: Hex;
    };
    return [
      {
        eventName: decoded.eventName,
        messageId: args.messageId,
        ...(args.destChainSelector !== undefined
          ? { destChainSelector: args.destChainSelector }
          : {}),
        ...(args.sourceChainSelector !== undefined
          ? { sourceChainSelector: args.sourceChainSelector }
          : {}),
        ...(args.reason !== undefined ? { reason: args.reason } : {}),
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      },
    ];
  } catch {
    return []; // another event of the gateway (LaneSet, ...) or not a gateway event at all
  }
}
