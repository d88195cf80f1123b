// The CCIP relay: our local stand-in for Chainlink's commit and execution oracle networks. For every lane
// (source chain -> destination chain) it holds the lane's lease and, pass after pass:
//   1. follows the source router's CCIPMessageSent logs from a durable cursor and stores each message whole,
//      where it was logged (the last `finalityDepth` blocks are read again every pass, so a message a reorg
//      moved is found at its new position);
//   2. once a message is `finalityDepth` blocks deep, checks it is still canonical (the block at its height
//      has the hash it was logged in, and still logs it): finalized, or dropped (never delivered, unless the
//      source logs it again);
//   3. commits the lane's finalized ids in one `commit` (ids the destination already shows committed are
//      skipped);
//   4. executes each committed message, unless the destination already shows it executed (by another relay or
//      a manual execution), and records SUCCESS or FAILURE with the receiver's return data.
// Every transaction goes through the destination's nonce-owning signer under a purpose recorded before it is
// sent (`ccip:commit:<lane>:<batch>`, `ccip:execute:<id>[:<n>]`), so a relay killed at any instant finds what
// it sent and follows it rather than sending it again; the router is the last guard (a commit skips committed
// ids, `execute` refuses a message that is not UNTOUCHED), so relays on separate databases deliver each
// message once as well. Relays sharing a database split the lanes by lease (held by the relay's key); a
// transaction whose nonce another signer of the same key took (a relay on another database with this key)
// is given up and the chain read instead.

import { localCCIPRouterAbi } from "@fluxion/deploy";
import type { Logger } from "pino";
import { encodeFunctionData, getAbiItem, type Hex } from "viem";
import { KeeperError } from "../errors.ts";
import { backoffMs } from "../jobs/schedule.ts";
import { Executions, type RelayChain } from "./execution.ts";
import { ManualExecutions, type ManualOutcome } from "./manual.ts";
import type { CcipMetrics } from "./metrics.ts";
import type { CcipStore, CommitBatch, MessageRow, SentLog } from "./store.ts";
import { type CcipLane, ExecutionState } from "./types.ts";

const ccipMessageSent = getAbiItem({ abi: localCCIPRouterAbi, name: "CCIPMessageSent" });

export type CcipRelayOptions = {
  lanes: CcipLane[];
  /** Every chain of the lanes, each with its client and this relay's signer there. */
  chains: ReadonlyMap<number, RelayChain>;
  store: CcipStore;
  metrics: CcipMetrics;
  logger: Logger;
  /** This relay's name (in its logs). */
  keeper: string;
  /** Blocks a message waits on its source before it is committed (0: at once). */
  finalityDepth: number;
  /** How often the lanes are looked at when nothing moved. */
  pollMs?: number;
  /** How long a lane's lease lasts without renewal (another relay takes a dead one's lanes after this). */
  leaseMs?: number;
  /** Most ids in one commit. */
  batchSize?: number;
  /** Executions in flight at once per lane. */
  concurrency?: number;
  /** Most blocks in one getLogs request. */
  logRange?: bigint;
  /** How often a failed message's destination state is read again (someone may execute it manually). */
  recheckMs?: number;
  /** How long a manual execution request waits for its transaction to be mined. */
  manualWaitMs?: number;
};

type Resolved = Required<CcipRelayOptions>;

/** A relay step's failure as a code and message (for the row, the log and the metric). */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof KeeperError) return { code: error.code, message: error.message };
  return { code: "ccip.unexpected", message: (error as Error)?.message ?? String(error) };
}

/** The custom error a refused send would have reverted with (its simulation), if known. */
function revertName(error: unknown): string | undefined {
  if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
    return error.details?.errorName as string | undefined;
  }
  return undefined;
}

const wouldRevert = (error: unknown) =>
  error instanceof KeeperError && error.code === "keepers.tx_would_revert";

