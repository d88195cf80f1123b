// One signer per keeper key that owns its nonces (as Boltz's sequential signer does): sends are
// serialised, every transaction is recorded in keepers.chain_txs (nonce, signed bytes, purpose) BEFORE
// it is broadcast, and a purpose is sent at most once ever, so a crash at any point neither skips a
// nonce, nor reuses one, nor sends the same action twice. Pending transactions are re-broadcast after a
// restart, and replaced with bumped fees when they stay unmined. A Postgres advisory lock makes sure no
// second process signs with the same key.
import type { Logger } from "pino";
import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  toHex,
} from "viem";
import type { Queryable, Sql } from "../db/sql.ts";
import { KeeperError } from "../errors.ts";

export type SendRequest = {
  /** Unique name of the action on this chain, e.g. `lockMint:<paymentHash>`. */
  purpose: string;
  to: Address;
  data: Hex;
  /** ABI whose custom errors name a revert (the target's and what it calls into). */
  errorAbi?: Abi;
  /**
   * Gas added to the estimate's limit for work that can grow between the estimate and inclusion (an
   * oracle sync processes every round that arrived meanwhile). Only gas used is paid.
   */
  extraGas?: bigint;
};

export type ChainTx = {
  purpose: string;
  nonce: bigint;
  /** The newest broadcast version's hash (or the mined one once mined). */
  hash: Hex;
  status: "pending" | "mined";
  receiptStatus: "success" | "reverted" | null;
  blockNumber: bigint | null;
};

export type NonceSignerOptions = {
  sql: Sql;
  client: PublicClient;
  account: LocalAccount;
  chainId: number;
  logger: Logger;
  /** Replace a transaction with higher fees when it is still unmined after this long. */
  bumpAfterMs?: number;
  /** Fee multiplier of a replacement, in percent (nodes require at least +10%). */
  bumpPercent?: bigint;
  /**
   * A client whose transport batches JSON-RPC requests (viem's `http(url, { batch: true })`): newly
   * recorded transactions waiting to go out are then broadcast as one batch, in nonce order, rather
   * than one round trip each (an automining dev node mines each in its own block either way).
   * Without it, they go one at a time.
   */
  batchClient?: PublicClient;
  now?: () => number;
};

/** How many of its own recent transaction hashes a signer remembers (see `sentRecently`). */
const sentHashesKept = 10_000;

/** Most transactions recorded in one statement, or broadcast in one batch. */
const maxBatch = 100;

const insertInto = `(chain_id, signer, nonce, purpose, to_address, data, gas, max_fee_per_gas,
  max_priority_fee_per_gas, raw_txs, hashes, status)`;
const insertColumns = 11;
/** `$first, ..., $(first + 10)`: one row's parameters of `insertInto` (status aside). */
const row = (first: number) =>
  Array.from({ length: insertColumns }, (_, i) => `$${first + i}`).join(", ");

/** Most often a pending transaction's own signer re-broadcasts and bumps (tick) on `follow`. */
const tickEveryMs = 1_000;
const feesTtlMs = 2_000;

type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
/** A send's recorded transaction, with its signed bytes when this call recorded it (to broadcast). */
type Recorded = { tx: ChainTx; raw?: Hex };

type TxRow = {
  signer: string;
  purpose: string;
  nonce: string;
  to_address: string;
  data: string;
  gas: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  raw_txs: string[];
  hashes: string[];
  status: "pending" | "mined";
  mined_hash: string | null;
  receipt_status: "success" | "reverted" | null;
  block_number: string | null;
  sent_at: Date | string;
};

