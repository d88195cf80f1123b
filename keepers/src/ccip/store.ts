// The relay's durable state (migration 0006): every message a source router sent, where it was logged,
// and how far the relay took it; the commit batches; the lane's source cursor and lease. Every move is a
// compare-and-set on the state the step read, so two relays sharing the database (or one that lost its
// lease while still running) can repeat a step without undoing the other's.
import type { Address, Hex } from "viem";
import type { Queryable, Sql } from "../db/sql.ts";
import type { CcipLane, LocalMessage, MessageState } from "./types.ts";

/** A CCIPMessageSent log: the message and where the source logged it. */
export type SentLog = {
  message: LocalMessage;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: number;
};

export type MessageRow = {
  messageId: Hex;
  lane: string;
  sourceChainId: number;
  destChainId: number;
  message: LocalMessage;
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
  sourceBlockTime: Date | null;
  state: MessageState;
  commitId: string | null;
  executeAttempt: number;
  manualAttempt: number;
  manualPurpose: string | null;
  result: {
    txHash: Hex;
    blockNumber: bigint;
    returnData: Hex;
    gasLimit: bigint;
    gasUsed: bigint;
    manual: boolean;
    executor: Address;
    byUs: boolean;
  } | null;
  error: { code: string; message: string } | null;
  failures: number;
  nextRunAt: Date;
  seenAt: Date;
  finalizedAt: Date | null;
  committedAt: Date | null;
  executedAt: Date | null;
};

export type CommitBatch = {
  id: string;
  lane: string;
  destChainId: number;
  sourceSelector: bigint;
  messageIds: Hex[];
  purpose: string;
  state: "open" | "done" | "failed";
};

/** An execution's outcome, from its ExecutionStateChanged log. */
export type ExecutionResult = {
  state: "success" | "failure";
  txHash: Hex;
  blockNumber: bigint;
  logIndex: number;
  returnData: Hex;
  gasLimit: bigint;
  gasUsed: bigint;
  manual: boolean;
  executor: Address;
  byUs: boolean;
};

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const big = (v: unknown) => BigInt(String(v));

function messageFromRow(r: Record<string, unknown>): MessageRow {
  const message: LocalMessage = {
    messageId: r.message_id as Hex,
    sourceChainSelector: big(r.source_selector),
    destChainSelector: big(r.dest_selector),
    sequenceNumber: big(r.sequence_number),
    sender: r.sender as Address,
    receiver: r.receiver as Address,
    data: r.data as Hex,
    gasLimit: big(r.gas_limit),
    feeToken: r.fee_token as Address,
    feeTokenAmount: big(r.fee_token_amount),
  };
  return {
    messageId: r.message_id as Hex,
    lane: r.lane as string,
    sourceChainId: Number(r.source_chain_id),
    destChainId: Number(r.dest_chain_id),
    message,
    blockNumber: big(r.block_number),
    blockHash: r.block_hash as Hex,
    txHash: r.tx_hash as Hex,
    logIndex: Number(r.log_index),
    sourceBlockTime: date(r.source_block_time),
    state: r.state as MessageState,
    commitId: r.commit_id === null || r.commit_id === undefined ? null : String(r.commit_id),
    executeAttempt: Number(r.execute_attempt),
    manualAttempt: Number(r.manual_attempt),
    manualPurpose: (r.manual_purpose as string | null) ?? null,
    result:
      r.result_tx === null || r.result_tx === undefined
        ? null
        : {
            txHash: r.result_tx as Hex,
            blockNumber: big(r.result_block),
            returnData: r.return_data as Hex,
            gasLimit: big(r.exec_gas_limit),
            gasUsed: big(r.gas_used),
            manual: Boolean(r.manual),
            executor: r.executor as Address,
            byUs: Boolean(r.executed_by_us),
          },
    error: r.error_code
      ? { code: r.error_code as string, message: (r.error_message as string) ?? "" }
      : null,
    failures: Number(r.failures),
    nextRunAt: new Date(r.next_run_at as string),
    seenAt: new Date(r.seen_at as string),
    finalizedAt: date(r.finalized_at),
    committedAt: date(r.committed_at),
    executedAt: date(r.executed_at),
  };
}

