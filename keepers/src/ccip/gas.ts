// Gas estimates for the relay's transactions that Hardhat's nodes refuse. A message whose receiver runs out of
// its own gas limit still makes a valid `execute` (the router records FAILURE), but Hardhat's default
// `gasEstimationMode` ('noInternalOutOfGas') answers eth_estimateGas with an error for any call whose internal
// call runs out of gas. Real nodes estimate the gas the top-level call needs to succeed; so does this, when
// (and only when) the node refuses that way: a bisection over eth_call at the gas tried. The signer adds its
// headroom on top, as for any estimate.
import { BaseError, type EstimateGasParameters, type PublicClient } from "viem";

/** Hardhat's refusal (HardhatError in provider-errors: "an internal call runs out of gas regardless..."). */
const internalOutOfGas = /internal call runs out of gas/i;

function refusedForInternalOutOfGas(error: unknown): boolean {
  if (error instanceof BaseError) {
    return Boolean(error.walk((e) => internalOutOfGas.test(String((e as Error).message))));
  }
  return internalOutOfGas.test(String((error as Error)?.message));
}

/** The most gas one transaction may use (EIP-7825), below the block's gas limit on recent forks. */
export const maxTransactionGas = 2n ** 24n;

/**
 * The least gas (within 1%, at least 1,000) at which `args` does not revert, between 21,000 and the most a
 * transaction may use; throws `refusal` if it reverts even with that.
 */
export async function topLevelGasEstimate(
  client: PublicClient,
  args: EstimateGasParameters,
  refusal: unknown,
): Promise<bigint> {
  const block = await client.getBlock({ blockTag: "latest" });
  const cap = block.gasLimit < maxTransactionGas ? block.gasLimit : maxTransactionGas;
  const succeeds = (gas: bigint) =>
    client.call({ ...(args as Parameters<PublicClient["call"]>[0]), gas }).then(
      () => true,
      () => false,
    );
  if (!(await succeeds(cap))) throw refusal;
  let low = 21_000n;
  let high = cap;
  while (high - low > (low / 100n > 1_000n ? low / 100n : 1_000n)) {
    const middle = (low + high) / 2n;
    if (await succeeds(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** `client` whose estimateGas falls back to `topLevelGasEstimate` when the node refuses as Hardhat does. */
export function withTopLevelGasEstimate(client: PublicClient): PublicClient {
  const estimateGas = async (args: EstimateGasParameters) => {
    try {
      return await client.estimateGas(args);
    } catch (error) {
      if (!refusedForInternalOutOfGas(error)) throw error;
      return topLevelGasEstimate(client, args, error);
    }
  };
  return { ...client, estimateGas } as PublicClient;
}
