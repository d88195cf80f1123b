// One step of a mint swap (Lightning -> chain). Every step reads the truth again (the node's invoice, the
// contract's swap, the signer's recorded transaction) before acting, and every action is idempotent, so a
// step cut off anywhere and run again converges. See ../swaps/states.ts for the machine.
import type { Address } from "viem";
import { KeeperError } from "../errors.ts";
import type { Swap } from "../swaps/store.ts";
import { later, type StepContext, stepTools } from "./step.ts";
import { mintLockFits } from "./timing.ts";

/** Chain seconds a lock may take to be included after its timelock is computed. */
const lockInclusionSlack = 600n;

export async function stepMint(ctx: StepContext, swap: Swap): Promise<Swap | undefined> {
  const { ln, gateway, settings } = ctx;
  const poll = () => later(settings.pollMs);
  const { move, wait } = stepTools(ctx, swap);

  switch (swap.state) {
    case "review":
      // Waits for a reviewer (the API moves it to created or rejected); nothing to do here.
      return wait(later(60_000));

    case "created": {
      // Wall-clock expiry (Lightning's clock); the quote it was made from is fresh (see approveMint).
      const expiresAt = new Date(Date.now() + settings.invoiceExpirySeconds * 1000);
      const invoice = await ln.ensureHoldInvoice({
        id: swap.paymentHash,
        tokens: Number(swap.sats),
        description: `Fluxion mint ${swap.paymentHash.slice(0, 16)}`,
        expiresAt,
        cltvDelta: settings.cltvDelta,
      });
      return move("invoice_open", {
        patch: {
          invoice: invoice.request,
          invoiceExpiresAt: BigInt(Math.floor(invoice.expiresAt.getTime() / 1000)),
        },
        runAt: poll(),
      });
    }

    case "invoice_open": {
      const invoice = await ln.invoice(swap.paymentHash);
      if (invoice?.state === "accepted") {
        return move("invoice_accepted", { detail: { htlcTimeout: invoice.htlcTimeout } });
      }
      const expired =
        swap.invoiceExpiresAt !== null && Date.now() / 1000 >= Number(swap.invoiceExpiresAt);
      if (!invoice || invoice.state === "canceled" || (invoice.state === "open" && expired)) {
        await ln.cancel(swap.paymentHash);
        return move("expired", {
          patch: {
            failureCode: "lightning.invoice_expired",
            failureMessage: "the invoice was not paid in time",
          },
        });
      }
      if (invoice.state === "settled") {
        throw new KeeperError(
          "keepers.invariant",
          `invoice ${swap.paymentHash} settled before any lock`,
        );
      }
      return wait();
    }

    case "invoice_accepted": {
      // The HTLC still held, the chain's next timestamp and the Lightning height, read together.
      // Counted from the timestamp the next block will carry (a chain's clock may run ahead of ours),
      // plus ten minutes of chain time for the lock to be included (a busy dev chain gives every block
      // a second of its own), so the contract's minimum timelock still holds when it lands.
      const [invoice, next, { blockHeight }] = await Promise.all([
        ln.invoice(swap.paymentHash),
        gateway.nextTimestamp(),
        ln.info(),
      ]);
      if (invoice?.state !== "accepted") {
        // The payer's HTLC went away (canceled by the node): nothing was locked.
        await ln.cancel(swap.paymentHash);
        return move("canceled", {
          patch: {
            failureCode: "lightning.htlc_gone",
            failureMessage: `invoice is ${invoice?.state ?? "missing"}`,
          },
        });
      }
      const timelock = next + BigInt(settings.mintTimelockSeconds) + lockInclusionSlack;
      const htlcExpiry = invoice.htlcTimeout ?? blockHeight;
      if (!mintLockFits(settings, { height: blockHeight, htlcExpiry, now: next, timelock })) {
        await ln.cancel(swap.paymentHash);
        return move("canceled", {
          patch: {
            failureCode: "lightning.htlc_expiry_too_soon",
            failureMessage: `the HTLC expires at block ${htlcExpiry} (now ${blockHeight}): too soon to lock until ${timelock} and still settle`,
          },
        });
      }
      try {
        await gateway.lockMint({
          paymentHash: swap.paymentHash,
          recipient: swap.account as Address,
          synth: swap.synth as Address,
          sats: swap.sats,
          amount: swap.amount,
          quotedAt: swap.quotedAt,
          timelock,
        });
      } catch (error) {
        if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
          await ln.cancel(swap.paymentHash);
          return move("canceled", {
            patch: { failureCode: "gateway.lock_refused", failureMessage: error.message },
            detail: error.details,
          });
        }
        throw error;
      }
      return move("lock_sent", { patch: { timelock }, runAt: new Date() });
    }

    case "lock_sent": {
      // Followed whoever signed it: the keeper that sent the lock may have died since.
      const tx = await gateway.signer.follow(`lockMint:${swap.paymentHash}`);
      if (!tx) {
        // Crashed between the state change and the send? No: the send is recorded before the move.
        throw new KeeperError(
          "keepers.invariant",
          `lock of ${swap.paymentHash} has no transaction`,
        );
      }
      if (tx.status === "pending") return wait(later(Math.min(settings.pollMs, 250)));
      if (tx.receiptStatus === "success") {
        // The timelock on-chain is the one that counts: a keeper that died between sending the lock and
        // recording it may have recorded a recomputed one since.
        const { timelock } = await gateway.swapOf(swap.paymentHash);
        // Locked as of now: the next look is due at once only with a preimage to claim with (handing
        // one over wakes the swap; the poll looks again for a claim or an expiry).
        return move("locked", {
          patch: { timelock },
          detail: { block: tx.blockNumber },
          ...(swap.preimage ? {} : { runAt: later(settings.pollMs) }),
        });
      }
      return move("lock_failed", {
        patch: { failureCode: "gateway.lock_reverted", failureMessage: `lock ${tx.hash} reverted` },
      });
    }

    case "lock_failed":
      await ln.cancel(swap.paymentHash);
      return move("canceled");

    case "locked":
    case "claim_sent":
    case "refund_sent": {
      if (swap.preimage && swap.state === "locked") {
        // A gasless claim: the user handed us the preimage. The gateway refuses it unless the swap is
        // locked and its timelock has not passed, so it is tried first; refused, the checks below find
        // out why (claimed by the user meanwhile, or expired).
        try {
          await gateway.claimMint(swap.paymentHash, swap.preimage);
          return move("claim_sent", { runAt: new Date() });
        } catch (error) {
          if (!(error instanceof KeeperError && error.code === "keepers.tx_would_revert"))
            throw error;
        }
      }
      const onChain = await gateway.swapOf(swap.paymentHash);
      if (onChain.status === "claimed") {
        const preimage = swap.preimage ?? (await preimageOnChain(ctx, swap));
        return move("claimed", { patch: { preimage }, runAt: new Date() });
      }
      if (onChain.status === "refunded") {
        await ln.cancel(swap.paymentHash);
        return move("refunded", {
          patch: {
            failureCode: "lightning.not_claimed",
            failureMessage: "not claimed before the timelock: refunded, invoice canceled",
          },
        });
      }
      const chainNow = await gateway.nextTimestamp();
      if (chainNow >= onChain.timelock) {
        if (swap.state !== "refund_sent") {
          await gateway.refundMint(swap.paymentHash);
          return move("refund_sent", { runAt: new Date() });
        }
        await gateway.signer.follow(`refundMint:${swap.paymentHash}`);
        return wait(later(250));
      }
      if (swap.preimage && swap.state === "locked") {
        // The claim was refused before its timelock: claimed by the user meanwhile; follow it.
        return move("claim_sent", { runAt: new Date() });
      }
      if (swap.state === "claim_sent") await gateway.signer.follow(`claimMint:${swap.paymentHash}`);
      if (swap.state === "refund_sent")
        await gateway.signer.follow(`refundMint:${swap.paymentHash}`);
      const untilTimelock = Number(onChain.timelock - chainNow) * 1000;
      return wait(later(Math.min(settings.pollMs, untilTimelock)));
    }

    case "claimed":
      if (!swap.preimage)
        throw new KeeperError(
          "keepers.invariant",
          `claimed ${swap.paymentHash} without a preimage`,
        );
      await ln.settle(swap.paymentHash, swap.preimage);
      return move("settled");

    default:
      throw new KeeperError(
        "keepers.invariant",
        `mint ${swap.paymentHash} is ${swap.state}, which has no step`,
      );
  }
}

async function preimageOnChain(ctx: StepContext, swap: Swap): Promise<string> {
  const lock = await ctx.gateway.signer.find(`lockMint:${swap.paymentHash}`);
  const preimage = await ctx.gateway.mintPreimage(swap.paymentHash, lock?.blockNumber ?? 0n);
  if (!preimage) {
    throw new KeeperError(
      "keepers.preimage_missing",
      `claimed ${swap.paymentHash} but no MintClaimed log yet`,
      {
        retryable: true,
      },
    );
  }
  return preimage;
}
