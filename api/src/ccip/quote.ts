// GET /v1/ccip/quote: what a synth transfer from one chain to another costs now (the source gateway's
// `quoteTransfer`, the router's fee in native or the fee token) and whether the lane's token buckets
// let it through now (the source's outbound bucket, the destination's inbound one). Input the chains
// would refuse is refused first with its own code; a revert is mapped to one.
import { type Address, maxUint256, zeroAddress } from "viem";
import { ApiError, badRequest, conflict } from "../errors.ts";
import { type CcipReads, CcipRevert, type TokenBucket } from "./chainReads.ts";
import type { CcipChain, CcipDirectory, CcipSynth } from "./directory.ts";
import { type BucketView, bucketView } from "./lanes.ts";

export type QuoteInput = {
  from: number;
  to: number;
  synth: string;
  amount: string;
  feeToken: string;
  recipient: Address;
};

export type QuoteView = {
  from: { chainId: number; chainSelector: string };
  to: { chainId: number; chainSelector: string };
  synth: { assetId: string; symbol: string; decimals: number; source: string; dest: string };
  amount: string;
  recipient: string;
  feeToken: { kind: "native" | "token"; address: Address; symbol: string; decimals: number };
  fee: string;
  gasLimit: number;
  rateLimits: {
    outbound: BucketView;
    inbound: BucketView | null;
    /** Both buckets hold the amount now. */
    ready: boolean;
    /** Seconds until they would at their refill rates (0 when ready). */
    waitSeconds: number;
  };
};

const native = { kind: "native" as const, address: zeroAddress, symbol: "ETH", decimals: 18 };

/** Seconds until `bucket` holds `amount` (0: now; enabled buckets only). */
function waitFor(bucket: TokenBucket | null, amount: bigint): number {
  if (!bucket?.isEnabled || bucket.tokens >= amount) return 0;
  if (bucket.rate === 0n) return Number.MAX_SAFE_INTEGER;
  const seconds = (amount - bucket.tokens + bucket.rate - 1n) / bucket.rate;
  return seconds > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(seconds);
}

function chainOf(directory: CcipDirectory, chainId: number, which: "from" | "to"): CcipChain {
  const chain = directory.byChainId(chainId);
  if (!chain) {
    throw badRequest(
      "ccip.unknown_chain",
      `No Fluxion CCIP gateway on chain ${chainId} (${which}); known: ${
        directory.chains.map((c) => c.chainId).join(", ") || "none"
      }`,
      { details: { chainId } },
    );
  }
  return chain;
}

function synthsOf(
  directory: CcipDirectory,
  source: CcipChain,
  dest: CcipChain,
  reference: string,
): { source: CcipSynth; dest: CcipSynth } {
  const sent = directory.synthOf(source, reference);
  if (!sent) {
    throw badRequest(
      "ccip.unknown_synth",
      `No synth "${reference}" on chain ${source.chainId}; known: ${source.synths
        .map((s) => s.assetId)
        .join(", ")}`,
    );
  }
  const received = directory.synthOf(dest, sent.assetId);
  if (!received) {
    throw badRequest(
      "ccip.unknown_synth",
      `Chain ${dest.chainId} has no ${sent.assetId} to receive`,
    );
  }
  return { source: sent, dest: received };
}

function feeTokenOf(chain: CcipChain, reference: string): QuoteView["feeToken"] {
  const wanted = reference.toLowerCase();
  if (wanted === "native") return native;
  const token = chain.feeToken;
  if (wanted === token.symbol.toLowerCase() || wanted === token.address.toLowerCase()) {
    return { kind: "token", ...token };
  }
  throw badRequest(
    "ccip.unknown_fee_token",
    `Pay the fee in native or ${token.symbol} on chain ${chain.chainId}`,
  );
}