function batchFromRow(r: Record<string, unknown>): CommitBatch {
  return {
    id: String(r.id),
    lane: r.lane as string,
    destChainId: Number(r.dest_chain_id),
    sourceSelector: big(r.source_selector),
    messageIds: r.message_ids as Hex[],
    purpose: r.purpose as string,
    state: r.state as CommitBatch["state"],
  };
}

export class CcipStore {
  readonly sql: Sql;
  constructor(sql: Sql) {
    this.sql = sql;
  }

  // ---- lane cursor and lease ---------------------------------------------------------------------

  /** The last source block whose logs the lane has stored (undefined: none yet). */
  async cursor(name: string): Promise<bigint | undefined> {
    const [row] = await this.sql.query<{ block_number: string }>(
      "select block_number::text from keepers.cursors where name = $1",
      [name],
    );
    return row ? BigInt(row.block_number) : undefined;
  }

  async setCursor(name: string, block: bigint): Promise<void> {
    await this.sql.query(
      `insert into keepers.cursors (name, block_number) values ($1, $2)
       on conflict (name) do update set block_number = excluded.block_number, updated_at = now()`,
      [name, block.toString()],
    );
  }

  /** Takes or renews the lease `name` for `leaseMs`; false while another live relay holds it. */
  async holdLease(name: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = await this.sql.query(
      `insert into keepers.leases (name, owner, until)
       values ($1, $2, now() + ($3::bigint * interval '1 millisecond'))
       on conflict (name) do update set owner = excluded.owner, until = excluded.until
         where keepers.leases.owner = excluded.owner or keepers.leases.until < now()
       returning owner`,
      [name, owner, leaseMs],
    );
    return rows.length === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.sql.query("delete from keepers.leases where name = $1 and owner = $2", [
      name,
      owner,
    ]);
  }

  /** What a lane has to do: its messages in each open state, open batches, manual executions, rechecks due. */
  async work(lane: string): Promise<{
    pending: number;
    finalized: number;
    committed: number;
    openCommits: number;
    manual: number;
    recheck: number;
  }> {
    const [row] = await this.sql.query<Record<string, string>>(
      `select count(*) filter (where state = 'pending')::text as pending,
         count(*) filter (where state = 'finalized')::text as finalized,
         count(*) filter (where state = 'committed')::text as committed,
         count(*) filter (where manual_purpose is not null)::text as manual,
         count(*) filter (where state = 'failure' and manual_purpose is null and next_run_at <= now())::text
           as recheck,
         (select count(*) from keepers.ccip_commits where lane = $1 and state = 'open')::text as open_commits
       from keepers.ccip_messages where lane = $1 and state in ('pending', 'finalized', 'committed', 'failure')`,
      [lane],
    );
    return {
      pending: Number(row?.pending ?? 0),
      finalized: Number(row?.finalized ?? 0),
      committed: Number(row?.committed ?? 0),
      openCommits: Number(row?.open_commits ?? 0),
      manual: Number(row?.manual ?? 0),
      recheck: Number(row?.recheck ?? 0),
    };
  }

  // ---- source logs and finality -------------------------------------------------------------------

