// Process-level fault injection of the Lightning bridge: the keeper runs as its real process
// (`node keepers/src/main.ts`) against a `hardhat node`, the dev Lightning nodes and its database, and is
// killed with SIGKILL at each state of each flow, observed from outside (the swap row, the chain's
// mempool, the Lightning nodes). A new process on the same database then finishes the swap, and the test
// proves that exactly one lock and one mint (or refund, or burn) happened on-chain, that the recipient's
// synths and the user's Lightning balance moved by exactly the swap, and that nothing is stranded.
// Then two keeper processes share one Postgres over 50 concurrent swaps; and two share it again while
// one of them is killed mid-run with its transactions unmined (some dropped from the node, as if never
// broadcast): the survivor follows the dead keeper's recorded transactions to the end.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import {
  type AuthenticatedLnd,
  createHodlInvoice,
  createInvoice,
  getChannelBalance,
  getInvoice,
  getPayment,
  payViaPaymentRequest,
  settleHodlInvoice,
} from "lightning";
import { type Address, type Hex, toFunctionSelector } from "viem";
import { afterAll, beforeAll, describe } from "vitest";
import {
  type ChainNode,
  devKey,
  fundBurner,
  type KeeperDatabase,
  type KeeperProcess,
  killAllKeepers,
  type Lightning,
  postgresProblem,
  startChainNode,
  startLightning,
  until,
} from "./lib/bridgeStack.ts";
import { KeeperScenario, scenarioTest } from "./lib/keeperScenario.ts";

type Scenario = KeeperScenario;

const TIMEOUT = 180_000;

function newPreimage(): { preimage: string; paymentHash: string } {
  const preimage = randomBytes(32);
  return {
    preimage: preimage.toString("hex"),
    paymentHash: createHash("sha256").update(preimage).digest("hex"),
  };
}

const channel = async (lnd: AuthenticatedLnd) =>
  Number((await getChannelBalance({ lnd })).channel_balance);

/** A Lightning payment by the user's node, settled into an outcome (never rejects). */
type Outcome = { paid: string } | { failed: unknown };

const selector = {
  lockMint: toFunctionSelector("lockMint(bytes32,address,address,uint64,uint256,uint64,uint64)"),
  claimMint: toFunctionSelector("claimMint(bytes32)"),
  claimBurn: toFunctionSelector("claimBurn(bytes32)"),
};