/** The quote's revert as the API's error. */
function mapRevert(revert: CcipRevert): ApiError {
  const name = revert.errorName;
  switch (name) {
    case "ChainNotAllowed":
    case "UnsupportedDestinationChain":
      return conflict("ccip.lane_disabled", "The lane between these chains is disabled");
    case "UnknownSynth":
      return badRequest("ccip.unknown_synth", "The gateway does not carry this synth");
    case "ZeroAmount":
      return badRequest("ccip.invalid_amount", "The amount must be above zero");
    case "ZeroAddress":
      return badRequest("ccip.invalid_recipient", "The recipient must not be the zero address");
    case "UnsupportedFeeToken":
      return badRequest("ccip.unknown_fee_token", "The router does not take this fee token");
    case "EnforcedPause":
      return conflict("ccip.paused", "The gateway is paused");
    default:
      return conflict("ccip.quote_reverted", `The gateway's quote ${revert.message}`, {
        details: { error: name },
      });
  }
}

export async function quoteTransfer(
  directory: CcipDirectory,
  reads: CcipReads,
  input: QuoteInput,
): Promise<QuoteView> {
  const source = chainOf(directory, input.from, "from");
  const dest = chainOf(directory, input.to, "to");
  if (source.chainId === dest.chainId) {
    throw badRequest("ccip.same_chain", "from and to must be different chains");
  }
  const peer = source.peers.find((p) => p.chainSelector === dest.chainSelector);
  if (!peer?.connected) {
    throw conflict(
      "ccip.lane_not_connected",
      `Chain ${source.chainId}'s gateway has no lane to chain ${dest.chainId}`,
    );
  }
  const synth = synthsOf(directory, source, dest, input.synth);
  const amount = BigInt(input.amount);
  if (amount === 0n || amount > maxUint256) {
    throw badRequest("ccip.invalid_amount", "The amount must be in 1..2^256-1 base units", {
      details: { amount: input.amount },
    });
  }
  const feeToken = feeTokenOf(source, input.feeToken);
  const [lane, outbound, inbound, fee] = await Promise.all([
    reads.gatewayLane(source, dest),
    reads.buckets(source, dest, synth.source.address).then((buckets) => buckets.outbound),
    // The destination's bucket is advice: a destination this API cannot read does not stop a quote.
    reads
      .buckets(dest, source, synth.dest.address)
      .then((buckets) => buckets.inbound)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.statusCode === 503) return null;
        throw error;
      }),
    reads.quoteTransfer(source, dest, {
      synth: synth.source.address,
      to: input.recipient,
      amount,
      feeToken: feeToken.address,
    }),
  ]).catch((error: unknown) => {
    throw error instanceof CcipRevert ? mapRevert(error) : error;
  });
  if (!lane.enabled) {
    throw conflict("ccip.lane_disabled", "The lane between these chains is disabled");
  }
  // Chainlink's RateLimiter refuses a transfer above a bucket's capacity even when it is full.
  for (const [which, bucket] of [
    ["outbound", outbound],
    ["inbound", inbound],
  ] as const) {
    if (bucket?.isEnabled && amount > bucket.capacity) {
      throw badRequest(
        "ccip.amount_above_capacity",
        `The amount is above the lane's ${which} capacity for ${synth.source.assetId} (${bucket.capacity} base units)`,
        { details: { bucket: which, capacity: bucket.capacity.toString() } },
      );
    }
  }
  const waitSeconds = Math.max(waitFor(outbound, amount), waitFor(inbound, amount));
  return {
    from: { chainId: source.chainId, chainSelector: source.chainSelector.toString() },
    to: { chainId: dest.chainId, chainSelector: dest.chainSelector.toString() },
    synth: {
      assetId: synth.source.assetId,
      symbol: synth.source.symbol,
      decimals: synth.source.decimals,
      source: synth.source.address,
      dest: synth.dest.address,
    },
    amount: amount.toString(),
    recipient: input.recipient,
    feeToken,
    fee: fee.toString(),
    gasLimit: lane.transferGasLimit,
    rateLimits: {
      outbound: bucketView(outbound),
      inbound: inbound === null ? null : bucketView(inbound),
      ready: waitSeconds === 0,
      waitSeconds,
    },
  };
}