  /**
   * Stores sent messages. A new id is pending; a known id still pending or dropped that the source now logs
   * at another position (a reorg re-included it) takes the new position and is pending again. Ids past
   * their finality depth keep theirs. Returns how many rows were written.
   */
  async saveSent(lane: CcipLane, logs: SentLog[]): Promise<number> {
    if (logs.length === 0) return 0;
    const rows = await this.sql.query(
      `insert into keepers.ccip_messages (message_id, lane, source_chain_id, dest_chain_id, source_selector,
         dest_selector, sequence_number, sender, receiver, data, gas_limit, fee_token, fee_token_amount,
         block_number, block_hash, tx_hash, log_index, state)
       select m.message_id, $1, $2, $3, m.source_selector::numeric, m.dest_selector::numeric,
         m.sequence_number::numeric, m.sender, m.receiver, m.data, m.gas_limit::numeric, m.fee_token,
         m.fee_token_amount::numeric, m.block_number::bigint, m.block_hash, m.tx_hash, m.log_index, 'pending'
       from jsonb_to_recordset($4::jsonb) as m(message_id text, source_selector text, dest_selector text,
         sequence_number text, sender text, receiver text, data text, gas_limit text, fee_token text,
         fee_token_amount text, block_number text, block_hash text, tx_hash text, log_index integer)
       on conflict (message_id) do update set block_number = excluded.block_number,
         block_hash = excluded.block_hash, tx_hash = excluded.tx_hash, log_index = excluded.log_index,
         state = 'pending', updated_at = now()
       where keepers.ccip_messages.state in ('pending', 'dropped')
         and keepers.ccip_messages.block_hash <> excluded.block_hash
       returning message_id`,
      [
        lane.name,
        lane.source.chainId,
        lane.dest.chainId,
        JSON.stringify(
          logs.map(({ message: m, ...at }) => ({
            message_id: m.messageId.toLowerCase(),
            source_selector: m.sourceChainSelector.toString(),
            dest_selector: m.destChainSelector.toString(),
            sequence_number: m.sequenceNumber.toString(),
            sender: m.sender.toLowerCase(),
            receiver: m.receiver.toLowerCase(),
            data: m.data.toLowerCase(),
            gas_limit: m.gasLimit.toString(),
            fee_token: m.feeToken.toLowerCase(),
            fee_token_amount: m.feeTokenAmount.toString(),
            block_number: at.blockNumber.toString(),
            block_hash: at.blockHash.toLowerCase(),
            tx_hash: at.transactionHash.toLowerCase(),
            log_index: at.logIndex,
          })),
        ),
      ],
    );
    return rows.length;
  }

