// Plain words for a wallet or API failure in the page frame (connect, switch network, sign in),
// without the contracts' error tables, which load with the pages that send transactions.
import { BaseError, UserRejectedRequestError } from "viem";

export function walletErrorMessage(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return "You declined the request in your wallet.";
    }
    return error.shortMessage;
  }
  if ((error as { code?: unknown })?.code === 4001)
    return "You declined the request in your wallet.";
  return error instanceof Error ? error.message : String(error);
}