describe("the bridge keeper process killed (SIGKILL) at each state, restarted on its database", () => {
  let chain: ChainNode;
  let lightning: Lightning;
  const databases: KeeperDatabase[] = [];
  /** The recipient of every mint here (an account nobody else uses). */
  const bob = devKey(15).address;
  /** The user who burns (holds sBTC, approved to the gateway). */
  let burner: ChainNode["wallets"][number];
  let sUSD: Address;
  let sBTC: Address;
  let treasury: Address;

  beforeAll(async () => {
    [chain, lightning] = await Promise.all([startChainNode(), startLightning()]);
    sUSD = chain.synth("sUSD");
    sBTC = chain.synth("sBTC");
    treasury = chain.record.contracts.Treasury!.address as Address;
    burner = await fundBurner(chain, 4);
  });

  afterAll(async () => {
    await killAllKeepers();
    await Promise.all(databases.map((db) => db.close().catch(() => {})));
    await lightning?.close().catch(() => {});
    await chain?.close().catch(() => {});
  });

  const balanceOf = (token: Address, who: Address) =>
    chain.publicClient.readContract({
      address: token,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [who],
    });

  /** Everything the flows move: both nodes' channel balances and the synths of everyone involved. */
  async function snapshot() {
    return {
      userSats: await channel(lightning.userLnd),
      serviceSats: await channel(lightning.serviceLnd),
      bobUsd: await balanceOf(sUSD, bob),
      treasuryUsd: await balanceOf(sUSD, treasury),
      gatewayUsd: await balanceOf(sUSD, chain.gateway),
      burnerBtc: await balanceOf(sBTC, burner.account.address),
      treasuryBtc: await balanceOf(sBTC, treasury),
      gatewayBtc: await balanceOf(sBTC, chain.gateway),
    };
  }

  const open = () => new KeeperScenario(chain, lightning).open(databases);
  const scenario = (
    name: string,
    body: (s: Scenario) => Promise<void>,
    options: { skip?: string | false; timeout?: number } = {},
  ) => scenarioTest(name, open, body, { timeout: TIMEOUT, ...options });

  // ---- mint (Lightning -> chain) ---------------------------------------------------------------

  async function createMint(keeper: KeeperProcess, sats: number) {
    const secret = newPreimage();
    const response = await keeper.request("POST", "/swaps/mint", {
      paymentHash: secret.paymentHash,
      recipient: bob,
      synth: sUSD,
      sats: String(sats),
    });
    assert.equal(response.status, 201, `mint created: ${JSON.stringify(response.body)}`);
    const swap = response.body as { state: string; invoice: string; amount: string; fee: string };
    assert.equal(swap.state, "invoice_open");
    return {
      ...secret,
      sats,
      invoice: swap.invoice,
      amount: BigInt(swap.amount),
      fee: BigInt(swap.fee),
    };
  }
  type Mint = Awaited<ReturnType<typeof createMint>>;

  function pay(request: string): Promise<Outcome> {
    return payViaPaymentRequest({ lnd: lightning.userLnd, request }).then(
      (paid) => ({ paid: paid.secret }),
      (error: unknown) => ({ failed: error }),
    );
  }

  const serviceInvoice = (id: string) => getInvoice({ lnd: lightning.serviceLnd, id });

  async function handPreimage(keeper: KeeperProcess, m: { paymentHash: string; preimage: string }) {
    const response = await keeper.request("POST", `/swaps/${m.paymentHash}/preimage`, {
      preimage: m.preimage,
    });
    assert.equal(response.status, 200, `preimage taken: ${JSON.stringify(response.body)}`);
  }

  /** A pending transaction in the node's mempool from `from` calling `selector` on the gateway. */
  async function pendingCall(from: Address, sel: Hex): Promise<Hex | undefined> {
    const block = (await chain.rpc("eth_getBlockByNumber", ["pending", true])) as {
      transactions: { hash: Hex; from: string; to: string | null; input: string }[];
    };
    const tx = block.transactions.find(
      (t) =>
        t.from.toLowerCase() === from.toLowerCase() &&
        t.to?.toLowerCase() === chain.gateway.toLowerCase() &&
        t.input.startsWith(sel),
    );
    return tx && (await chain.inMempool(tx.hash)) ? tx.hash : undefined;
  }

  /** Runs `fn` with automine off; mining resumes whatever happens. */
  async function withoutAutomine(fn: () => Promise<void>): Promise<void> {
    await chain.setAutomine(false);
    try {
      await fn();
    } finally {
      await chain.setAutomine(true);
    }
  }

  /**
   * Waits for `keeper`'s call `sel` (the `what`) in the mempool, SIGKILLs the keeper, runs `whileDown`,
   * then mines the block: the dead keeper's transaction lands, and succeeds.
   */
  async function killBeforeMined(
    s: Scenario,
    keeper: KeeperProcess,
    sel: Hex,
    what: string,
    whileDown: () => Promise<void> = async () => {},
  ): Promise<void> {
    const hash = await until(`the ${what} in the mempool`, () =>
      pendingCall(devKey(7).address, sel),
    );
    await s.kill(keeper);
    await whileDown();
    await chain.setAutomine(true);
    await chain.mine();
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `the dead keeper's ${what} was mined`);
  }

  /** The mint completed exactly once: one lock, one claim, no refund; exact synths and sats. */
  async function assertMinted(
    s: Scenario,
    m: Mint,
    before: Awaited<ReturnType<typeof snapshot>>,
    outcome: Outcome,
  ) {
    assert.equal(await chain.count("MintLocked", m.paymentHash), 1, "locked exactly once");
    assert.equal(await chain.count("MintClaimed", m.paymentHash), 1, "minted exactly once");
    assert.equal(await chain.count("MintRefunded", m.paymentHash), 0, "never refunded");
    assert.deepEqual(outcome, { paid: m.preimage }, "the payer paid once and holds the preimage");
    const now = await snapshot();
    assert.equal(now.bobUsd, before.bobUsd + m.amount - m.fee, "the recipient got amount - fee");
    assert.equal(now.treasuryUsd, before.treasuryUsd + m.fee, "the treasury got the fee");
    assert.equal(now.gatewayUsd, 0n, "no synths left in the gateway");
    assert.equal(now.userSats, before.userSats - m.sats, "the payer paid exactly the invoice");
    assert.equal(now.serviceSats, before.serviceSats + m.sats, "the bridge received it");
    const invoice = await serviceInvoice(m.paymentHash);
    assert.equal(invoice.is_confirmed, true, "the hold invoice is settled");
    assert.equal(invoice.received, m.sats);
    const row = await s.swap(m.paymentHash);
    assert.equal(row?.state, "settled");
    assert.equal(row?.preimage, m.preimage);
  }

  scenario(
    "mint: killed with the invoice open, paid while down -> locks, gasless claim, settles",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("mint-a1");
      const m = await createMint(a, 10_000);
      await s.waitState(m.paymentHash, ["invoice_open"]);
      await s.kill(a);

      const paying = pay(m.invoice);
      await until(
        "the HTLC held by the bridge's node",
        async () => (await serviceInvoice(m.paymentHash)).is_held,
      );
      assert.equal(await chain.count("MintLocked", m.paymentHash), 0, "nothing locked while down");

      const b = await s.start("mint-a2");
      await s.waitState(m.paymentHash, ["locked"]);
      await handPreimage(b, m);
      await s.waitState(m.paymentHash, ["settled"]);
      await assertMinted(s, m, before, await paying);
    },
  );

  scenario(
    "mint: killed with the lock sent but not mined -> mined while down, exactly one lock",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("mint-b1");
      const m = await createMint(a, 11_000);
      let paying!: Promise<Outcome>;
      await withoutAutomine(async () => {
        paying = pay(m.invoice);
        await s.waitState(m.paymentHash, ["lock_sent"]);
        await killBeforeMined(s, a, selector.lockMint, "lock", async () => {
          assert.equal(await chain.count("MintLocked", m.paymentHash), 0);
        });
      });
      assert.equal(await chain.count("MintLocked", m.paymentHash), 1);

      const b = await s.start("mint-b2");
      await s.waitState(m.paymentHash, ["locked"]);
      await handPreimage(b, m);
      await s.waitState(m.paymentHash, ["settled"]);
      await assertMinted(s, m, before, await paying);
    },
  );

  scenario(
    "mint: the user claims on-chain while the keeper is down -> it learns the preimage and settles",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("mint-c1");
      const m = await createMint(a, 12_000);
      const paying = pay(m.invoice);
      await s.waitState(m.paymentHash, ["locked"]);
      await s.kill(a);

      // Anyone may claim with the preimage: the user does it themself, paying the gas.
      const hash = await chain.wallets[6]!.writeContract({
        address: chain.gateway,
        abi: lightningGatewayAbi,
        functionName: "claimMint",
        args: [`0x${m.preimage}`],
      });
      assert.equal(
        (await chain.publicClient.waitForTransactionReceipt({ hash })).status,
        "success",
      );
      assert.equal((await serviceInvoice(m.paymentHash)).is_held, true, "not settled while down");

      await s.start("mint-c2");
      await s.waitState(m.paymentHash, ["settled"]);
      await assertMinted(s, m, before, await paying);
    },
  );

  scenario(
    "mint: killed with the gasless claim sent but not mined -> mined while down, settles",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("mint-d1");
      const m = await createMint(a, 13_000);
      const paying = pay(m.invoice);
      await s.waitState(m.paymentHash, ["locked"]);
      await withoutAutomine(async () => {
        await handPreimage(a, m);
        await s.waitState(m.paymentHash, ["claim_sent"]);
        await killBeforeMined(s, a, selector.claimMint, "claim", async () => {
          assert.equal(await chain.count("MintClaimed", m.paymentHash), 0);
        });
      });

      await s.start("mint-d2");
      await s.waitState(m.paymentHash, ["settled"]);
      await assertMinted(s, m, before, await paying);
    },
  );

  // ---- burn (chain -> Lightning) ---------------------------------------------------------------

  async function registerBurn(keeper: KeeperProcess, invoice: string) {
    const response = await keeper.request("POST", "/swaps/burn", {
      account: burner.account.address,
      synth: sBTC,
      invoice,
    });
    assert.equal(response.status, 201, `burn registered: ${JSON.stringify(response.body)}`);
    const swap = response.body as {
      paymentHash: string;
      state: string;
      amount: string;
      fee: string;
      sats: string;
      timelock: number;
    };
    assert.equal(swap.state, "awaiting_lock");
    return {
      paymentHash: swap.paymentHash,
      amount: BigInt(swap.amount),
      fee: BigInt(swap.fee),
      sats: Number(swap.sats),
      timelock: BigInt(swap.timelock),
    };
  }
  type Burn = Awaited<ReturnType<typeof registerBurn>>;

  /** The user locks the quoted synths (returns the transaction; mined only when automine is on). */
  function lockBurn(b: Burn): Promise<Hex> {
    return burner.writeContract({
      address: chain.gateway,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [`0x${b.paymentHash}`, sBTC, b.amount, BigInt(b.sats), b.timelock],
    });
  }

  /** The burn completed exactly once: one lock, one claim, the invoice paid once; exact synths. */
  async function assertBurned(
    s: Scenario,
    b: Burn,
    preimage: string,
    before: Awaited<ReturnType<typeof snapshot>>,
  ) {
    assert.equal(await chain.count("BurnLocked", b.paymentHash), 1, "locked exactly once");
    assert.equal(await chain.count("BurnClaimed", b.paymentHash), 1, "burned exactly once");
    assert.equal(await chain.count("BurnRefunded", b.paymentHash), 0, "never refunded");
    const now = await snapshot();
    assert.equal(
      now.userSats,
      before.userSats + b.sats,
      "the user's node received the invoice once",
    );
    assert.equal(
      now.serviceSats,
      before.serviceSats - b.sats,
      "the bridge paid exactly the invoice",
    );
    assert.equal(now.burnerBtc, before.burnerBtc - b.amount, "the user's synths were taken once");
    assert.equal(now.treasuryBtc, before.treasuryBtc + b.fee, "the treasury got the fee");
    assert.equal(now.gatewayBtc, 0n, "no synths stranded in the gateway");
    const invoice = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
    assert.equal(invoice.is_confirmed, true);
    assert.equal(invoice.received, b.sats, "received exactly the invoice amount");
    assert.equal(invoice.payments.filter((p) => p.is_confirmed).length, 1, "one HTLC settled");
    const payment = await getPayment({ lnd: lightning.serviceLnd, id: b.paymentHash });
    assert.equal(payment.is_confirmed, true, "the bridge's node paid it");
    assert.equal(payment.payment?.tokens, b.sats);
    assert.equal(payment.payment?.paths.length, 1, "with one HTLC");
    const row = await s.swap(b.paymentHash);
    assert.equal(row?.state, "claimed");
    assert.equal(row?.preimage, preimage);
  }

  const userInvoice = (sats: number) =>
    createInvoice({
      lnd: lightning.userLnd,
      tokens: sats,
      description: "withdraw",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });

  scenario(
    "burn: killed while awaiting the lock, locked while down -> pays and claims",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("burn-f1");
      const invoice = await userInvoice(20_000);
      const b = await registerBurn(a, invoice.request);
      await s.waitState(b.paymentHash, ["awaiting_lock"]);
      await s.kill(a);

      const hash = await lockBurn(b);
      assert.equal(
        (await chain.publicClient.waitForTransactionReceipt({ hash })).status,
        "success",
      );

      await s.start("burn-f2");
      await s.waitState(b.paymentHash, ["claimed"]);
      await assertBurned(s, b, invoice.secret, before);
    },
  );

  scenario(
    "burn: killed with the payment in flight, settled while down -> finds it paid, claims",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("burn-g1");
      // A hold invoice on the user's node: the keeper's payment stays in flight until the user settles.
      const secret = newPreimage();
      const sats = 21_000;
      const hold = await createHodlInvoice({
        lnd: lightning.userLnd,
        id: secret.paymentHash,
        tokens: sats,
        description: "withdraw (held)",
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const b = await registerBurn(a, hold.request);
      const hash = await lockBurn(b);
      assert.equal(
        (await chain.publicClient.waitForTransactionReceipt({ hash })).status,
        "success",
      );
      await s.waitState(b.paymentHash, ["paying"]);
      await until("the keeper's HTLC held at the user's node", async () => {
        const inv = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
        return inv.is_held;
      });
      await s.kill(a);

      await settleHodlInvoice({ lnd: lightning.userLnd, secret: secret.preimage });
      await until("the bridge's node to see its payment succeed", async () => {
        const p = await getPayment({ lnd: lightning.serviceLnd, id: b.paymentHash });
        return p.is_confirmed;
      });
      assert.equal(await chain.count("BurnClaimed", b.paymentHash), 0, "not claimed while down");

      await s.start("burn-g2");
      await s.waitState(b.paymentHash, ["claimed"]);
      await assertBurned(s, b, secret.preimage, before);
    },
  );

  scenario(
    "burn: killed with the claim sent but not mined -> mined while down, claimed once",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("burn-h1");
      const invoice = await userInvoice(22_000);
      const b = await registerBurn(a, invoice.request);
      await withoutAutomine(async () => {
        // The lock is mined on its own block; from then on the keeper's transactions wait in the mempool.
        const lock = await lockBurn(b);
        await chain.mine();
        assert.equal(
          (await chain.publicClient.getTransactionReceipt({ hash: lock })).status,
          "success",
        );
        await s.waitState(b.paymentHash, ["claim_sent"]);
        await killBeforeMined(s, a, selector.claimBurn, "claim");
      });

      await s.start("burn-h2");
      await s.waitState(b.paymentHash, ["claimed"]);
      await assertBurned(s, b, invoice.secret, before);
    },
  );

  // Last of the single-keeper cases: it moves the chain's clock an hour ahead.
  scenario(
    "mint: never claimed, killed while locked, timelock passes -> refunded, payer's sats back",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("mint-e1");
      const m = await createMint(a, 14_000);
      const paying = pay(m.invoice);
      const locked = await s.waitState(m.paymentHash, ["locked"]);
      await s.kill(a);

      assert.ok(locked.timelock, "the lock's timelock is recorded");
      const now = await chain.now();
      await chain.increaseTime(Number(locked.timelock! - now) + 1);

      await s.start("mint-e2");
      await s.waitState(m.paymentHash, ["refunded"]);
      const outcome = await paying;
      assert.ok("failed" in outcome, "the payer's HTLC failed back");
      assert.equal(await chain.count("MintLocked", m.paymentHash), 1, "locked exactly once");
      assert.equal(await chain.count("MintRefunded", m.paymentHash), 1, "refunded exactly once");
      assert.equal(await chain.count("MintClaimed", m.paymentHash), 0, "never minted");
      const after = await snapshot();
      assert.equal(after.userSats, before.userSats, "the payer's sats came back");
      assert.equal(after.serviceSats, before.serviceSats);
      assert.equal(after.bobUsd, before.bobUsd, "nothing minted to the recipient");
      assert.equal(after.treasuryUsd, before.treasuryUsd);
      assert.equal(after.gatewayUsd, 0n);
      assert.equal((await serviceInvoice(m.paymentHash)).is_canceled, true, "invoice canceled");
    },
  );

  // ---- two keeper processes on one Postgres ------------------------------------------------------

  const twoProcesses = postgresProblem
    ? `two keeper processes need Postgres (not reachable: ${postgresProblem})`
    : false;

  /** Creates `n` mints alternately through `keepers`, pays them all, returns them with their payments. */
  async function mintMany(keepers: KeeperProcess[], n: number, firstSats: number) {
    const mints = await Promise.all(
      Array.from({ length: n }, (_, i) => createMint(keepers[i % keepers.length]!, firstSats + i)),
    );
    return mints.map((m) => ({ ...m, paying: pay(m.invoice) }));
  }

  async function assertEachMintedOnce(s: Scenario, mints: (Mint & { paying: Promise<Outcome> })[]) {
    const [locks, claims, refunds] = await Promise.all([
      chain.hashesOf("MintLocked"),
      chain.hashesOf("MintClaimed"),
      chain.hashesOf("MintRefunded"),
    ]);
    for (const m of mints) {
      const h = m.paymentHash;
      assert.equal(locks.filter((x) => x === h).length, 1, `${h} locked once`);
      assert.equal(claims.filter((x) => x === h).length, 1, `${h} minted once`);
      assert.equal(refunds.filter((x) => x === h).length, 0, `${h} never refunded`);
      assert.deepEqual(await m.paying, { paid: m.preimage }, `${h}: the payer holds its preimage`);
      assert.equal((await s.swap(h))?.state, "settled");
    }
  }

  scenario(
    "two keeper processes on one Postgres: 50 concurrent mints, each completed exactly once",
    async (s) => {
      await chain.grantKeeper(devKey(8).address);
      const before = await snapshot();
      const [k1, k2] = [await s.start("k1", 7), await s.start("k2", 8)];
      const mints = await mintMany([k1, k2], 50, 1_000);
      // Gasless claims as soon as each lock is in, handed to either keeper.
      await Promise.all(
        mints.map(async (m, i) => {
          await s.waitState(m.paymentHash, ["locked"], 120_000);
          await handPreimage(i % 2 === 0 ? k2 : k1, m);
        }),
      );
      await until(
        "every settlement",
        async () => {
          for (const m of mints)
            if ((await s.swap(m.paymentHash))?.state !== "settled") return false;
          return true;
        },
        { timeoutMs: 120_000 },
      );
      await assertEachMintedOnce(s, mints);

      const after = await snapshot();
      const sats = mints.reduce((sum, m) => sum + m.sats, 0);
      assert.equal(after.userSats, before.userSats - sats, "the user paid exactly the sum");
      assert.equal(after.serviceSats, before.serviceSats + sats);
      const minted = mints.reduce((sum, m) => sum + m.amount - m.fee, 0n);
      assert.equal(after.bobUsd, before.bobUsd + minted, "the recipient got exactly the sum");
      assert.equal(after.gatewayUsd, 0n);

      // Both keepers' loops did work (creations are the HTTP's: not counted), and both signed locks.
      const authors = await s.db.sql!.query<{ keeper: string; n: string }>(
        `select keeper, count(*)::text as n from keepers.swap_events
         where from_state is not null group by keeper order by keeper`,
      );
      assert.deepEqual(
        authors.map((a) => a.keeper),
        ["k1", "k2"],
        `both keepers moved swaps: ${JSON.stringify(authors)}`,
      );
      const signers = await s.db.sql!.query<{ signer: string }>(
        "select distinct signer from keepers.chain_txs where purpose like 'lockMint:%' order by signer",
      );
      assert.equal(signers.length, 2, `both keepers signed locks: ${JSON.stringify(signers)}`);
    },
    { skip: twoProcesses, timeout: 300_000 },
  );

  scenario(
    "two keeper processes: one is SIGKILLed with its locks unmined, the other finishes every swap",
    async (s) => {
      // (KEEPER_ROLE for account #8 was granted by the test above; granting again is harmless.)
      await chain.grantKeeper(devKey(8).address);
      const before = await snapshot();
      // The doomed keeper starts alone and takes the mints, so that it surely holds unmined locks when
      // it dies (with both running, a poll of the other may win every swap); the survivor joins
      // before the kill.
      const k2 = await s.start("k2", 8);
      let k1: KeeperProcess | undefined;
      const doomed = devKey(8).address.toLowerCase();
      const pendingOf = async (signer: string) =>
        s.db.sql!.query<{ nonce: string; hashes: Hex[] }>(
          `select nonce::text, hashes from keepers.chain_txs
           where signer = $1 and status = 'pending' order by nonce`,
          [signer],
        );
      let mints: Awaited<ReturnType<typeof mintMany>> = [];
      let orphans: { nonce: string; hashes: Hex[] }[] = [];
      await chain.setAutomine(false);
      try {
        mints = await mintMany([k2], 20, 2_000);
        // Wait until the doomed keeper has locks recorded and unmined, then kill it.
        await until(
          "k2 to have sent two locks",
          async () => (await pendingOf(doomed)).length >= 2,
          {
            timeoutMs: 60_000,
          },
        );
        k1 = await s.start("k1", 7);
        await s.kill(k2);
        // Its first transaction stays in the mempool and is mined; the others are lost (as if it died
        // between recording and broadcasting them, or the node forgot them): only their signed bytes
        // in the database are left. (One it recorded but had not broadcast yet is lost already.)
        orphans = await pendingOf(doomed);
        assert.ok(orphans.length >= 2, "k2 died with at least two unmined transactions");
        for (const row of orphans.slice(1)) {
          for (const hash of row.hashes) {
            await chain.rpc("hardhat_dropTransaction", [hash]);
            // (k1 may already be broadcasting it again from its recorded bytes: that is the point.)
          }
        }
      } finally {
        await chain.setAutomine(true);
        await chain.mine();
      }

      // The survivor carries every swap to the end, including those whose lock k2 sent.
      await Promise.all(
        mints.map(async (m) => {
          await s.waitState(m.paymentHash, ["locked"], 30_000);
          await handPreimage(k1!, m);
        }),
      );
      await until(
        "every settlement",
        async () => {
          for (const m of mints)
            if ((await s.swap(m.paymentHash))?.state !== "settled") return false;
          return true;
        },
        { timeoutMs: 60_000 },
      );
      await assertEachMintedOnce(s, mints);
      const after = await snapshot();
      const sats = mints.reduce((sum, m) => sum + m.sats, 0);
      assert.equal(after.userSats, before.userSats - sats, "the user paid exactly the sum");
      const minted = mints.reduce((sum, m) => sum + m.amount - m.fee, 0n);
      assert.equal(after.bobUsd, before.bobUsd + minted);
      assert.deepEqual(
        await pendingOf(doomed),
        [],
        "every transaction of the dead keeper is mined",
      );
    },
    {
      skip: twoProcesses,
      timeout: 300_000,
    },
  );
});
