// One step of a burn swap (chain -> Lightning): the user registered a BOLT-11 invoice and its quote, then
// locked synths under its payment hash. The keeper checks the lock against the quote, records that it is
// paying BEFORE paying (so a restart asks the node about the payment instead of paying again), pays with
// a fee limit and a CLTV limit that makes every HTLC expire well before the lock's timelock (a payee who
// holds the HTLC cannot settle it after the refund opens, see ./timing.ts), and claims the synths with
// the preimage. A payment in flight counts as possibly paid until the node says it failed. A burn that is
// not paid is refunded to its locker once the timelock passes (by the keeper, or by anyone).
import { KeeperError } from "../errors.ts";
import type { Swap } from "../swaps/store.ts";
import { later, type StepContext, stepTools } from "./step.ts";
import { burnMaxTimeoutHeight, fitsCltvLimit } from "./timing.ts";

/** What a burn that will not be paid tells its owner about the refund. */
export function refundNotice(swap: Pick<Swap, "paymentHash" | "timelock">): string {
  const at = swap.timelock === null ? "its timelock" : isoTime(swap.timelock);
  return `the locked synths are refunded after ${at} (chain time): the keeper does it, or anyone may call LightningGateway.refundBurn (npm run swap -- refund ${swap.paymentHash})`;
}

const isoTime = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

export async function stepBurn(ctx: StepContext, swap: Swap): Promise<Swap | undefined> {
  const { ln, gateway, settings } = ctx;
  const { move, wait } = stepTools(ctx, swap);
  const fail = (to: Swap["state"], code: string, message: string) =>
    move(to, { patch: { failureCode: code, failureMessage: message }, runAt: new Date() });
  const notPaid = (code: string, why: string) =>
    fail("pay_failed", code, `${why}; not paid: ${refundNotice(swap)}`);

  switch (swap.state) {
    case "awaiting_lock": {
      const onChain = await gateway.swapOf(swap.paymentHash);
      if (onChain.status === "none") {
        if (swap.invoiceExpiresAt !== null && Date.now() / 1000 >= Number(swap.invoiceExpiresAt)) {
          return fail(
            "expired",
            "lightning.invoice_expired",
            "the invoice expired before any lock",
          );
        }
        return wait();
      }
      if (onChain.direction !== "burn") {
        return fail(
          "expired",
          "gateway.wrong_direction",
          "the payment hash was locked as a mint: nothing of yours is locked",
        );
      }
      const problems: string[] = [];
      if (onChain.account.toLowerCase() !== swap.account)
        problems.push(`locked by ${onChain.account}`);
      if (onChain.synth.toLowerCase() !== swap.synth) problems.push(`synth ${onChain.synth}`);
      if (onChain.sats !== swap.sats) problems.push(`sats ${onChain.sats} instead of ${swap.sats}`);
      if (onChain.amount < swap.amount)
        problems.push(`amount ${onChain.amount} below the quote ${swap.amount}`);
      if (swap.timelock !== null && onChain.timelock < swap.timelock)
        problems.push(`timelock ${onChain.timelock} shorter than the quoted ${swap.timelock}`);
      const locked = { ...swap, timelock: onChain.timelock };
      if (problems.length) {
        return move("rejected", {
          patch: {
            timelock: onChain.timelock,
            failureCode: "lightning.lock_mismatch",
            failureMessage: `the lock does not match the quote (${problems.join("; ")}); not paid: ${refundNotice(locked)}`,
          },
          runAt: new Date(),
        });
      }
      return move("lock_seen", {
        patch: { timelock: onChain.timelock, amount: onChain.amount, fee: onChain.fee },
        runAt: new Date(),
      });
    }

    case "lock_seen": {
      if (swap.invoiceExpiresAt !== null && Date.now() / 1000 >= Number(swap.invoiceExpiresAt)) {
        return notPaid("lightning.invoice_expired", "the invoice expired before it could be paid");
      }
      const limit = await payLimit(ctx, swap);
      if (!limit.fits) return notPaid("lightning.too_late", limit.why);
      // Recorded before paying: from here on a restart looks the payment up instead of paying again.
      return move("paying", { runAt: new Date() });
    }

    case "paying": {
      const wake = () => ctx.wake?.(swap.paymentHash);
      let outcome = await ln.payment(swap.paymentHash);
      if (outcome?.status === "pending") ln.watchPayment(swap.paymentHash, wake);
      if (!outcome) {
        // Never sent (or lost before the node recorded it): only start while a held HTLC cannot outlive
        // the timelock, with the limit computed now.
        const limit = await payLimit(ctx, swap);
        if (!limit.fits) return notPaid("lightning.too_late", limit.why);
        outcome = await ln.sendPayment(
          {
            id: swap.paymentHash,
            request: swap.invoice!,
            maxFeeSats: settings.payMaxFeeSats,
            timeoutMs: settings.payTimeoutMs,
            maxTimeoutHeight: limit.maxTimeoutHeight,
          },
          wake,
        );
      }
      if (outcome.status === "succeeded") {
        return move("paid", {
          patch: { preimage: outcome.preimage },
          detail: { feeSats: outcome.feeSats },
          runAt: new Date(),
        });
      }
      if (outcome.status === "failed") {
        return notPaid(
          "lightning.payment_failed",
          `the invoice could not be paid (${outcome.reason})`,
        );
      }
      // In flight (a payee may hold it up to its CLTV limit) or not known yet: possibly paid, so wait
      // for the node's word; the payment's own stream wakes the swap.
      return wait(later(settings.pollMs));
    }

    case "paid": {
      try {
        await gateway.claimBurn(swap.paymentHash, swap.preimage!);
      } catch (error) {
        if (!(error instanceof KeeperError && error.code === "keepers.tx_would_revert"))
          throw error;
        const onChain = await gateway.swapOf(swap.paymentHash);
        if (onChain.status === "claimed") return move("claimed");
        if (onChain.status === "refunded" || (await gateway.nextTimestamp()) >= onChain.timelock) {
          return claimMissed(ctx, swap, `the lock is ${onChain.status} past its timelock`);
        }
        throw error;
      }
      return move("claim_sent", { runAt: new Date() });
    }

    case "claim_sent": {
      // Followed whoever signed it: the keeper that sent the claim may have died since.
      const tx = await gateway.signer.follow(`claimBurn:${swap.paymentHash}`);
      if (tx?.status === "mined") {
        if (tx.receiptStatus === "success") return move("claimed");
        const onChain = await gateway.swapOf(swap.paymentHash);
        if (onChain.status === "claimed") return move("claimed");
        return claimMissed(ctx, swap, `claim ${tx.hash} reverted; the lock is ${onChain.status}`);
      }
      return wait(later(Math.min(settings.pollMs, 250)));
    }

    case "pay_failed":
    case "rejected":
    case "refund_sent": {
      // Not paid: the locker gets the synths back once the timelock passes.
      const onChain = await gateway.swapOf(swap.paymentHash);
      if (onChain.status === "refunded") return move("refunded");
      if (onChain.status === "claimed") {
        throw new KeeperError(
          "keepers.invariant",
          `burn ${swap.paymentHash} was claimed, yet it is ${swap.state}`,
        );
      }
      if (onChain.status === "none" || onChain.direction !== "burn") {
        throw new KeeperError(
          "keepers.invariant",
          `burn ${swap.paymentHash} is ${swap.state} without a lock`,
        );
      }
      if (swap.state === "refund_sent") {
        const tx = await gateway.signer.follow(`refundBurn:${swap.paymentHash}`);
        if (tx?.status === "mined" && tx.receiptStatus === "reverted") {
          throw new KeeperError("keepers.refund_reverted", `refund ${tx.hash} reverted`, {
            retryable: true,
          });
        }
        return wait(later(Math.min(settings.pollMs, 250)));
      }
      const next = await gateway.nextTimestamp();
      if (next < onChain.timelock) {
        const untilTimelock = Number(onChain.timelock - next) * 1000;
        return wait(later(Math.min(untilTimelock, settings.pollMs * 10)));
      }
      try {
        await gateway.refundBurn(swap.paymentHash);
      } catch (error) {
        if (!(error instanceof KeeperError && error.code === "keepers.tx_would_revert"))
          throw error;
        // Someone refunded it first (anyone may): the next step reads it.
        return wait(later(250));
      }
      return move("refund_sent", { runAt: new Date() });
    }

    default:
      throw new KeeperError(
        "keepers.invariant",
        `burn ${swap.paymentHash} is ${swap.state}, which has no step`,
      );
  }
}