export class NonceSigner {
  readonly address: Address;
  readonly #o: Required<Omit<NonceSignerOptions, "now" | "batchClient">> &
    Pick<NonceSignerOptions, "batchClient"> & { now: () => number };
  #nextNonce = 0n;
  #queue: Promise<unknown> = Promise.resolve();
  /** Sends waiting for a nonce: the next turn of the queue signs and records them all at once. */
  readonly #toRecord: {
    request: SendRequest;
    gas: bigint;
    fees: Fees;
    done: (recorded: Recorded) => void;
    fail: (error: unknown) => void;
  }[] = [];
  /** Hashes of the transactions this process recorded lately (bounded; the oldest go first). */
  readonly #sentHashes = new Set<string>();
  /** Sends in progress in this process, by purpose. */
  readonly #inflight = new Map<string, Promise<ChainTx>>();
  /**
   * Newly recorded transactions waiting to be broadcast, in nonce order (an automining node refuses a
   * nonce gap), and whether a flush is sending them.
   */
  readonly #outbox: { nonce: bigint; raw: Hex; purpose: string; sent: () => void }[] = [];
  #flushing: Promise<void> | undefined;
  #release: (() => Promise<void>) | undefined;
  #lastTick = 0;
  /** Fees asked of the node, reused for `feesTtlMs` (a replacement bumps them if they fall behind). */
  #fees:
    | { at: number; value: Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> }
    | undefined;

  private constructor(options: NonceSignerOptions) {
    this.#o = { bumpAfterMs: 15_000, bumpPercent: 125n, now: Date.now, ...options };
    this.address = options.account.address.toLowerCase() as Address;
  }

  /** Takes ownership of the key (fails with `keepers.signer_in_use` if another process has it). */
  static async start(options: NonceSignerOptions): Promise<NonceSigner> {
    const signer = new NonceSigner(options);
    const key = BigInt.asIntN(
      64,
      BigInt(keccak256(toHex(`signer:${options.chainId}:${signer.address}`)).slice(0, 18)),
    );
    const lock = await options.sql.tryAdvisoryLock(key);
    if (!lock) {
      throw new KeeperError(
        "keepers.signer_in_use",
        `another process signs for ${signer.address} on chain ${options.chainId}: give each keeper its own key`,
      );
    }
    signer.#release = lock.release;
    await signer.#sync();
    return signer;
  }

  async stop(): Promise<void> {
    await this.#queue.catch(() => {});
    await this.#flushing;
    await this.#release?.();
    this.#release = undefined;
  }

  /**
   * Sends `request` once ever: a purpose already recorded returns its transaction instead. A call that
   * would revert is refused before any nonce is used (`keepers.tx_would_revert`, with the error name).
   */
  send(request: SendRequest): Promise<ChainTx> {
    // A purpose already being sent by this process: the same transaction (the first caller's).
    const inflight = this.#inflight.get(request.purpose);
    if (inflight) return inflight;
    const sending = this.#send(request).finally(() => this.#inflight.delete(request.purpose));
    this.#inflight.set(request.purpose, sending);
    return sending;
  }

  async #send(request: SendRequest): Promise<ChainTx> {
    // Everything that needs no nonce runs now, concurrently with other sends: the gas estimate (a
    // would-revert call is refused here, before any nonce is used) and the fees. Only signing and
    // recording take the nonce queue (a purpose recorded before is found by its unique key there, and
    // no nonce is used), and broadcasts go out in nonce order from an outbox of their own (all that
    // waits in one batch), so a slow node never holds up recording the next transaction.
    const [estimated, fees] = await Promise.all([
      this.#o.client
        // By address: given the local account, viem would first fill in a whole transaction (nonce,
        // chain id, fees: four more round trips to the node) that the estimate does not need.
        .estimateGas({ account: this.#o.account.address, to: request.to, data: request.data })
        .then(
          (gas) => ({ gas }),
          (error: unknown) => ({ error }),
        ),
      this.#currentFees(),
    ]);
    if ("error" in estimated) {
      // Sent before (its effect is why the call would revert now)? Then that is the transaction.
      const existing = await this.find(request.purpose);
      if (existing) return existing;
      throw revertError(request.purpose, estimated.error, request.errorAbi);
    }
    // Headroom: state can move between the estimate and inclusion.
    const gas = (estimated.gas * 120n) / 100n + (request.extraGas ?? 0n);
    const { tx, raw } = await new Promise<Recorded>((done, fail) => {
      this.#toRecord.push({ request, gas, fees, done, fail });
      // The first to wait takes the queue's next turn for everyone waiting by then.
      if (this.#toRecord.length === 1) {
        const turn = this.#queue.then(() => this.#recordWaiting());
        this.#queue = turn.catch(() => {});
      }
    });
    if (raw) await this.#broadcastInOrder(tx.nonce, raw, request.purpose);
    return tx;
  }

  /** The transaction recorded for `purpose`, if any. */
  async find(purpose: string): Promise<ChainTx | undefined> {
    const row = await this.#row(purpose);
    return row ? toChainTx(row) : undefined;
  }

  async #row(purpose: string): Promise<TxRow | undefined> {
    const rows = await this.#o.sql.query<TxRow>(
      "select * from keepers.chain_txs where chain_id = $1 and purpose = $2",
      [this.#o.chainId, purpose],
    );
    return rows[0];
  }

  /**
   * The transaction recorded for `purpose`, brought up to date from the chain whoever signed it: its
   * receipt is looked up by its hashes and recorded once mined. While it is pending, a transaction of
   * another signer (a keeper that died) is broadcast again: its signed bytes are in the row, so any
   * keeper can re-send them (only their owner can replace them with higher fees); for this signer's own,
   * a full tick (re-broadcasts, fee bumps) runs at most once a second, not once per swap.
   */
  async follow(purpose: string): Promise<ChainTx | undefined> {
    const row = await this.#row(purpose);
    if (!row || row.status === "mined") return row ? toChainTx(row) : undefined;
    const mined = await this.#findReceipt(row.hashes as Hex[]);
    if (mined) {
      await this.#recordMined(row, mined);
      return {
        ...toChainTx(row),
        hash: mined.transactionHash,
        status: "mined",
        receiptStatus: mined.status,
        blockNumber: mined.blockNumber,
      };
    }
    if (row.signer !== this.address) {
      await this.#broadcast(row.raw_txs.at(-1) as Hex, purpose);
    } else if (this.#o.now() - this.#lastTick >= tickEveryMs) {
      this.#lastTick = this.#o.now();
      await this.tick();
    }
    return toChainTx(row);
  }

  /**
   * One pass over this signer's pending transactions: records receipts, re-broadcasts what the node
   * does not know (after a restart), replaces what stayed unmined too long with higher fees.
   */
  tick(): Promise<void> {
    const run = this.#queue.then(() => this.#tick());
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Ticks until `purpose` is mined (or `timeoutMs` passes) and returns it. */
  async waitMined(purpose: string, timeoutMs = 60_000, pollMs = 100): Promise<ChainTx> {
    const deadline = this.#o.now() + timeoutMs;
    for (;;) {
      const tx = await this.find(purpose);
      if (!tx) throw new KeeperError("keepers.tx_unknown", `no transaction for ${purpose}`);
      if (tx.status === "mined") return tx;
      if (this.#o.now() > deadline) {
        throw new KeeperError("keepers.tx_timeout", `${purpose} not mined in ${timeoutMs} ms`, {
          retryable: true,
        });
      }
      await this.tick();
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async #sync(): Promise<void> {
    const { sql, client, chainId } = this.#o;
    const [row] = await sql.query<{ max: string | null }>(
      "select max(nonce)::text as max from keepers.chain_txs where chain_id = $1 and signer = $2",
      [chainId, this.address],
    );
    const recorded = row?.max === null || row?.max === undefined ? 0n : BigInt(row.max) + 1n;
    const onChain = BigInt(
      await client.getTransactionCount({ address: this.address, blockTag: "pending" }),
    );
    this.#nextNonce = recorded > onChain ? recorded : onChain;
    await this.#tick();
  }

  /**
   * Signs and records every send waiting, with consecutive nonces, in one statement: all rows go in or
   * none (a purpose recorded meanwhile by another keeper fails the statement), so no nonce is skipped.
   * When the statement fails, each send is recorded on its own.
   */
  async #recordWaiting(): Promise<void> {
    const waiting = this.#toRecord.splice(0, maxBatch);
    if (this.#toRecord.length > 0) {
      const turn = this.#queue.then(() => this.#recordWaiting());
      this.#queue = turn.catch(() => {});
    }
    if (waiting.length > 1) {
      const signed = await this.#recordAll(waiting).catch(() => undefined);
      if (signed) {
        this.#nextNonce += BigInt(waiting.length);
        for (const [i, { done }] of waiting.entries()) done(this.#recorded(signed[i]!));
        return;
      }
    }
    for (const { request, gas, fees, done, fail } of waiting) {
      await this.#record(request, gas, fees).then(done, fail);
    }
  }

  /** Signs `waiting` from the next nonce on and inserts all their rows in one statement (or throws). */
  async #recordAll(waiting: { request: SendRequest; gas: bigint; fees: Fees }[]) {
    const signed = [];
    for (const [i, { request, gas, fees }] of waiting.entries()) {
      signed.push(await this.#signed(request, gas, fees, this.#nextNonce + BigInt(i)));
    }
    const values = signed.map((_, i) => `(${row(i * insertColumns + 1)}, 'pending')`).join(", ");
    await this.#o.sql.query(
      `insert into keepers.chain_txs ${insertInto} values ${values}`,
      signed.flatMap((one) => one.params),
    );
    return signed;
  }

  /** A send signed with `nonce`, and its row's insert parameters (`insertColumns` of them). */
  async #signed(request: SendRequest, gas: bigint, fees: Fees, nonce: bigint) {
    const raw = await this.#sign({ to: request.to, data: request.data, gas, nonce, ...fees });
    const hash = keccak256(raw);
    const params = [
      this.#o.chainId,
      this.address,
      nonce.toString(),
      request.purpose,
      request.to.toLowerCase(),
      request.data,
      gas.toString(),
      fees.maxFeePerGas.toString(),
      fees.maxPriorityFeePerGas.toString(),
      [raw],
      [hash],
    ];
    return { purpose: request.purpose, nonce, raw, hash, params };
  }

  /**
   * Whether this process recorded the transaction `hash` lately: the step that sent it follows it to
   * its receipt, so an event it emitted is no news to this keeper.
   */
  sentRecently(hash: string): boolean {
    return this.#sentHashes.has(hash.toLowerCase());
  }

  #recorded(signed: { purpose: string; nonce: bigint; raw: Hex; hash: Hex }): Recorded {
    this.#sentHashes.add(signed.hash.toLowerCase());
    if (this.#sentHashes.size > sentHashesKept) {
      this.#sentHashes.delete(this.#sentHashes.values().next().value!);
    }
    this.#o.logger.info(
      { purpose: signed.purpose, nonce: Number(signed.nonce), hash: signed.hash },
      "transaction recorded",
    );
    return {
      tx: {
        purpose: signed.purpose,
        nonce: signed.nonce,
        hash: signed.hash,
        status: "pending",
        receiptStatus: null,
        blockNumber: null,
      },
      raw: signed.raw,
    };
  }

  /**
   * Signs with the next nonce and records the transaction (the nonce is used only once the row is in).
   * A purpose recorded meanwhile (by another keeper) is returned instead, with no nonce used.
   */
  async #record(request: SendRequest, gas: bigint, fees: Fees): Promise<Recorded> {
    const nonce = this.#nextNonce;
    const signed = await this.#signed(request, gas, fees, nonce);
    const inserted = await this.#o.sql.query(
      `insert into keepers.chain_txs ${insertInto} values (${row(1)}, 'pending')
       on conflict do nothing
       returning nonce`,
      signed.params,
    );
    if (inserted.length === 0) {
      const existing = await this.find(request.purpose);
      if (!existing) {
        throw new KeeperError("keepers.invariant", `nonce ${nonce} of ${this.address} is taken`);
      }
      return { tx: existing };
    }
    this.#nextNonce = nonce + 1n;
    return this.#recorded(signed);
  }

  async #sign(fields: {
    to: Address;
    data: Hex;
    gas: bigint;
    nonce: bigint;
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
  }): Promise<Hex> {
    return this.#o.account.signTransaction({
      type: "eip1559",
      chainId: this.#o.chainId,
      to: fields.to,
      data: fields.data,
      gas: fields.gas,
      nonce: Number(fields.nonce),
      maxFeePerGas: fields.maxFeePerGas,
      maxPriorityFeePerGas: fields.maxPriorityFeePerGas,
      value: 0n,
    });
  }

  /** Queues a newly recorded transaction for broadcast; resolves once the node has answered it. */
  #broadcastInOrder(nonce: bigint, raw: Hex, purpose: string): Promise<void> {
    return new Promise((sent) => {
      const at = this.#outbox.findLastIndex((waiting) => waiting.nonce < nonce) + 1;
      this.#outbox.splice(at, 0, { nonce, raw, purpose, sent });
      this.#flushing ??= this.#flush();
    });
  }

  /** Sends what waits in the outbox, oldest nonce first, a batch per round trip; never throws. */
  async #flush(): Promise<void> {
    try {
      while (this.#outbox.length > 0) {
        const batch = this.#outbox.splice(0, this.#o.batchClient ? maxBatch : 1);
        // Issued in one tick, the requests leave in one JSON-RPC batch, in this order.
        await Promise.all(
          batch.map(({ raw, purpose }) => this.#broadcast(raw, purpose, this.#o.batchClient)),
        );
        for (const { sent } of batch) sent();
      }
    } finally {
      // (The outbox was not empty, so at least one await came first: this runs after the assignment.)
      this.#flushing = undefined;
    }
  }

  /** Broadcasts; "already known" and "nonce too low" (an earlier version was mined) are not errors. */
  async #broadcast(raw: Hex, purpose: string, client = this.#o.client): Promise<void> {
    try {
      await client.request({ method: "eth_sendRawTransaction", params: [raw] });
    } catch (error) {
      const text = String((error as Error).message ?? error).toLowerCase();
      if (/already known|already imported|nonce too low|known transaction/.test(text)) return;
      // Left pending: the next tick broadcasts it again or replaces it.
      this.#o.logger.warn({ purpose, err: (error as Error).message }, "broadcast failed");
    }
  }

  async #tick(): Promise<void> {
    const { sql, client, chainId, logger, bumpAfterMs, bumpPercent, now } = this.#o;
    const pending = await sql.query<TxRow>(
      `select * from keepers.chain_txs where chain_id = $1 and signer = $2 and status = 'pending'
       order by nonce`,
      [chainId, this.address],
    );
    for (const row of pending) {
      const mined = await this.#findReceipt(row.hashes as Hex[]);
      if (mined) {
        await this.#recordMined(row, mined);
        continue;
      }
      const age = now() - new Date(row.sent_at).getTime();
      if (age < bumpAfterMs) {
        // Still young: make sure the node has it (a restart may have lost the broadcast).
        await this.#broadcast(row.raw_txs.at(-1) as Hex, row.purpose);
        continue;
      }
      // Stuck: same nonce, fees up by bumpPercent (and at least what the network asks now).
      const current = await client.estimateFeesPerGas();
      const bump = (value: string, floor: bigint) => {
        const bumped = (BigInt(value) * bumpPercent + 99n) / 100n;
        return bumped > floor ? bumped : floor;
      };
      const maxPriorityFeePerGas = bump(row.max_priority_fee_per_gas, current.maxPriorityFeePerGas);
      const maxFeePerGas = bump(row.max_fee_per_gas, current.maxFeePerGas);
      const raw = await this.#sign({
        to: row.to_address as Address,
        data: row.data as Hex,
        gas: BigInt(row.gas),
        nonce: BigInt(row.nonce),
        maxFeePerGas,
        maxPriorityFeePerGas,
      });
      const hash = keccak256(raw);
      await sql.query(
        `update keepers.chain_txs set raw_txs = array_append(raw_txs, $4), hashes = array_append(hashes, $5),
           max_fee_per_gas = $6, max_priority_fee_per_gas = $7, sent_at = now(), updated_at = now()
         where chain_id = $1 and signer = $2 and nonce = $3`,
        [
          chainId,
          this.address,
          row.nonce,
          raw,
          hash,
          maxFeePerGas.toString(),
          maxPriorityFeePerGas.toString(),
        ],
      );
      logger.warn(
        { purpose: row.purpose, nonce: Number(row.nonce), hash },
        "replaced a stuck transaction",
      );
      await this.#broadcast(raw, row.purpose);
    }
  }

  /** The node's fee estimate, asked at most every `feesTtlMs` (a failed ask is not kept). */
  #currentFees() {
    const at = this.#o.now();
    if (!this.#fees || at - this.#fees.at > feesTtlMs) {
      const value = this.#o.client.estimateFeesPerGas();
      this.#fees = { at, value };
      value.catch(() => {
        if (this.#fees?.value === value) this.#fees = undefined;
      });
    }
    return this.#fees.value;
  }

  /** Records a pending row's receipt (whichever keeper gets there first; later ones change nothing). */
  async #recordMined(
    row: TxRow,
    mined: { transactionHash: Hex; status: "success" | "reverted"; blockNumber: bigint },
  ): Promise<void> {
    await this.#o.sql.query(
      `update keepers.chain_txs set status = 'mined', mined_hash = $4, receipt_status = $5,
         block_number = $6, updated_at = now()
       where chain_id = $1 and signer = $2 and nonce = $3 and status = 'pending'`,
      [
        this.#o.chainId,
        row.signer,
        row.nonce,
        mined.transactionHash,
        mined.status,
        mined.blockNumber.toString(),
      ],
    );
  }

  async #findReceipt(hashes: Hex[]) {
    for (const hash of hashes) {
      try {
        return await this.#o.client.getTransactionReceipt({ hash });
      } catch {
        // Not mined (or not known): try the next version.
      }
    }
    return undefined;
  }
}

