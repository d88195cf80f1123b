// Wakes swaps the moment the gateway logs something about them: every gateway event (a lock, a claim,
// a refund, by the keeper or by anyone) names its payment hash, so a new block's logs say exactly which
// swaps changed on-chain. The keeper's own transactions confirm this way, as do the user's burn locks
// and on-chain claims. Only a wake-up signal: the swap's step reads the chain itself, so a missed,
// duplicated or reorged log costs latency at most (the keeper's poll is the backstop).
import { lightningGatewayAbi } from "@fluxion/deploy";
import type { Logger } from "pino";
import { type Address, decodeEventLog, type Hex, type PublicClient } from "viem";

export type GatewayEventName =
  | "MintLocked"
  | "MintClaimed"
  | "MintRefunded"
  | "BurnLocked"
  | "BurnClaimed"
  | "BurnRefunded";

const swapEvents = new Set<string>([
  "MintLocked",
  "MintClaimed",
  "MintRefunded",
  "BurnLocked",
  "BurnClaimed",
  "BurnRefunded",
]);

export type GatewayWatcherOptions = {
  client: PublicClient;
  gateway: Address;
  logger: Logger;
  /** How often the chain head is asked for. */
  pollMs?: number;
  /** A swap event: its payment hash, its name, and the transaction that emitted it. */
  onEvent: (paymentHash: string, event: GatewayEventName, transactionHash: Hex) => void;
};

export class GatewayWatcher {
  readonly #o: Required<GatewayWatcherOptions>;
  #running = false;
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #last: bigint | undefined;

  constructor(options: GatewayWatcherOptions) {
    this.#o = { ...options, pollMs: options.pollMs ?? 250 };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        try {
          await this.#poll();
        } catch (error) {
          this.#o.logger.debug({ err: String(error) }, "gateway watch failed");
        }
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#timer = setTimeout(resolve, this.#o.pollMs);
        });
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#wake?.();
    await this.#loop;
  }

  async #poll(): Promise<void> {
    const { client, gateway } = this.#o;
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (this.#last === undefined || head < this.#last) {
      // First look (or the chain went back): only what comes next is news.
      this.#last = head;
      return;
    }
    if (head === this.#last) return;
    const logs = await client.getLogs({
      address: gateway,
      fromBlock: this.#last + 1n,
      toBlock: head,
    });
    this.#last = head;
    for (const log of logs) {
      let name: string;
      try {
        name = decodeEventLog({ abi: lightningGatewayAbi, data: log.data, topics: log.topics })
          .eventName as string;
      } catch {
        continue; // not an event of this ABI
      }
      const hash = log.topics[1];
      if (swapEvents.has(name) && hash) {
        this.#o.onEvent(
          hash.slice(2).toLowerCase(),
          name as GatewayEventName,
          log.transactionHash as Hex,
        );
      }
    }
  }
}