  /** Pending messages of `lane` logged at or below `maxBlock` (they reached the finality depth). */
  async pendingAtDepth(lane: string, maxBlock: bigint, limit = 500): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_messages where lane = $1 and state = 'pending' and block_number <= $2
       order by block_number, log_index limit $3`,
      [lane, maxBlock.toString(), limit],
    );
    return rows.map(messageFromRow);
  }

  /** Pending -> finalized, if it is still at the position that was checked. */
  async finalize(messageId: Hex, blockHash: Hex, blockTime: Date): Promise<boolean> {
    const rows = await this.sql.query(
      `update keepers.ccip_messages set state = 'finalized', source_block_time = $3, finalized_at = now(),
         updated_at = now()
       where message_id = $1 and state = 'pending' and block_hash = $2 returning message_id`,
      [messageId, blockHash.toLowerCase(), blockTime],
    );
    return rows.length === 1;
  }

  /** Pending -> dropped: the block at its position is no longer canonical (or no longer logs it). */
  async drop(messageId: Hex, blockHash: Hex): Promise<boolean> {
    const rows = await this.sql.query(
      `update keepers.ccip_messages set state = 'dropped', updated_at = now()
       where message_id = $1 and state = 'pending' and block_hash = $2 returning message_id`,
      [messageId, blockHash.toLowerCase()],
    );
    return rows.length === 1;
  }

  // ---- commits ------------------------------------------------------------------------------------

  /** Finalized messages of `lane` in no open batch and due, in sequence order. */
  async toCommit(lane: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_messages
       where lane = $1 and state = 'finalized' and commit_id is null and next_run_at <= now()
       order by sequence_number limit $2`,
      [lane, limit],
    );
    return rows.map(messageFromRow);
  }

  /** Finalized -> committed for ids the destination shows committed (by this relay's batch or anyone's). */
  async markCommitted(messageIds: Hex[], q: Queryable = this.sql): Promise<number> {
    if (messageIds.length === 0) return 0;
    const rows = await q.query(
      `update keepers.ccip_messages set state = 'committed', commit_id = null, committed_at = now(),
         next_run_at = now(), error_code = null, error_message = null, updated_at = now()
       where message_id = any($1::text[]) and state = 'finalized' returning message_id`,
      [messageIds.map((id) => id.toLowerCase())],
    );
    return rows.length;
  }

  /**
   * A new open batch of the ids among `messageIds` that are still finalized and in no other batch (a
   * relay that raced this one got the others); undefined when none is left.
   */
  async createCommit(lane: CcipLane, messageIds: Hex[]): Promise<CommitBatch | undefined> {
    return this.sql.transaction(async (tx) => {
      const [seq] = await tx.query<{ id: string }>(
        "select nextval(pg_get_serial_sequence('keepers.ccip_commits', 'id'))::text as id",
      );
      const id = seq!.id;
      const claimed = await tx.query<{ message_id: string }>(
        `update keepers.ccip_messages set commit_id = $2, updated_at = now()
         where message_id = any($1::text[]) and state = 'finalized' and commit_id is null
         returning message_id`,
        [messageIds.map((m) => m.toLowerCase()), id],
      );
      if (claimed.length === 0) return undefined;
      // Sequence order (what the batch was asked for) among those claimed.
      const order = new Map(messageIds.map((m, i) => [m.toLowerCase(), i]));
      const ids = claimed
        .map((r) => r.message_id as Hex)
        .sort((a, b) => order.get(a)! - order.get(b)!);
      const rows = await tx.query(
        `insert into keepers.ccip_commits (id, lane, dest_chain_id, source_selector, message_ids, purpose, state)
         values ($1, $2, $3, $4, $5, $6, 'open') returning *`,
        [
          id,
          lane.name,
          lane.dest.chainId,
          lane.source.selector.toString(),
          ids,
          `ccip:commit:${lane.name}:${id}`,
        ],
      );
      return batchFromRow(rows[0]!);
    });
  }

  async openCommits(lane: string): Promise<CommitBatch[]> {
    const rows = await this.sql.query(
      "select * from keepers.ccip_commits where lane = $1 and state = 'open' order by id",
      [lane],
    );
    return rows.map(batchFromRow);
  }

  /** The batch's transaction was mined successfully: every id in it is committed. */
  async commitDone(batch: CommitBatch, txHash: Hex): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `update keepers.ccip_commits set state = 'done', tx_hash = $2, updated_at = now()
         where id = $1 and state = 'open' returning id`,
        [batch.id, txHash.toLowerCase()],
      );
      if (rows.length === 0) return 0;
      return this.markCommitted(batch.messageIds, tx);
    });
  }

  /** The batch was refused or reverted: its ids go back to be batched again from `retryAt`. */
  async commitFailed(
    batch: CommitBatch,
    error: { code: string; message: string },
    retryAt: Date,
    txHash?: Hex,
  ): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `update keepers.ccip_commits set state = 'failed', tx_hash = $2, error_code = $3, error_message = $4,
           updated_at = now()
         where id = $1 and state = 'open' returning id`,
        [batch.id, txHash?.toLowerCase() ?? null, error.code, error.message.slice(0, 1000)],
      );
      if (rows.length === 0) return;
      await tx.query(
        `update keepers.ccip_messages set commit_id = null, next_run_at = $2, error_code = $3,
           error_message = $4, failures = failures + 1, updated_at = now()
         where commit_id = $1`,
        [batch.id, retryAt, error.code, error.message.slice(0, 1000)],
      );
    });
  }

  // ---- execution ----------------------------------------------------------------------------------

  /** Committed messages of `lane` that are due, in sequence order. */
  async toExecute(lane: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_messages where lane = $1 and state = 'committed' and next_run_at <= now()
       order by sequence_number limit $2`,
      [lane, limit],
    );
    return rows.map(messageFromRow);
  }

  /**
   * Records an execution's outcome: committed -> success | failure, or failure -> success | failure (a
   * later, manual execution). A success is final, and an older log never overwrites a newer one. Returns
   * whether the row moved, and, on its first execution, the seconds since the relay stored the send.
   */
  async recordResult(
    messageId: Hex,
    result: ExecutionResult,
  ): Promise<{ first: boolean; latencySeconds: number } | undefined> {
    // executed_at is the first execution's time: set once, so it equals now() only on the first record.
    const rows = await this.sql.query<{ first: boolean; latency: string }>(
      `update keepers.ccip_messages set state = $2, result_tx = $3, result_block = $4, return_data = $5,
         exec_gas_limit = $6, gas_used = $7, manual = $8, executor = $9, executed_by_us = $10,
         executed_at = coalesce(executed_at, now()), commit_id = null, error_code = null,
         error_message = null, next_run_at = now() + interval '30 seconds', updated_at = now()
       where message_id = $1
         and (state in ('finalized', 'committed')
              or (state = 'failure' and (result_block is null or result_block < $4
                  or (result_block = $4 and result_tx <> $3))))
       returning executed_at = now() as first, extract(epoch from now() - seen_at)::text as latency`,
      [
        messageId.toLowerCase(),
        result.state,
        result.txHash.toLowerCase(),
        result.blockNumber.toString(),
        result.returnData,
        result.gasLimit.toString(),
        result.gasUsed.toString(),
        result.manual,
        result.executor.toLowerCase(),
        result.byUs,
      ],
    );
    const row = rows[0];
    return row ? { first: row.first, latencySeconds: Number(row.latency) } : undefined;
  }

  /**
   * An execution step failed: due again at `retryAt`. With `nextAttempt`, its transaction reverted and
   * left the message untouched: the next try goes out under the next purpose (once, whoever gets here).
   */
  async executeFailed(
    row: MessageRow,
    error: { code: string; message: string },
    retryAt: Date,
    nextAttempt = false,
  ): Promise<void> {
    await this.sql.query(
      `update keepers.ccip_messages set error_code = $2, error_message = $3, next_run_at = $4,
         failures = failures + 1,
         execute_attempt = case when $5 then execute_attempt + 1 else execute_attempt end, updated_at = now()
       where message_id = $1 and state = 'committed' and execute_attempt = $6`,
      [
        row.messageId,
        error.code,
        error.message.slice(0, 1000),
        retryAt,
        nextAttempt,
        row.executeAttempt,
      ],
    );
  }

  /** The destination does not know it as committed (after all): back to be committed again. */
  async uncommit(messageId: Hex): Promise<void> {
    await this.sql.query(
      `update keepers.ccip_messages set state = 'finalized', commit_id = null, committed_at = null,
         updated_at = now()
       where message_id = $1 and state = 'committed'`,
      [messageId],
    );
  }

  /** Failed messages of `lane` with no manual execution in flight whose recheck is due. */
  async failuresToRecheck(lane: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_messages
       where lane = $1 and state = 'failure' and manual_purpose is null and next_run_at <= now()
       order by next_run_at limit $2`,
      [lane, limit],
    );
    return rows.map(messageFromRow);
  }

  async deferRecheck(messageId: Hex, at: Date): Promise<void> {
    await this.sql.query(
      "update keepers.ccip_messages set next_run_at = $2, updated_at = now() where message_id = $1",
      [messageId, at],
    );
  }

  /** Messages of `lane` with a manual execution in flight. */
  async manualInFlight(lane: string): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      "select * from keepers.ccip_messages where lane = $1 and manual_purpose is not null",
      [lane],
    );
    return rows.map(messageFromRow);
  }

  /**
   * Starts manual execution number `attempt` of a failed message: its purpose, or undefined when another
   * one is in flight or the message moved on meanwhile.
   */
  async startManual(row: MessageRow): Promise<string | undefined> {
    const purpose = `ccip:manual:${row.messageId}:${row.manualAttempt + 1}`;
    const rows = await this.sql.query(
      `update keepers.ccip_messages set manual_attempt = manual_attempt + 1, manual_purpose = $2,
         updated_at = now()
       where message_id = $1 and state = 'failure' and manual_purpose is null and manual_attempt = $3
       returning message_id`,
      [row.messageId, purpose, row.manualAttempt],
    );
    return rows.length === 1 ? purpose : undefined;
  }

  /** The manual execution `purpose` is over (recorded, or never sent). */
  async endManual(messageId: Hex, purpose: string): Promise<void> {
    await this.sql.query(
      `update keepers.ccip_messages set manual_purpose = null, updated_at = now()
       where message_id = $1 and manual_purpose = $2`,
      [messageId, purpose],
    );
  }

  // ---- reads --------------------------------------------------------------------------------------

  async get(messageId: Hex): Promise<MessageRow | undefined> {
    const rows = await this.sql.query("select * from keepers.ccip_messages where message_id = $1", [
      messageId.toLowerCase(),
    ]);
    return rows[0] ? messageFromRow(rows[0]) : undefined;
  }

  async list(
    filter: { state?: MessageState; lane?: string; limit?: number } = {},
  ): Promise<MessageRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_messages
       where ($1::text is null or state = $1) and ($2::text is null or lane = $2)
       order by seen_at desc, message_id limit $3`,
      [filter.state ?? null, filter.lane ?? null, filter.limit ?? 100],
    );
    return rows.map(messageFromRow);
  }

  /** Message counts by lane and state. */
  async counts(): Promise<{ lane: string; state: MessageState; n: number }[]> {
    const rows = await this.sql.query<{ lane: string; state: MessageState; n: string }>(
      "select lane, state, count(*)::text as n from keepers.ccip_messages group by lane, state",
    );
    return rows.map((r) => ({ lane: r.lane, state: r.state, n: Number(r.n) }));
  }

  /** Per lane, the oldest message not yet executed (nor dropped): its age in seconds and its source block. */
  async oldestUndelivered(): Promise<{ lane: string; seconds: number; block: bigint | null }[]> {
    const rows = await this.sql.query<{ lane: string; seconds: string; block: string | null }>(
      `select lane, extract(epoch from now() - min(seen_at))::text as seconds, min(block_number)::text as block
       from keepers.ccip_messages where state in ('pending', 'finalized', 'committed') group by lane`,
    );
    return rows.map((r) => ({
      lane: r.lane,
      seconds: Number(r.seconds),
      block: r.block === null ? null : BigInt(r.block),
    }));
  }

  /** The signer and nonce of the transaction recorded for `purpose` on `chainId`. */
  async transactionOf(
    chainId: number,
    purpose: string,
  ): Promise<{ signer: Address; nonce: bigint } | undefined> {
    const [row] = await this.sql.query<{ signer: string; nonce: string }>(
      "select signer, nonce::text from keepers.chain_txs where chain_id = $1 and purpose = $2",
      [chainId, purpose],
    );
    return row ? { signer: row.signer as Address, nonce: BigInt(row.nonce) } : undefined;
  }

  /** Whether `hash` is one of this database's transactions on `chainId` (any signer, any version). */
  async isOurTransaction(chainId: number, hash: Hex): Promise<boolean> {
    const rows = await this.sql.query(
      `select 1 from keepers.chain_txs
       where chain_id = $1 and (mined_hash = $2 or $2 = any(hashes)) limit 1`,
      [chainId, hash.toLowerCase()],
    );
    return rows.length > 0;
  }
}
