import assert from "node:assert/strict";
import pino from "pino";
import {
  type Address,
  createPublicClient,
  custom,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  type PublicClient,
  parseTransaction,
} from "viem";
import { afterAll, beforeAll, it } from "vitest";
import { KeeperError } from "../errors.ts";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import { devAccount, startTestChain } from "../testing/chain.ts";
import { NonceSigner } from "./nonceSigner.ts";

const logger = pino({ level: "silent" });
const mintAbi = [
  {
    type: "function",
    name: "mint",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [],
  },
] as const;

describeBackends("NonceSigner", (backend) => {
  let chain: Awaited<ReturnType<typeof startTestChain>>;
  let token: Address;
  let db: Awaited<ReturnType<typeof openTestSql>>;
  const chainId = 31337;

  beforeAll(async () => {
    chain = await startTestChain();
    const deployed = await chain.connection.viem.deployContract("MockERC20", ["T", "T", 18]);
    token = deployed.address;
    db = await openTestSql(backend);
  });
  afterAll(async () => {
    await db?.close();
    await chain?.close();
  });

  const mint = (to: Address, amount: bigint) =>
    encodeFunctionData({ abi: mintAbi, functionName: "mint", args: [to, amount] });
  const start = (index: number, options: Partial<Parameters<typeof NonceSigner.start>[0]> = {}) =>
    NonceSigner.start({
      sql: db.sql,
      client: chain.publicClient as PublicClient,
      account: devAccount(index),
      chainId,
      logger,
      ...options,
    });

  it("gives concurrent sends consecutive nonces and sends each purpose once", async () => {
    const signer = await start(10);
    const first = BigInt(
      await chain.publicClient.getTransactionCount({
        address: signer.address,
        blockTag: "pending",
      }),
    );
    const sends = Array.from({ length: 12 }, (_, i) =>
      signer.send({ purpose: `mint:${i}`, to: token, data: mint(signer.address, BigInt(i + 1)) }),
    );
    const again = signer.send({ purpose: "mint:3", to: token, data: mint(signer.address, 999n) });
    const txs = await Promise.all([...sends, again]);
    // Consecutive, none skipped or reused (in the order the sends were recorded, not called).
    assert.deepEqual(
      txs
        .slice(0, 12)
        .map((t) => t.nonce)
        .sort((a, b) => (a < b ? -1 : 1)),
      Array.from({ length: 12 }, (_, i) => first + BigInt(i)),
    );
    assert.equal(txs[12]!.nonce, txs[3]!.nonce, "a repeated purpose returns the first send");
    assert.ok(signer.sentRecently(txs[0]!.hash.toUpperCase().replace("0X", "0x")));
    assert.equal(signer.sentRecently(`0x${"ab".repeat(32)}`), false, "not a transaction of ours");
    for (let i = 0; i < 12; i++) {
      const mined = await signer.waitMined(`mint:${i}`);
      assert.equal(mined.receiptStatus, "success");
    }
    const balance = await chain.publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [signer.address],
    });
    assert.equal(balance, 78n, "1 + 2 + ... + 12, and the repeated purpose minted nothing more");
    await signer.stop();
  });

  it("broadcasts what waits in the outbox together, in nonce order", async () => {
    // A batching client as viem's batching http transport behaves: requests issued in one tick are
    // sent together, in order. It records the nonces it forwards and how many were out at once.
    const forwarded: number[] = [];
    let out = 0;
    let mostAtOnce = 0;
    const batchClient = createPublicClient({
      transport: custom({
        async request({ method, params }) {
          if (method === "eth_sendRawTransaction") {
            forwarded.push(parseTransaction((params as [Hex])[0]).nonce!);
            mostAtOnce = Math.max(mostAtOnce, ++out);
            await new Promise((r) => setTimeout(r, 5)); // a node that takes a while to answer
          }
          try {
            return await chain.connection.provider.request({ method, params });
          } finally {
            if (method === "eth_sendRawTransaction") out--;
          }
        },
      }),
    }) as PublicClient;
    const signer = await start(17, { batchClient });
    const txs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signer.send({ purpose: `batch:${i}`, to: token, data: mint(signer.address, 1n) }),
      ),
    );
    const nonces = txs.map((t) => Number(t.nonce)).sort((a, b) => a - b);
    assert.deepEqual(forwarded, nonces, "every transaction broadcast once, oldest nonce first");
    assert.ok(mostAtOnce > 1, `broadcasts waited for each other one by one (${mostAtOnce})`);
    for (let i = 0; i < 20; i++) {
      assert.equal((await signer.waitMined(`batch:${i}`)).receiptStatus, "success");
    }
    await signer.stop();
  });

  it("records waiting sends together, and on its own a send whose purpose another keeper took", async () => {
    const other = await start(18);
    const taken = await other.send({ purpose: "shared:1", to: token, data: mint(token, 1n) });
    // Recording is slow once, so that the next three sends wait together for the queue's next turn.
    let slow = true;
    const sql = {
      ...db.sql,
      query: async (text: string, params?: unknown[]) => {
        if (slow && text.includes("insert into keepers.chain_txs")) {
          slow = false;
          await new Promise((r) => setTimeout(r, 150));
        }
        return db.sql.query(text, params);
      },
    } as typeof db.sql;
    const signer = await start(19, { sql });
    const first = BigInt(
      await chain.publicClient.getTransactionCount({
        address: signer.address,
        blockTag: "pending",
      }),
    );
    const warm = signer.send({ purpose: "warm:19", to: token, data: mint(signer.address, 1n) });
    await new Promise((r) => setTimeout(r, 50));
    const [shared, a, b] = await Promise.all(
      ["shared:1", "fresh:1", "fresh:2"].map((purpose) =>
        signer.send({ purpose, to: token, data: mint(signer.address, 1n) }),
      ),
    );
    assert.equal((await warm).nonce, first);
    assert.equal(shared!.hash, taken.hash, "the other keeper's transaction, not a second one");
    assert.deepEqual(
      [a!.nonce, b!.nonce].sort((x, y) => (x < y ? -1 : 1)),
      [first + 1n, first + 2n],
      "no nonce skipped for the purpose that was taken",
    );
    for (const purpose of ["warm:19", "fresh:1", "fresh:2"]) {
      assert.equal((await signer.waitMined(purpose)).receiptStatus, "success");
    }
    await other.stop();
    await signer.stop();
  });

  it("refuses a call that would revert without using a nonce", async () => {
    const signer = await start(11);
    const before = await chain.publicClient.getTransactionCount({ address: signer.address });
    const transfer = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [devAccount(1).address, 10n ** 30n],
    });
    await assert.rejects(
      signer.send({ purpose: "too-much", to: token, data: transfer }),
      (error: unknown) =>
        error instanceof KeeperError &&
        error.code === "keepers.tx_would_revert" &&
        !error.retryable,
    );
    assert.equal(await signer.find("too-much"), undefined);
    const tx = await signer.send({
      purpose: "after-revert",
      to: token,
      data: mint(signer.address, 1n),
    });
    assert.equal(tx.nonce, BigInt(before), "the refused call did not take a nonce");
    await signer.waitMined("after-revert");
    await signer.stop();
  });

  it("lets only one process sign with a key", async () => {
    const signer = await start(12);
    await assert.rejects(start(12), (error: unknown) => {
      return error instanceof KeeperError && error.code === "keepers.signer_in_use";
    });
    await signer.stop();
    const again = await start(12);
    await again.stop();
  });

  it("broadcasts after a restart what was recorded but never reached the node", async () => {
    // A client whose broadcasts are lost, as if the process died right after recording.
    const lossy = new Proxy(chain.publicClient as PublicClient, {
      get(target, key, receiver) {
        if (key === "request") {
          return async (args: { method: string }) => {
            if (args.method === "eth_sendRawTransaction") throw new Error("connection reset");
            return target.request(args as never);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const crashed = await start(13, { client: lossy });
    const sent = await crashed.send({
      purpose: "lost",
      to: token,
      data: mint(crashed.address, 5n),
    });
    assert.equal(
      await chain.publicClient.getTransactionCount({
        address: crashed.address,
        blockTag: "pending",
      }),
      0,
      "the node never saw it",
    );
    await crashed.stop();

    const restarted = await start(13);
    const mined = await restarted.waitMined("lost");
    assert.equal(mined.nonce, sent.nonce);
    assert.equal(mined.hash, sent.hash, "the very same signed transaction");
    assert.equal(mined.receiptStatus, "success");
    const next = await restarted.send({
      purpose: "next",
      to: token,
      data: mint(restarted.address, 1n),
    });
    assert.equal(next.nonce, sent.nonce + 1n, "no gap, no reuse");
    await restarted.waitMined("next");
    await restarted.stop();
  });

  it("lets another keeper follow a dead keeper's transaction to its receipt", async () => {
    await chain.rpc("evm_setAutomine", [false]);
    try {
      const dead = await start(15);
      const sent = await dead.send({
        purpose: "orphan",
        to: token,
        data: mint(dead.address, 3n),
      });
      await dead.stop(); // the key is never used again
      // The node lost it too (a restart, an eviction): only the recorded signed bytes remain.
      await chain.rpc("hardhat_dropTransaction", [sent.hash]);
      const survivor = await start(16);
      const pending = await survivor.follow("orphan");
      assert.equal(pending?.status, "pending");
      const pool = (await chain.rpc("eth_getTransactionByHash", [sent.hash])) as {
        blockNumber: string | null;
      } | null;
      assert.ok(pool && pool.blockNumber === null, "broadcast again, the very same bytes");
      await chain.rpc("evm_mine");
      const mined = await survivor.follow("orphan");
      assert.equal(mined?.status, "mined");
      assert.equal(mined?.hash, sent.hash);
      assert.equal(mined?.receiptStatus, "success");
      assert.equal(await survivor.follow("never-sent"), undefined);
      await survivor.stop();
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
    }
  });

  it("replaces a stuck transaction with higher fees, keeping its nonce", async () => {
    await chain.rpc("evm_setAutomine", [false]);
    try {
      const signer = await start(14, { bumpAfterMs: 0 });
      const sent = await signer.send({
        purpose: "stuck",
        to: token,
        data: mint(signer.address, 7n),
      });
      // Drop it from the node's pool, as a node that lost it or a fee market that outbid it would.
      await chain.rpc("hardhat_dropTransaction", [sent.hash]);
      await signer.tick();
      const replaced = await signer.find("stuck");
      assert.notEqual(replaced!.hash, sent.hash, "a new version was signed");
      assert.equal(replaced!.nonce, sent.nonce);
      await chain.rpc("evm_mine");
      await signer.tick();
      const mined = await signer.find("stuck");
      assert.equal(mined!.status, "mined");
      assert.equal(mined!.hash, replaced!.hash);
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: mined!.hash });
      const tx = await chain.publicClient.getTransaction({ hash: mined!.hash });
      const original = BigInt(
        (
          await db.sql.query<{ f: string }>(
            "select max_fee_per_gas::text as f from keepers.chain_txs where purpose = 'stuck'",
          )
        )[0]!.f,
      );
      assert.equal(tx.maxFeePerGas, original);
      assert.equal(receipt.status, "success");
      await signer.stop();
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
    }
  });
});
