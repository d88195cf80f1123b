// A burn against a thief, across processes: the keeper runs as its real process, the user's Lightning
// node is a thief's (it holds an HTLC it receives until the very expiry, as patched software can), and
// both clocks move together: the EVM's by evm_increaseTime, Bitcoin's by mined blocks at 900 s each —
// the slowest rate the bridge's timing rule allows for (600 s blocks, counted 1.5x slow). The thief
// registers a burn to a hold invoice of their own, locks the synths, holds the keeper's HTLC, and tries
// to refund on-chain and still settle the HTLC. At the last moment the HTLC can be settled and past it,
// with the keeper killed at each point of the burn's crash matrix, the outcome is always either (sats
// paid and the burn claimed) or (refunded and no sats), never both.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import {
  type AuthenticatedLnd,
  createHodlInvoice,
  getChannelBalance,
  getInvoice,
  getPayment,
  getWalletInfo,
  payViaPaymentRequest,
  settleHodlInvoice,
} from "lightning";
import { type Address, type Hex, parseAbi, toFunctionSelector } from "viem";
import { afterAll, beforeAll, describe } from "vitest";
import {
  type ChainNode,
  devKey,
  fundBurner,
  type KeeperDatabase,
  type KeeperProcess,
  killAllKeepers,
  type Lightning,
  root,
  startChainNode,
  startLightning,
  until,
} from "./lib/bridgeStack.ts";
import { KeeperScenario, scenarioTest } from "./lib/keeperScenario.ts";

/** EVM seconds per Bitcoin block while time passes here: the slow end the rule is built for. */
const slowBlockSeconds = 900;
/** The thief's invoice's final CLTV delta (blocks). */
const cltvDelta = 40;

const feedAbi = parseAbi([
  "function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)",
  "function updateAnswer(int256 answer)",
]);

const channel = async (lnd: AuthenticatedLnd) =>
  Number((await getChannelBalance({ lnd })).channel_balance);

