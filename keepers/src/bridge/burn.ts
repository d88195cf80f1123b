// One step of a burn swap (chain -> Lightning): the user registered a BOLT-11 invoice and its quote, then
// locked synths under its payment hash. The keeper checks the lock against the quote, records that it is
// paying BEFORE paying (so a restart asks the node about the payment instead of paying again), pays with
// a fee limit and timeout, and claims the synths with the preimage. If paying fails, the user's refund
// stays open and the reason is recorded.
import { KeeperError } from "../errors.ts";
import type { Swap } from "../swaps/store.ts";
import { later, type StepContext, stepTools } from "./step.ts";

export async function stepBurn(ctx: StepContext, swap: Swap): Promise<Swap | undefined> {
  const { ln, gateway, settings } = ctx;
  const { move, wait } = stepTools(ctx, swap);
  const fail = (to: Swap["state"], code: string, message: string) =>
    move(to, { patch: { failureCode: code, failureMessage: message } });

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
        return fail("rejected", "gateway.wrong_direction", "the payment hash was used for a mint");
      }
      const problems: string[] = [];
      if (onChain.account.toLowerCase() !== swap.account)
        problems.push(`locked by ${onChain.account}`);
      if (onChain.synth.toLowerCase() !== swap.synth) problems.push(`synth ${onChain.synth}`);
      if (onChain.sats !== swap.sats) problems.push(`sats ${onChain.sats} instead of ${swap.sats}`);
      if (onChain.amount < swap.amount)
        problems.push(`amount ${onChain.amount} below the quote ${swap.amount}`);
      if (
        swap.invoiceExpiresAt !== null &&
        BigInt(swap.invoiceExpiresAt) + BigInt(settings.burnPaySafetySeconds) > onChain.timelock
      ) {
        problems.push("the invoice outlives the timelock");
      }
      if (problems.length) {
        return fail("rejected", "lightning.lock_mismatch", `not paid: ${problems.join("; ")}`);
      }
      return move("lock_seen", {
        patch: { timelock: onChain.timelock, amount: onChain.amount, fee: onChain.fee },
        runAt: new Date(),
      });
    }

    case "lock_seen": {
      const chainNow = await gateway.now();
      if (
        swap.timelock === null ||
        chainNow + BigInt(settings.burnPaySafetySeconds) >= swap.timelock
      ) {
        return fail(
          "pay_failed",
          "lightning.too_late",
          "too close to the timelock to pay and claim safely",
        );
      }
      if (swap.invoiceExpiresAt !== null && Date.now() / 1000 >= Number(swap.invoiceExpiresAt)) {
        return fail(
          "pay_failed",
          "lightning.invoice_expired",
          "the invoice expired before it could be paid",
        );
      }
      // Recorded before paying: from here on a restart looks the payment up instead of paying again.
      return move("paying", { runAt: new Date() });
    }

    case "paying": {
      const outcome = await ln.pay({
        id: swap.paymentHash,
        request: swap.invoice!,
        maxFeeSats: settings.payMaxFeeSats,
        timeoutMs: settings.payTimeoutMs,
      });
      if (outcome.status === "succeeded") {
        return move("paid", {
          patch: { preimage: outcome.preimage },
          detail: { feeSats: outcome.feeSats },
          runAt: new Date(),
        });
      }
      if (outcome.status === "failed") {
        return fail(
          "pay_failed",
          "lightning.payment_failed",
          `the invoice could not be paid: ${outcome.reason}`,
        );
      }
      return wait(later(Math.min(settings.pollMs, 500)));
    }

    case "paid": {
      try {
        await gateway.claimBurn(swap.paymentHash, swap.preimage!);
      } catch (error) {
        if (!(error instanceof KeeperError && error.code === "keepers.tx_would_revert"))
          throw error;
        const onChain = await gateway.swapOf(swap.paymentHash);
        if (onChain.status === "claimed") return move("claimed");
        if (onChain.status === "refunded") {
          return fail(
            "pay_failed",
            "keepers.claim_missed",
            "paid, but the user refunded before the claim",
          );
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
        return fail(
          "pay_failed",
          "keepers.claim_missed",
          `claim ${tx.hash} reverted; the lock is ${onChain.status}`,
        );
      }
      return wait(later(Math.min(settings.pollMs, 250)));
    }

    default:
      throw new KeeperError(
        "keepers.invariant",
        `burn ${swap.paymentHash} is ${swap.state}, which has no step`,
      );
  }
}
