// A failed call or transaction in plain words: the contract's custom error decoded against every
// Fluxion ABI and put through errorMessages.ts (one sentence for every error the contracts define),
// a wallet rejection, a wrong network, or an unreachable node. Never a raw hex blob.
import { fluxionAbis } from "@fluxion/deploy";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  UserRejectedRequestError,
} from "viem";
import { errorMessages } from "./errorMessages.ts";

export type DecodedError = {
  /** The custom error's name, or a code of ours ("wallet.rejected", "network.unreachable", ...). */
  code: string;
  message: string;
  args?: readonly unknown[];
};

/**
 * Every error ABI item of every Fluxion contract, once per signature: one name may carry different
 * arguments in different contracts (UnknownSynth), and each has its own selector to decode.
 */
export const allErrorAbis = (() => {
  const seen = new Map<string, { type: "error"; name: string; inputs: readonly unknown[] }>();
  for (const abi of Object.values(fluxionAbis)) {
    for (const item of abi as readonly {
      type: string;
      name?: string;
      inputs?: readonly { type: string }[];
    }[]) {
      if (item.type !== "error" || !item.name) continue;
      const signature = `${item.name}(${(item.inputs ?? []).map((i) => i.type).join(",")})`;
      if (!seen.has(signature)) {
        seen.set(signature, item as { type: "error"; name: string; inputs: readonly unknown[] });
      }
    }
  }
  return [...seen.values()];
})();

/** Plain words for a decoded custom error. */
export function describeRevert(name: string, args: readonly unknown[] = []): DecodedError {
  const describe = errorMessages[name as keyof typeof errorMessages];
  const message = describe ? describe(args as never) : `The contract refused: ${name}.`;
  return { code: name, message, args };
}

/** Decodes revert data (a selector and its arguments) against every Fluxion error. */
export function decodeRevertData(data: Hex): DecodedError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: allErrorAbis as never, data });
    if (decoded.errorName === "Error") {
      return { code: "Error", message: String((decoded.args as unknown[])?.[0] ?? "Reverted") };
    }
    return describeRevert(decoded.errorName, (decoded.args ?? []) as readonly unknown[]);
  } catch {
    return undefined;
  }
}

function revertDataOf(error: BaseError): Hex | undefined {
  let data: Hex | undefined;
  error.walk((e) => {
    const candidate = (e as { data?: unknown }).data;
    if (typeof candidate === "string" && /^0x[0-9a-f]{8}/i.test(candidate)) data = candidate as Hex;
    else if (
      candidate &&
      typeof candidate === "object" &&
      typeof (candidate as { data?: unknown }).data === "string"
    ) {
      data = (candidate as { data: Hex }).data;
    }
    return false;
  });
  return data;
}

export function decodeError(error: unknown): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return { code: "wallet.rejected", message: "You declined the request in your wallet." };
    }
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
      | ContractFunctionRevertedError
      | undefined;
    if (reverted?.data?.errorName) {
      if (reverted.data.errorName === "Error") {
        return { code: "Error", message: String(reverted.data.args?.[0] ?? reverted.reason) };
      }
      return describeRevert(reverted.data.errorName, reverted.data.args ?? []);
    }
    const data = revertDataOf(error);
    const decoded = data ? decodeRevertData(data) : undefined;
    if (decoded) return decoded;
    if (
      error.name === "ChainMismatchError" ||
      /does not match the target chain/.test(error.message)
    ) {
      return {
        code: "wallet.wrong_network",
        message: "Your wallet is on another network: switch it first.",
      };
    }
    if (error.name === "HttpRequestError" || /fetch failed|Failed to fetch/.test(error.message)) {
      return {
        code: "network.unreachable",
        message: "The chain's node did not answer. Try again in a moment.",
      };
    }
    if (error.name === "InsufficientFundsError" || /insufficient funds/i.test(error.message)) {
      return {
        code: "wallet.insufficient_funds",
        message: "Your account cannot pay for this transaction's gas and value.",
      };
    }
    return { code: error.name, message: error.shortMessage };
  }
  const code = (error as { code?: unknown })?.code;
  if (code === 4001)
    return { code: "wallet.rejected", message: "You declined the request in your wallet." };
  const message =
    error instanceof Error
      ? error.message
      : typeof (error as { message?: unknown })?.message === "string"
        ? (error as { message: string }).message
        : String(error);
  return { code: typeof code === "string" ? code : "error", message };
}