describe("a burn against a payee who holds the HTLC (process level, both clocks moving)", () => {
  let chain: ChainNode;
  let lightning: Lightning;
  let thief: ChainNode["wallets"][number];
  let sBTC: Address;
  const databases: KeeperDatabase[] = [];

  beforeAll(async () => {
    [chain, lightning] = await Promise.all([
      startChainNode(),
      startLightning({ hostileUser: true }),
    ]);
    sBTC = chain.synth("sBTC");
    thief = await fundBurner(chain, 5);
  });
  afterAll(async () => {
    await killAllKeepers();
    await Promise.all(databases.map((db) => db.close().catch(() => {})));
    await lightning?.close().catch(() => {});
    await chain?.close().catch(() => {});
  });

  const open = () => new KeeperScenario(chain, lightning).open(databases);
  const scenario = (name: string, body: (s: KeeperScenario) => Promise<void>) =>
    scenarioTest(name, open, body, { timeout: 240_000 });

  /**
   * Time passes on both chains: `blocks` Bitcoin blocks, 900 EVM seconds each. The price feeds report
   * again (same prices), as live feeds would within their heartbeat, so quotes keep working.
   */
  async function pass(blocks: number) {
    await chain.increaseTime(blocks * slowBlockSeconds);
    lightning.ln.mineBlocks(blocks);
    for (const { address } of Object.values(chain.record.feeds)) {
      const feed = address as Address;
      const [, answer] = await chain.publicClient.readContract({
        address: feed,
        abi: feedAbi,
        functionName: "latestRoundData",
      });
      const hash = await chain.wallets[0]!.writeContract({
        address: feed,
        abi: feedAbi,
        functionName: "updateAnswer",
        args: [answer],
      });
      await chain.publicClient.waitForTransactionReceipt({ hash });
    }
  }
  const height = async () => (await getWalletInfo({ lnd: lightning.userLnd })).current_block_height;
  const sBtcOf = (who: Address) =>
    chain.publicClient.readContract({
      address: sBTC,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [who],
    });

  async function snapshot() {
    return {
      thiefSats: await channel(lightning.userLnd),
      bridgeSats: await channel(lightning.serviceLnd),
      thiefBtc: await sBtcOf(thief.account.address),
    };
  }

  type Burn = {
    paymentHash: string;
    preimage: string;
    sats: number;
    amount: bigint;
    timelock: bigint;
  };

  /** The thief's hold invoice, registered as a burn with the keeper (not locked yet). */
  async function registerHeldBurn(keeper: KeeperProcess, sats: number): Promise<Burn> {
    const preimage = randomBytes(32);
    const paymentHash = createHash("sha256").update(preimage).digest("hex");
    const hold = await createHodlInvoice({
      lnd: lightning.userLnd,
      id: paymentHash,
      tokens: sats,
      cltv_delta: cltvDelta,
      description: "withdraw (a thief's hold invoice)",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const response = await keeper.request("POST", "/swaps/burn", {
      account: thief.account.address,
      synth: sBTC,
      invoice: hold.request,
    });
    assert.equal(response.status, 201, `burn registered: ${JSON.stringify(response.body)}`);
    const swap = response.body as { amount: string; timelock: number };
    return {
      paymentHash,
      preimage: preimage.toString("hex"),
      sats,
      amount: BigInt(swap.amount),
      timelock: BigInt(swap.timelock),
    };
  }

  async function lock(b: Burn): Promise<void> {
    const hash = await thief.writeContract({
      address: chain.gateway,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [`0x${b.paymentHash}`, sBTC, b.amount, BigInt(b.sats), b.timelock],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", "the thief locked the quoted synths");
  }

  /** Waits until the keeper's HTLC is held by the thief's node; returns its expiry height. */
  async function held(b: Burn): Promise<number> {
    const invoice = await until("the keeper's HTLC held by the thief", async () => {
      const i = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
      return i.is_held && i;
    });
    const expiry = invoice.payments[0]!.timeout;
    // The rule itself: the HTLC's expiry, plus the blocks to resolve it on-chain, at the slow rate, plus
    // the claim margin, all before the timelock.
    const now = await chain.now();
    const left = (expiry + 6 - (await height())) * slowBlockSeconds + 1_800;
    assert.ok(now + BigInt(left) <= b.timelock, "every HTLC expires well before the refund opens");
    return expiry;
  }

  const refund = (b: Burn) =>
    thief.writeContract({
      address: chain.gateway,
      abi: lightningGatewayAbi,
      functionName: "refundBurn",
      args: [`0x${b.paymentHash}`],
    });

  /** The thief settles at the last height the HTLC can be settled at: just below its expiry. */
  async function settleAtLastMoment(b: Burn, expiry: number): Promise<void> {
    await pass(expiry - 1 - (await height()));
    assert.ok((await chain.now()) < b.timelock, "the refund has not opened");
    await settleHodlInvoice({ lnd: lightning.userLnd, secret: b.preimage });
  }

  /** Paid and claimed, never refunded: the thief got the sats for exactly the synths burned. */
  async function assertPaidAndClaimed(s: KeeperScenario, b: Burn, before: Snapshot) {
    await s.waitState(b.paymentHash, ["claimed"]);
    // Refunding now, and after the timelock, fails: the lock is claimed.
    await assert.rejects(refund(b), /SwapNotLocked|SwapNotExpired|revert/);
    const untilTimelock = Number(b.timelock - (await chain.now()));
    if (untilTimelock > 0) await pass(Math.ceil(untilTimelock / slowBlockSeconds) + 1);
    await assert.rejects(refund(b), /SwapNotLocked|revert/);
    assert.equal(await chain.count("BurnClaimed", b.paymentHash), 1, "claimed once");
    assert.equal(await chain.count("BurnRefunded", b.paymentHash), 0, "never refunded");
    const now = await snapshot();
    assert.equal(now.thiefSats, before.thiefSats + b.sats, "the sats were paid once");
    assert.equal(now.bridgeSats, before.bridgeSats - b.sats);
    assert.equal(now.thiefBtc, before.thiefBtc - b.amount, "and the synths burned");
    assert.equal(await sBtcOf(chain.gateway), 0n, "nothing left in the gateway");
  }

  /**
   * The attack as reported: hold past the timelock, refund, then settle. The HTLC expired long before the
   * timelock, so the bridge's node timed it out: the refund succeeds (by the thief or the keeper) and the
   * settle pays nothing.
   */
  async function holdPastTimelockThenRefundAndSettle(b: Burn) {
    const untilTimelock = Number(b.timelock - (await chain.now()));
    await pass(Math.ceil(untilTimelock / slowBlockSeconds) + 1);
    const payment = await until("the bridge's node to fail its expired HTLC", async () => {
      const p = await getPayment({ lnd: lightning.serviceLnd, id: b.paymentHash });
      return p.is_failed && p;
    });
    assert.equal(payment.is_confirmed, false);
    // The thief refunds (the keeper may be first: anyone may).
    await refund(b)
      .then((hash) => chain.publicClient.waitForTransactionReceipt({ hash }))
      .catch(() => undefined);
    await assert.rejects(
      settleHodlInvoice({ lnd: lightning.userLnd, secret: b.preimage }),
      "the expired HTLC cannot be settled",
    );
  }

  /** Refunded, never paid: the thief has their synths back and not a satoshi more. */
  async function assertRefundedNotPaid(s: KeeperScenario, b: Burn, before: Snapshot) {
    await s.waitState(b.paymentHash, ["refunded"]);
    assert.equal(await chain.count("BurnRefunded", b.paymentHash), 1, "refunded once");
    assert.equal(await chain.count("BurnClaimed", b.paymentHash), 0, "never claimed");
    const now = await snapshot();
    assert.equal(now.thiefSats, before.thiefSats, "not a satoshi paid");
    assert.equal(now.bridgeSats, before.bridgeSats, "the bridge's sats all came back");
    assert.equal(now.thiefBtc, before.thiefBtc, "the synths all came back");
    assert.equal(await sBtcOf(chain.gateway), 0n, "nothing left in the gateway");
    const invoice = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
    assert.equal(invoice.is_confirmed, false, "the thief's invoice never settled");
  }

  type Snapshot = Awaited<ReturnType<typeof snapshot>>;
  type Outcome = "settle at the last moment" | "hold past the timelock";
  const outcomes: Outcome[] = ["settle at the last moment", "hold past the timelock"];

  for (const outcome of outcomes) {
    scenario(`keeper running: ${outcome}`, async (s) => {
      const before = await snapshot();
      const k = await s.start("hostile-a");
      const b = await registerHeldBurn(k, 30_000);
      await lock(b);
      const expiry = await held(b);
      if (outcome === "settle at the last moment") {
        await settleAtLastMoment(b, expiry);
        await assertPaidAndClaimed(s, b, before);
      } else {
        await holdPastTimelockThenRefundAndSettle(b);
        await assertRefundedNotPaid(s, b, before);
      }
    });

    scenario(`killed awaiting the lock, locked while down: ${outcome}`, async (s) => {
      const before = await snapshot();
      const a = await s.start("hostile-b1");
      const b = await registerHeldBurn(a, 31_000);
      await s.kill(a);
      await lock(b);
      await s.start("hostile-b2");
      const expiry = await held(b);
      if (outcome === "settle at the last moment") {
        await settleAtLastMoment(b, expiry);
        await assertPaidAndClaimed(s, b, before);
      } else {
        await holdPastTimelockThenRefundAndSettle(b);
        await assertRefundedNotPaid(s, b, before);
      }
    });

    scenario(
      `killed with the HTLC held, the thief acting while it is down: ${outcome}`,
      async (s) => {
        const before = await snapshot();
        const a = await s.start("hostile-c1");
        const b = await registerHeldBurn(a, 32_000);
        await lock(b);
        const expiry = await held(b);
        await s.waitState(b.paymentHash, ["paying"]);
        await s.kill(a);
        if (outcome === "settle at the last moment") {
          await settleAtLastMoment(b, expiry);
          await s.start("hostile-c2");
          await assertPaidAndClaimed(s, b, before);
        } else {
          await holdPastTimelockThenRefundAndSettle(b);
          await s.start("hostile-c2");
          await assertRefundedNotPaid(s, b, before);
        }
      },
    );
  }

  scenario(
    "killed with the claim sent but not mined after a last-moment settle: claimed once",
    async (s) => {
      const before = await snapshot();
      const a = await s.start("hostile-d1");
      const b = await registerHeldBurn(a, 33_000);
      await lock(b);
      const expiry = await held(b);
      await pass(expiry - 1 - (await height()));
      await chain.setAutomine(false);
      try {
        await settleHodlInvoice({ lnd: lightning.userLnd, secret: b.preimage });
        const claimBurn = toFunctionSelector("claimBurn(bytes32)");
        const pendingClaim = await until("the keeper's claim in the mempool", async () => {
          const block = (await chain.rpc("eth_getBlockByNumber", ["pending", true])) as {
            transactions: { hash: Hex; from: string; input: string }[];
          };
          return block.transactions.find(
            (t) =>
              t.from.toLowerCase() === devKey(7).address.toLowerCase() &&
              t.input.startsWith(claimBurn),
          )?.hash;
        });
        await s.kill(a);
        await chain.mine();
        const receipt = await chain.publicClient.getTransactionReceipt({ hash: pendingClaim });
        assert.equal(receipt.status, "success", "the dead keeper's claim landed");
      } finally {
        await chain.setAutomine(true);
      }
      await s.start("hostile-d2");
      await assertPaidAndClaimed(s, b, before);
    },
  );

  scenario(
    "a payment held by its payee holds nothing else up: 50 concurrent mints settle meanwhile",
    async (s) => {
      const k = await s.start("hostile-f");
      const b = await registerHeldBurn(k, 35_000);
      await lock(b);
      await held(b);
      const recipient = devKey(16).address;
      const mints = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const preimage = randomBytes(32);
          const paymentHash = createHash("sha256").update(preimage).digest("hex");
          const response = await k.request("POST", "/swaps/mint", {
            paymentHash,
            recipient,
            synth: chain.synth("sUSD"),
            sats: String(5_000 + i),
          });
          assert.equal(response.status, 201, JSON.stringify(response.body));
          return { paymentHash, preimage, invoice: (response.body as { invoice: string }).invoice };
        }),
      );
      await Promise.all(
        mints.map(async (m) => {
          const paid = payViaPaymentRequest({ lnd: lightning.userLnd, request: m.invoice });
          await s.waitState(m.paymentHash, ["locked"]);
          const handed = await k.request("POST", `/swaps/${m.paymentHash}/preimage`, {
            preimage: m.preimage.toString("hex"),
          });
          assert.equal(handed.status, 200);
          await s.waitState(m.paymentHash, ["settled"]);
          assert.equal((await paid).secret, m.preimage.toString("hex"));
        }),
      );
      // All of that happened while the burn's HTLC stayed held, its payment in flight.
      const invoice = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
      assert.equal(invoice.is_held, true, "the payment is still held");
      assert.equal((await s.swap(b.paymentHash))?.state, "paying");
      await settleHodlInvoice({ lnd: lightning.userLnd, secret: b.preimage });
      await s.waitState(b.paymentHash, ["claimed"]);
    },
  );

  scenario(
    "locked too late to pay safely: never paid (no HTLC at all); the locker refunds with npm run swap -- refund",
    async (s) => {
      const before = await snapshot();
      const k = await s.start("hostile-e");
      const b = await registerHeldBurn(k, 34_000);
      // The thief waits until only 4,600 s are left (the gateway still takes a lock with an hour left):
      // an HTLC for 40 blocks could now outlive the timelock.
      const wait = Number(b.timelock - (await chain.now())) - 4_600;
      await pass(Math.floor(wait / slowBlockSeconds));
      await lock(b);
      const failed = await s.waitState(b.paymentHash, ["pay_failed", "refund_sent", "refunded"]);
      assert.equal(failed.failureCode, "lightning.too_late");
      const invoice = await getInvoice({ lnd: lightning.userLnd, id: b.paymentHash });
      assert.equal(invoice.payments.length, 0, "no HTLC was ever sent");
      assert.ok(!invoice.is_held);
      await assert.rejects(
        getPayment({ lnd: lightning.serviceLnd, id: b.paymentHash }),
        "the bridge's node never started a payment",
      );
      // The keeper is down when the refund opens: the locker refunds from a terminal.
      await s.kill(k);
      const swapCli = (...args: string[]) =>
        spawnSync(process.execPath, ["scripts/swap.ts", ...args], {
          cwd: root,
          encoding: "utf8",
          timeout: 60_000,
          env: {
            ...process.env,
            FLUXION_RPC_URL: chain.url,
            SWAP_PRIVATE_KEY: devKey(5).privateKey,
          },
        });
      const early = swapCli("refund", b.paymentHash);
      assert.equal(early.status, 1, "not before the timelock");
      assert.match(early.stderr, /the refund opens at \d{4}-\d\d-\d\dT.*\(chain time; in \d+ s\)/);
      const untilTimelock = Number(b.timelock - (await chain.now()));
      await pass(Math.ceil(untilTimelock / slowBlockSeconds) + 1);
      const refunded = swapCli("refund", b.paymentHash);
      assert.equal(refunded.status, 0, `${refunded.stdout}${refunded.stderr}`);
      assert.match(refunded.stdout, new RegExp(`refunded burn ${b.paymentHash}`));
      await s.start("hostile-e2");
      await assertRefundedNotPaid(s, b, before);
    },
  );
});