export class CcipRelay {
  readonly #o: Resolved;
  readonly executions: Executions;
  readonly manual: ManualExecutions;
  /**
   * Owner of the lane leases: the relay's key. Relays sharing a database need keys of their own (the signer's
   * advisory lock), so a relay that takes the key's lock may take the key's leases at once: their holder is
   * gone. A relay restarted after a kill (whatever its name) resumes its lanes without waiting for them.
   */
  readonly #owner: string;
  readonly #heads = new Map<number, bigint>();
  /** Lanes whose lease this relay holds, until when (ms). */
  readonly #held = new Map<string, number>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: CcipRelayOptions) {
    this.#o = {
      pollMs: 250,
      leaseMs: 10_000,
      batchSize: 100,
      concurrency: 16,
      logRange: 2_000n,
      recheckMs: 30_000,
      manualWaitMs: 30_000,
      ...options,
    };
    this.#owner = [...new Set([...options.chains.values()].map((c) => c.signer.address))]
      .sort()
      .join(",");
    this.executions = new Executions(this.#o);
    this.manual = new ManualExecutions({
      ...this.#o,
      executions: this.executions,
      waitMs: this.#o.manualWaitMs,
    });
  }

  get lanes(): CcipLane[] {
    return this.#o.lanes;
  }

  /** The last block seen of `chainId` (for the lag metrics). */
  head(chainId: number): bigint | undefined {
    return this.#heads.get(chainId);
  }

  /**
   * Checks, before the relay runs, that every router is a LocalCCIPRouter with the lane's selector, that
   * this relay's key may commit and execute on each destination, and that each destination accepts its
   * source. Throws `ccip.preflight` naming what is wrong (e.g. a Chainlink router: use monitor mode).
   */
  async preflight(): Promise<void> {
    for (const lane of this.#o.lanes) {
      for (const end of [lane.source, lane.dest]) {
        const { client } = this.executions.chain(end.chainId);
        const selector = await client
          .readContract({
            address: end.router.address,
            abi: localCCIPRouterAbi,
            functionName: "localChainSelector",
          })
          .catch((error: unknown) => {
            throw new KeeperError(
              "ccip.preflight",
              `chain ${end.chainId}: ${end.router.address} is not a LocalCCIPRouter (against Chainlink's routers use KEEPER_CCIP_MODE=monitor)`,
              { cause: error },
            );
          });
        if (selector !== end.selector) {
          throw new KeeperError(
            "ccip.preflight",
            `chain ${end.chainId}: the router's selector is ${selector}, the configuration says ${end.selector}`,
          );
        }
      }
      const dest = this.executions.chain(lane.dest.chainId);
      const router = lane.dest.router.address;
      const role = await dest.client.readContract({
        address: router,
        abi: localCCIPRouterAbi,
        functionName: "RELAYER_ROLE",
      });
      const [relayer, enabled] = await Promise.all([
        dest.client.readContract({
          address: router,
          abi: localCCIPRouterAbi,
          functionName: "hasRole",
          args: [role, dest.signer.address],
        }),
        dest.client.readContract({
          address: router,
          abi: localCCIPRouterAbi,
          functionName: "isSourceChainEnabled",
          args: [lane.source.selector],
        }),
      ]);
      if (!relayer) {
        throw new KeeperError(
          "ccip.preflight",
          `chain ${lane.dest.chainId}: ${dest.signer.address} lacks RELAYER_ROLE on the router ${router}`,
        );
      }
      if (!enabled) {
        this.#o.logger.warn(
          { lane: lane.name, code: "ccip.source_disabled" },
          "the destination router does not accept this source chain: its messages wait",
        );
      }
    }
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Finishes the current pass, then releases the lane leases. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    for (const lane of this.#held.keys()) {
      await this.#o.store.releaseLease(`ccip:${lane}`, this.#owner).catch(() => {});
    }
    this.#held.clear();
  }

  /** Looks at the lanes now. */
  poke(): void {
    this.#wake?.();
  }

  /** Manually executes a failed message (the HTTP interface's POST .../execute). */
  manuallyExecute(messageId: Hex, gasLimitOverride: bigint): Promise<ManualOutcome> {
    return this.manual.execute(this.#o.lanes, messageId, gasLimitOverride);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let moved = 0;
      try {
        moved = await this.pass();
      } catch (error) {
        this.#o.logger.warn(
          { err: (error as Error).message },
          "CCIP relay pass failed; will retry",
        );
      }
      if (!this.#running) break;
      // Something moved: more may be ready at once (the next batch, the executions of a commit).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, moved > 0 ? 0 : this.#o.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** One pass over every lane; returns how many messages moved. Tests call it to step the relay. */
  async pass(): Promise<number> {
    const moved = await Promise.all(
      this.#o.lanes.map((lane) =>
        this.#lane(lane).catch((error: unknown) => {
          const { code, message } = failureOf(error);
          this.#o.metrics.failures.labels(lane.name, code).inc();
          this.#o.logger.warn({ lane: lane.name, code, err: message }, "CCIP lane step failed");
          return 0;
        }),
      ),
    );
    return moved.reduce((a, b) => a + b, 0);
  }

  async #lane(lane: CcipLane): Promise<number> {
    if (!(await this.#hold(lane))) return 0;
    const source = this.executions.chain(lane.source.chainId);
    const head = await source.client.getBlockNumber({ cacheTime: 0 });
    this.#heads.set(lane.source.chainId, head);
    this.#o.metrics.lastBlock.labels(String(lane.source.chainId)).set(Number(head));
    let moved = await this.#scan(lane, head);
    // One look at what the lane has to do; an idle lane costs this and the scan.
    const work = await this.#o.store.work(lane.name);
    if (work.pending > 0) moved += await this.#finalize(lane, head);
    if (work.pending > 0 || work.finalized > 0 || work.openCommits > 0)
      moved += await this.#commit(lane);
    if (work.pending > 0 || work.finalized > 0 || work.committed > 0)
      moved += await this.#execute(lane);
    if (work.manual > 0) moved += await this.#followManual(lane);
    if (work.recheck > 0) moved += await this.#recheckFailures(lane);
    return moved;
  }

  /** Takes or renews the lane's lease (written again only once less than half of it is left). */
  async #hold(lane: CcipLane): Promise<boolean> {
    const until = this.#held.get(lane.name) ?? 0;
    if (until - Date.now() > this.#o.leaseMs / 2) return true;
    const now = Date.now();
    const held = await this.#o.store.holdLease(`ccip:${lane.name}`, this.#owner, this.#o.leaseMs);
    if (held) this.#held.set(lane.name, now + this.#o.leaseMs);
    else this.#held.delete(lane.name);
    return held;
  }

  // ---- 1. the source's logs ---------------------------------------------------------------------------

  async #scan(lane: CcipLane, head: bigint): Promise<number> {
    const { store, logger, logRange } = this.#o;
    const cursorName = `ccip:${lane.name}`;
    const depth = BigInt(this.#o.finalityDepth);
    const cursor = await store.cursor(cursorName);
    const start = lane.source.router.blockNumber;
    // The unfinalized tail is read again every pass: a message a reorg moved is found where it is now. A
    // chain that went back below the cursor (a reorg to a shorter chain) is read again from as far below its
    // head as it shrank, plus the depth (a node restarted from nothing: from the router's first block).
    const shrank = cursor !== undefined && cursor > head ? cursor - head : 0n;
    const base = cursor === undefined ? undefined : cursor - shrank - shrank;
    let from = base === undefined ? start : base + 1n - depth;
    if (from < start) from = start;
    let saved = 0;
    for (; from <= head; from += logRange) {
      const to = from + logRange - 1n < head ? from + logRange - 1n : head;
      const logs = await this.executions.chain(lane.source.chainId).client.getLogs({
        address: lane.source.router.address,
        event: ccipMessageSent,
        args: { destChainSelector: lane.dest.selector },
        fromBlock: from,
        toBlock: to,
        strict: true,
      });
      const sent: SentLog[] = [];
      for (const log of logs) {
        const message = log.args.message;
        if (message.sourceChainSelector !== lane.source.selector) {
          logger.warn(
            { lane: lane.name, messageId: message.messageId, code: "ccip.wrong_source" },
            "a message logged with another source selector: ignored",
          );
          continue;
        }
        sent.push({
          message,
          blockNumber: log.blockNumber,
          blockHash: log.blockHash,
          transactionHash: log.transactionHash,
          logIndex: log.logIndex,
        });
      }
      saved += await store.saveSent(lane, sent);
      if (to !== cursor) await store.setCursor(cursorName, to);
    }
    return saved;
  }

  // ---- 2. finality ------------------------------------------------------------------------------------

  async #finalize(lane: CcipLane, head: bigint): Promise<number> {
    const { store, logger, metrics, logRange } = this.#o;
    const depth = BigInt(this.#o.finalityDepth);
    if (head < depth) return 0;
    const due = await store.pendingAtDepth(lane.name, head - depth);
    if (due.length === 0) return 0;
    const { client } = this.executions.chain(lane.source.chainId);
    const heights = [...new Set(due.map((row) => row.blockNumber))];
    const blocks = new Map(
      (await Promise.all(heights.map((blockNumber) => client.getBlock({ blockNumber })))).map(
        (block) => [block.number, block],
      ),
    );
    // Where the canonical chain logs these messages now.
    const logged = new Set<string>();
    const lowest = heights[0]!;
    const highest = heights.at(-1)!;
    for (let from = lowest; from <= highest; from += logRange) {
      const to = from + logRange - 1n < highest ? from + logRange - 1n : highest;
      const logs = await client.getLogs({
        address: lane.source.router.address,
        event: ccipMessageSent,
        args: { destChainSelector: lane.dest.selector },
        fromBlock: from,
        toBlock: to,
        strict: true,
      });
      for (const log of logs) {
        logged.add(`${log.args.messageId.toLowerCase()}@${log.blockHash.toLowerCase()}`);
      }
    }
    let moved = 0;
    for (const row of due) {
      const block = blocks.get(row.blockNumber);
      const canonical =
        block?.hash?.toLowerCase() === row.blockHash.toLowerCase() &&
        logged.has(`${row.messageId}@${row.blockHash.toLowerCase()}`);
      if (canonical) {
        if (
          await store.finalize(
            row.messageId,
            row.blockHash,
            new Date(Number(block!.timestamp) * 1000),
          )
        ) {
          moved++;
        }
        continue;
      }
      if (await store.drop(row.messageId, row.blockHash)) {
        moved++;
        metrics.dropped.labels(lane.name).inc();
        logger.warn(
          {
            lane: lane.name,
            messageId: row.messageId,
            blockNumber: row.blockNumber.toString(),
            blockHash: row.blockHash,
            code: "ccip.message_dropped",
          },
          "a source reorg removed a CCIP message before its finality depth: it will not be delivered",
        );
      }
    }
    return moved;
  }

  // ---- 3. commits -------------------------------------------------------------------------------------

  async #commit(lane: CcipLane): Promise<number> {
    const { store, batchSize } = this.#o;
    let moved = 0;
    // Batches sent before (by a relay that died, or before this pass) are followed to their receipts.
    for (const batch of await store.openCommits(lane.name))
      moved += await this.#settleCommit(lane, batch);
    const rows = await store.toCommit(lane.name, batchSize);
    if (rows.length === 0) return moved;
    const { client } = this.executions.chain(lane.dest.chainId);
    const committedAt = await Promise.all(
      rows.map((row) =>
        client.readContract({
          address: lane.dest.router.address,
          abi: localCCIPRouterAbi,
          functionName: "committedAt",
          args: [row.messageId],
        }),
      ),
    );
    // Committed by someone else already (a relay on another database): nothing to send for those.
    moved += await store.markCommitted(
      rows.filter((_, i) => committedAt[i]! > 0n).map((r) => r.messageId),
    );
    const rest = rows.filter((_, i) => committedAt[i] === 0n).map((r) => r.messageId);
    if (rest.length === 0) return moved;
    const batch = await store.createCommit(lane, rest);
    if (!batch) return moved;
    return moved + (await this.#sendCommit(lane, batch));
  }

  async #sendCommit(lane: CcipLane, batch: CommitBatch): Promise<number> {
    const { signer } = this.executions.chain(lane.dest.chainId);
    try {
      await signer.send({
        purpose: batch.purpose,
        to: lane.dest.router.address,
        data: encodeFunctionData({
          abi: localCCIPRouterAbi,
          functionName: "commit",
          args: [batch.sourceSelector, batch.messageIds],
        }),
        errorAbi: localCCIPRouterAbi,
      });
    } catch (error) {
      if (!wouldRevert(error)) throw error; // the batch stays open: sent again next pass
      await this.#commitFailed(lane, batch, "ccip.commit_refused", (error as Error).message);
      return 0;
    }
    return this.#settleCommit(lane, batch);
  }

  async #settleCommit(lane: CcipLane, batch: CommitBatch): Promise<number> {
    const { store, logger, metrics } = this.#o;
    const tx = await this.executions.follow(lane, batch.purpose);
    // Its purpose was written but the relay died before the signer recorded the transaction.
    if (!tx) return this.#sendCommit(lane, batch);
    if (tx === "displaced") {
      // Its ids go back at once: the destination shows which of them the other transaction committed.
      await this.#o.store.commitFailed(
        batch,
        {
          code: "ccip.tx_displaced",
          message: `${batch.purpose}: its nonce was used by another transaction`,
        },
        new Date(),
      );
      return 0;
    }
    if (tx.status === "pending") return 0;
    metrics.transactions.labels(lane.name, "commit", tx.receiptStatus ?? "unknown").inc();
    if (tx.receiptStatus !== "success") {
      await this.#commitFailed(
        lane,
        batch,
        "ccip.commit_reverted",
        `${batch.purpose} reverted in ${tx.hash}`,
        tx.hash,
      );
      return 0;
    }
    const moved = await store.commitDone(batch, tx.hash);
    if (moved > 0) {
      logger.info(
        { lane: lane.name, messages: batch.messageIds.length, transactionHash: tx.hash },
        "CCIP messages committed",
      );
    }
    return moved;
  }

  async #commitFailed(
    lane: CcipLane,
    batch: CommitBatch,
    code: string,
    message: string,
    hash?: Hex,
  ) {
    const { store, logger, metrics } = this.#o;
    const rows = await Promise.all(batch.messageIds.map((id) => store.get(id)));
    const failures = Math.max(0, ...rows.map((r) => r?.failures ?? 0)) + 1;
    const retryInMs = backoffMs(failures);
    await store.commitFailed(batch, { code, message }, new Date(Date.now() + retryInMs), hash);
    metrics.failures.labels(lane.name, code).inc();
    logger.warn(
      { lane: lane.name, code, err: message, messages: batch.messageIds.length, retryInMs },
      "CCIP commit failed; its messages will be committed again",
    );
  }

  // ---- 4. executions ----------------------------------------------------------------------------------

  async #execute(lane: CcipLane): Promise<number> {
    const rows = await this.#o.store.toExecute(lane.name, this.#o.concurrency);
    const moved = await Promise.all(rows.map((row) => this.#executeOne(lane, row)));
    return moved.reduce((a, b) => a + b, 0);
  }

  /** Moves one committed message towards its execution; never throws (a failure is recorded on it). */
  async #executeOne(lane: CcipLane, row: MessageRow): Promise<number> {
    const { signer } = this.executions.chain(lane.dest.chainId);
    const purpose =
      row.executeAttempt === 0
        ? `ccip:execute:${row.messageId}`
        : `ccip:execute:${row.messageId}:${row.executeAttempt}`;
    try {
      let tx = await this.executions.follow(lane, purpose);
      if (!tx) {
        const state = await this.executions.state(lane, row.messageId);
        if (state !== ExecutionState.UNTOUCHED) return this.#doneByAnother(lane, row);
        try {
          await signer.send({
            purpose,
            to: lane.dest.router.address,
            data: encodeFunctionData({
              abi: localCCIPRouterAbi,
              functionName: "execute",
              args: [row.message],
            }),
            errorAbi: localCCIPRouterAbi,
          });
        } catch (error) {
          if (!wouldRevert(error)) throw error;
          const name = revertName(error);
          if (name === "InvalidExecutionState") return this.#doneByAnother(lane, row);
          if (name === "NotCommitted") {
            await this.#o.store.uncommit(row.messageId);
            this.#o.logger.warn(
              { lane: lane.name, messageId: row.messageId, code: "ccip.not_committed" },
              "the destination does not know the message as committed: committing it again",
            );
            return 1;
          }
          await this.#executeFailed(lane, row, "ccip.execute_refused", (error as Error).message);
          return 0;
        }
        tx = await this.executions.follow(lane, purpose);
      }
      if (tx === "displaced") {
        const state = await this.executions.state(lane, row.messageId);
        if (state !== ExecutionState.UNTOUCHED) return this.#doneByAnother(lane, row);
        await this.#executeFailed(
          lane,
          row,
          "ccip.tx_displaced",
          `${purpose}: its nonce was used`,
          true,
        );
        return 0;
      }
      if (!tx || tx.status === "pending") return 0;
      const { status, result } = await this.executions.fromTransaction(
        lane,
        tx.hash,
        row.messageId,
      );
      this.#o.metrics.transactions.labels(lane.name, "execute", status).inc();
      if (status === "success" && result) {
        return (await this.executions.record(lane, row, result)) ? 1 : 0;
      }
      // Reverted: another execution got there first, or the transaction could not give the receiver its
      // gas limit (then the message is still untouched, and goes out again under the next purpose).
      const state = await this.executions.state(lane, row.messageId);
      if (state !== ExecutionState.UNTOUCHED) return this.#doneByAnother(lane, row);
      await this.#executeFailed(
        lane,
        row,
        "ccip.execute_reverted",
        `${purpose} reverted in ${tx.hash}`,
        true,
      );
      return 0;
    } catch (error) {
      const { code, message } = failureOf(error);
      await this.#executeFailed(lane, row, code, message).catch(() => {});
      return 0;
    }
  }

  /** The destination shows the message executed by someone else: record what it shows. */
  async #doneByAnother(lane: CcipLane, row: MessageRow): Promise<number> {
    if (await this.executions.recordFromChain(lane, row)) return 1;
    // IN_PROGRESS is only ever seen inside a transaction: look again later.
    return 0;
  }

  async #executeFailed(
    lane: CcipLane,
    row: MessageRow,
    code: string,
    message: string,
    nextAttempt = false,
  ): Promise<void> {
    const retryInMs = backoffMs(row.failures + 1);
    await this.#o.store.executeFailed(
      row,
      { code, message },
      new Date(Date.now() + retryInMs),
      nextAttempt,
    );
    this.#o.metrics.failures.labels(lane.name, code).inc();
    this.#o.logger.warn(
      { lane: lane.name, messageId: row.messageId, code, err: message, retryInMs },
      "CCIP execution step failed; will retry",
    );
  }

  // ---- failed messages --------------------------------------------------------------------------------

  /** Manual executions in flight (their requester may have died): recorded once mined. */
  async #followManual(lane: CcipLane): Promise<number> {
    let moved = 0;
    for (const row of await this.#o.store.manualInFlight(lane.name)) {
      const purpose = row.manualPurpose!;
      if (this.manual.inFlight(purpose)) continue; // its request is waiting for it in this process
      const outcome = await this.executions.settleManual(lane, row, purpose);
      // Never sent (the requester died before the signer recorded it): the message stays failed.
      if (outcome === "none") await this.#o.store.endManual(row.messageId, purpose);
      if (outcome !== "pending") moved++;
    }
    return moved;
  }

  /** A failed message may have been executed manually by anyone since: the destination is read again. */
  async #recheckFailures(lane: CcipLane): Promise<number> {
    const { store, recheckMs } = this.#o;
    let moved = 0;
    for (const row of await store.failuresToRecheck(lane.name, 20)) {
      const state = await this.executions.state(lane, row.messageId);
      const latest =
        state === ExecutionState.UNTOUCHED
          ? undefined
          : await this.executions.latest(lane, row.messageId);
      if (latest && latest.txHash.toLowerCase() !== row.result?.txHash.toLowerCase()) {
        if (await this.executions.record(lane, row, latest)) moved++;
      }
      await store.deferRecheck(row.messageId, new Date(Date.now() + recheckMs));
    }
    return moved;
  }
}
