// Who signed a SIWE message: an EOA (ecrecover), or a contract wallet that approves it through
// ERC-1271 isValidSignature (ERC-6492 for wallets not deployed yet), checked over JSON-RPC.
// EOA signatures must be canonical (low s, as EIP-2 requires of transactions): ecrecover also
// accepts (r, n - s) with the recovery bit flipped, a second valid-looking signature for the
// same message that anyone can derive. Contract wallets decide for themselves.
import type { FastifyInstance } from "fastify";
import {
  type Hex,
  hexToBigInt,
  isAddressEqual,
  isErc6492Signature,
  recoverMessageAddress,
  size,
  slice,
} from "viem";
import { unauthorized, unavailable } from "../errors.ts";

export type SignerKind = "eoa" | "contract";

/** Half the order of secp256k1: a canonical signature's s is at most this. */
const secp256k1HalfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** True for a 65-byte (r, s, v) signature whose s lies in the upper half of the curve order. */
export function isHighS(signature: Hex): boolean {
  return size(signature) === 65 && hexToBigInt(slice(signature, 32, 64)) > secp256k1HalfN;
}

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

/**
 * Resolves the signer kind, or throws auth.signature_non_canonical / auth.signature_invalid /
 * auth.verifier_unavailable.
 */
export async function verifySignature(
  app: FastifyInstance,
  address: `0x${string}`,
  message: string,
  signature: Hex,
): Promise<SignerKind> {
  if (await recovers(address, message, signature)) {
    if (isHighS(signature)) {
      throw unauthorized(
        "auth.signature_non_canonical",
        "Signature is not canonical (s > secp256k1n/2); sign again with a standard wallet",
      );
    }
    return "eoa";
  }
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