/**
 * The CLTV limit a payment of this burn may use if it starts now, and whether the invoice fits it:
 * every HTLC must expire, and be resolved on-chain, in time to claim before the burn's timelock.
 */
async function payLimit(
  ctx: StepContext,
  swap: Swap,
): Promise<{ fits: boolean; maxTimeoutHeight: number; why: string }> {
  const [{ blockHeight: height }, now] = await Promise.all([
    ctx.ln.info(),
    ctx.gateway.nextTimestamp(),
  ]);
  const timelock = swap.timelock ?? 0n;
  const maxTimeoutHeight = burnMaxTimeoutHeight(ctx.settings, { height, now, timelock });
  const finalCltv = swap.cltvDelta ?? 0;
  const fits = timelock > now && fitsCltvLimit(finalCltv, height, maxTimeoutHeight);
  return {
    fits,
    maxTimeoutHeight,
    why: `too close to the timelock to pay safely: an HTLC for this invoice (final CLTV ${finalCltv} blocks at height ${height}) could outlive it (the latest safe expiry is block ${maxTimeoutHeight})`,
  };
}

function claimMissed(ctx: StepContext, swap: Swap, why: string) {
  // Paid but not claimed: the payee settled after the lock could no longer be claimed. The timing
  // rules make this impossible unless the keeper was down past every margin; it is an incident.
  return stepTools(ctx, swap).move("claim_missed", {
    patch: {
      failureCode: "keepers.claim_missed",
      failureMessage: `the invoice was paid, but the synths could not be claimed: ${why}`,
    },
  });
}
