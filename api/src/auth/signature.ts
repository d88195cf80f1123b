// Who signed a SIWE message: an EOA (ecrecover), or a contract wallet that approves it through
// ERC-1271 isValidSignature (ERC-6492 for wallets not deployed yet), checked over JSON-RPC.
import type { FastifyInstance } from "fastify";
import { type Hex, isAddressEqual, isErc6492Signature, recoverMessageAddress } from "viem";
import { unauthorized, unavailable } from "../errors.ts";

export type SignerKind = "eoa" | "contract";

async function recovers(address: `0x${string}`, message: string, signature: Hex) {
  try {
    return isAddressEqual(await recoverMessageAddress({ message, signature }), address);
  } catch {
    // Not a 65-byte ECDSA signature; may still be a contract wallet's.
    return false;
  }
}

function verifierUnavailable(cause: unknown) {
  return unavailable(
    "auth.verifier_unavailable",
    "Cannot reach the chain to verify a contract-wallet signature; retry later",
    { cause },
  );
}

/** Resolves the signer kind, or throws auth.signature_invalid / auth.verifier_unavailable. */
export async function verifySignature(
  app: FastifyInstance,
  address: `0x${string}`,
  message: string,
  signature: Hex,
): Promise<SignerKind> {
  if (await recovers(address, message, signature)) return "eoa";
  let code: Hex | undefined;
  try {
    code = await app.publicClient.getCode({ address });
  } catch (error) {
    throw verifierUnavailable(error);
  }
  const hasCode = code !== undefined && code !== "0x";
  if (hasCode || isErc6492Signature(signature)) {
    let valid: boolean;
    try {
      // viem answers false when the wallet rejects or reverts, and throws on transport failures.
      valid = await app.publicClient.verifyMessage({ address, message, signature });
    } catch (error) {
      throw verifierUnavailable(error);
    }
    if (valid) return "contract";
  }
  throw unauthorized("auth.signature_invalid", "Signature does not match the message's address");
}