function toChainTx(row: TxRow): ChainTx {
  return {
    purpose: row.purpose,
    nonce: BigInt(row.nonce),
    hash: (row.mined_hash ?? row.hashes.at(-1)) as Hex,
    status: row.status,
    receiptStatus: row.receipt_status,
    blockNumber: row.block_number === null ? null : BigInt(row.block_number),
  };
}

function revertError(purpose: string, error: unknown, abi?: Abi): KeeperError {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      return new KeeperError(
        "keepers.tx_would_revert",
        `${purpose} would revert: ${revert.shortMessage}`,
        {
          cause: error,
          details: { errorName: revert.data?.errorName, args: revert.data?.args?.map(String) },
        },
      );
    }
    const data = (
      error.walk((e) => typeof (e as { data?: unknown }).data === "string") as
        | { data?: string }
        | undefined
    )?.data;
    if (data?.startsWith("0x") && data.length >= 10) {
      let decoded: { errorName: string; args?: readonly unknown[] } | undefined;
      try {
        decoded = abi ? decodeErrorResult({ abi, data: data as Hex }) : undefined;
      } catch {
        // Not an error of this ABI: keep the raw data.
      }
      const name = decoded
        ? `${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`
        : data;
      return new KeeperError("keepers.tx_would_revert", `${purpose} would revert: ${name}`, {
        cause: error,
        details: { errorName: decoded?.errorName, args: decoded?.args?.map(String), data },
      });
    }
    if (/revert/i.test(error.message)) {
      return new KeeperError(
        "keepers.tx_would_revert",
        `${purpose} would revert: ${error.shortMessage}`,
        { cause: error, details: { data } },
      );
    }
  }
  return new KeeperError("keepers.rpc_failed", `${purpose}: estimating gas failed`, {
    cause: error,
    retryable: true,
  });
}

export type { Queryable };
