// The transfer form's checks, made before anything is signed and in the order a person fixes them: the
// amount (a number, above zero, held), the recipient (an address, or empty for oneself), the lane's
// outbound rate limit (the gateway's own refusal, with its wait), the fee and what pays it. The
// destination's inbound limit only warns: above what it lets through now, the transfer still arrives
// but is kept there until it refills (then retried); above its capacity it could never be credited.
import { type Address, isAddress, zeroAddress } from "viem";
import { formatAmount, parseAmount } from "../../ui/format.ts";
import { type Bucket, checkLimit } from "./rateLimit.ts";

export type SendInputs = { amount: string; recipient: string };

export type SendContext = {
  account: Address;
  synth: { address: Address; symbol: string; decimals: number };
  /** The same synth on the destination (its inbound bucket is kept under that address). */
  destSynth?: Address;
  sourceName: string;
  destName: string;
  synthBalance?: bigint;
  fee?: bigint;
  feeSymbol: string;
  feeDecimals: number;
  /** The balance that pays the fee: the native coin's or the fee token's. */
  feeBalance?: bigint;
  outbound?: Bucket;
  inbound?: Bucket;
  /** Chain time on the source, unix seconds. */
  now: number;
};

export type Field = "amount" | "recipient" | "fee" | "limit";

export type SendCheck = {
  amount?: bigint;
  /** The recipient: the typed address, or the account. */
  to: Address;
  ready: boolean;
  /** What stops the transfer (the first thing to fix). */
  problem?: { field: Field; message: string; code?: string };
  /** What the transfer would run into on the destination without being refused here. */
  warning?: string;
};

export function checkSend(inputs: SendInputs, ctx: SendContext): SendCheck {
  const { synth } = ctx;
  const recipient = inputs.recipient.trim();
  const validRecipient =
    recipient === "" || (isAddress(recipient, { strict: false }) && recipient !== zeroAddress);
  const to = (recipient === "" || !validRecipient ? ctx.account : recipient) as Address;
  const fail = (field: Field, message: string, code?: string, amount?: bigint): SendCheck => ({
    to,
    amount,
    ready: false,
    problem: code ? { field, message, code } : { field, message },
  });

  if (inputs.amount.trim() === "") return fail("amount", `Enter how much ${synth.symbol} to send.`);
  const amount = parseAmount(inputs.amount, synth.decimals);
  if (amount === undefined) {
    return fail("amount", `Enter an amount like 10 or 2.5 (at most ${synth.decimals} decimals).`);
  }
  if (amount === 0n) return fail("amount", "The amount must be more than zero.", undefined, amount);
  if (ctx.synthBalance !== undefined && amount > ctx.synthBalance) {
    return fail(
      "amount",
      `You hold ${formatAmount(ctx.synthBalance, synth.decimals, 6)} ${synth.symbol} on ${ctx.sourceName}: send that much or less.`,
      undefined,
      amount,
    );
  }
  if (!validRecipient) {
    return fail(
      "recipient",
      "Enter an address (0x and 40 hex digits), or leave it empty to receive it yourself.",
      undefined,
      amount,
    );
  }
  const out = checkLimit(ctx.outbound, amount, synth.address, ctx.now);
  if (!out.ok) return fail("limit", out.error.message, out.error.code, amount);

  let warning: string | undefined;
  if (ctx.destSynth) {
    const inbound = checkLimit(ctx.inbound, amount, ctx.destSynth, ctx.now);
    if (!inbound.ok) {
      if (inbound.error.code === "TokenMaxCapacityExceeded") {
        return fail(
          "limit",
          `${ctx.destName} accepts at most ${formatAmount(ctx.inbound?.capacity ?? 0n, synth.decimals)} ${synth.symbol} in one transfer: send it in smaller parts.`,
          "TokenMaxCapacityExceeded",
          amount,
        );
      }
      warning = `${ctx.destName}'s inbound limit lets less through right now: the transfer would arrive but be kept there until it refills${inbound.waitSeconds ? ` (about ${inbound.waitSeconds} s)` : ""}, then it can be retried.`;
    }
  }

  if (ctx.fee === undefined) {
    return { to, amount, ready: false, problem: { field: "fee", message: "Getting the fee…" } };
  }
  if (ctx.feeBalance !== undefined && ctx.feeBalance < ctx.fee) {
    return fail(
      "fee",
      `The fee is ${formatAmount(ctx.fee, ctx.feeDecimals, 6)} ${ctx.feeSymbol}, and you hold ${formatAmount(ctx.feeBalance, ctx.feeDecimals, 6)} ${ctx.feeSymbol} on ${ctx.sourceName}.`,
      undefined,
      amount,
    );
  }
  return warning ? { to, amount, ready: true, warning } : { to, amount, ready: true };
}
