// A failed message in words, and how to get it delivered: the destination router's failure is executed
// again by hand (router.manuallyExecute, optionally with a higher gas limit than the message's own),
// the destination gateway's stored failure is retried (gateway.retryFailedMessage). A message the relay
// left committed but undelivered past the router's waiting time may be executed by anyone too.
import type { Address, Hex } from "viem";
import { deployedChainIds, tokenByAddress } from "../../lib/deployment.ts";
import { type DecodedError, decodeRevertData } from "../../tx/decodeError.ts";
import { formatAmount } from "../../ui/format.ts";
import type { Status } from "./messageState.ts";

const group = (value: bigint) => value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A block's gas: no execution can be given more. */
export const maxGasLimit = 30_000_000n;

/** What to suggest for a retry: twice the message's limit, at least Chainlink's default 200,000. */
export function suggestedGasLimit(original: bigint): bigint {
  const doubled = original * 2n;
  const wanted = doubled > 200_000n ? doubled : 200_000n;
  const rounded = ((wanted + 9_999n) / 10_000n) * 10_000n;
  return rounded > maxGasLimit ? maxGasLimit : rounded;
}

/** Why the destination router's delivery failed, from its ExecutionStateChanged event. */
export function explainDeliveryFailure(execution: {
  returnData: Hex;
  gasLimit: bigint;
  gasUsed: bigint;
  dest: string;
}): DecodedError {
  const { returnData, gasLimit, gasUsed, dest } = execution;
  if (returnData === "0x" || returnData.length <= 2) {
    // The exact-gas call hands back nothing when the receiver ran out of gas (it used it all).
    if (gasUsed * 100n >= gasLimit * 95n) {
      return {
        code: "ccip.out_of_gas",
        message: `The delivery on ${dest} ran out of gas: the message allowed ${group(gasLimit)} gas. Execute it again with a higher gas limit, such as ${group(suggestedGasLimit(gasLimit))}.`,
      };
    }
    return {
      code: "ccip.delivery_reverted",
      message: `The delivery on ${dest} was refused without a reason. Execute it again; if it fails again, give it more gas.`,
    };
  }
  const decoded = decodeRevertData(returnData);
  if (decoded) return decoded;
  return {
    code: "ccip.delivery_reverted",
    message: `The delivery on ${dest} was refused (${returnData.slice(0, 10)}…). Execute it again, with more gas if it ran out.`,
  };
}

/** Seconds in words, two largest units: 97 -> "1 min 37 s". */
function duration(seconds: bigint): string {
  const s = seconds > 0n ? seconds : 0n;
  if (s < 60n) return `${s} s`;
  if (s < 3_600n) return `${s / 60n} min${s % 60n ? ` ${s % 60n} s` : ""}`;
  return `${s / 3_600n} h${(s % 3_600n) / 60n ? ` ${(s % 3_600n) / 60n} min` : ""}`;
}

/**
 * Why the destination gateway could not credit a delivered message, from its MessageFailed reason.
 * Its inbound rate limit is said as what it means for a message that already arrived: the amount is
 * fixed, so it waits for the limit to refill (or, above the limit's capacity, for governance).
 */
export function explainStoredFailure(reason: Hex, dest: string): DecodedError {
  const decoded = reason.length > 2 ? decodeRevertData(reason) : undefined;
  if (decoded?.code === "TokenRateLimitReached") {
    const [wait, available, tokenAddress] = (decoded.args ?? []) as readonly [
      bigint,
      bigint,
      Address,
    ];
    const token = deployedChainIds
      .map((chainId) => tokenByAddress(chainId, tokenAddress))
      .find((t) => t !== undefined);
    const symbol = token?.symbol ?? "synth";
    return {
      ...decoded,
      message: `It arrived on ${dest}, but ${dest}'s inbound rate limit for ${symbol} was reached: only ${formatAmount(available, token?.decimals ?? 18, 6)} ${symbol} could be credited then. Retry it once the limit has refilled (at least ${duration(wait)} after it arrived); the synths are kept until then.`,
    };
  }
  if (decoded?.code === "TokenMaxCapacityExceeded") {
    return {
      ...decoded,
      message: `It arrived on ${dest}, but it is more than ${dest}'s inbound rate limit ever lets through at once, so a retry cannot credit it: Fluxion's governance can pay it out instead (recoverFailedMessage).`,
    };
  }
  if (decoded) return decoded;
  return {
    code: "ccip.processing_failed",
    message: `Fluxion's gateway on ${dest} could not credit it${reason.length > 2 ? ` (${reason.slice(0, 10)}…)` : ""}. Retry it; the synths are kept until it goes through.`,
  };
}

export type RetryPlan =
  /** router.manuallyExecute(message, gasLimitOverride) on the destination. */
  | { kind: "manual"; reason: "failed" | "relay_late" }
  /** gateway.retryFailedMessage(messageId) on the destination. */
  | { kind: "gateway" }
  | { kind: "none" };

/**
 * What a person can do for the message now: execute a failed delivery (or one the relay left waiting
 * past the router's threshold) by hand, retry a stored failure, or nothing.
 */
export function retryPlan(
  status: Status,
  relay: { committedAt?: bigint; threshold?: number; now: number } = { now: 0 },
): RetryPlan {
  if (status.state === "failed") {
    return status.failure === "stored" ? { kind: "gateway" } : { kind: "manual", reason: "failed" };
  }
  if (
    status.state === "committed" &&
    relay.committedAt !== undefined &&
    relay.committedAt > 0n &&
    relay.threshold !== undefined &&
    BigInt(Math.floor(relay.now)) >= relay.committedAt + BigInt(relay.threshold)
  ) {
    return { kind: "manual", reason: "relay_late" };
  }
  return { kind: "none" };
}

export type GasLimitInput = { ok: true; value: bigint } | { ok: false; message: string };

/**
 * The gas limit typed for a manual execution: empty keeps the message's own (0, as the router takes
 * it); otherwise a whole number from the message's own limit up to a block's gas.
 */
export function parseGasLimit(text: string, original: bigint): GasLimitInput {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned === "") return { ok: true, value: 0n };
  if (!/^\d+$/.test(cleaned)) {
    return { ok: false, message: "Enter a whole number of gas, like 300000, or leave it empty." };
  }
  const value = BigInt(cleaned);
  if (value < original) {
    return {
      ok: false,
      message: `Enter at least ${group(original)} (the message's own gas limit), or leave it empty to keep it.`,
    };
  }
  if (value > maxGasLimit) {
    return { ok: false, message: `Enter at most ${group(maxGasLimit)} (a block's gas).` };
  }
  return { ok: true, value };
}
