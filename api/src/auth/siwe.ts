// Verifies a signed EIP-4361 message against this server: parse, domain, chain, validity window,
// nonce (issued for this purpose, unexpired, unused) and signature, each failure with its own code.
// The caller consumes the nonce (consumeNonce) in the transaction that acts on the sign-in.
import type { FastifyInstance } from "fastify";
import { getAddress, type Hex, isAddress } from "viem";
import { parseSiweMessage } from "viem/siwe";
import { badRequest, unauthorized } from "../errors.ts";
import { checkNonce } from "./nonces.ts";
import { type SignerKind, verifySignature } from "./signature.ts";

export type VerifiedSiwe = {
  address: `0x${string}`;
  chainId: number;
  nonce: string;
  signer: SignerKind;
};

function validDate(value: Date | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

export async function verifySiwe(
  app: FastifyInstance,
  input: { message: string; signature: Hex },
  purpose: string,
  /** For challenges: the message must be signed by the session's own address. */
  expectedAddress?: `0x${string}`,
): Promise<VerifiedSiwe> {
  const parsed = parseSiweMessage(input.message);
  const { address, domain, chainId, nonce, uri, version, issuedAt } = parsed;
  if (
    !address ||
    !isAddress(address, { strict: false }) ||
    !domain ||
    !chainId ||
    !nonce ||
    !uri ||
    version !== "1" ||
    !validDate(issuedAt) ||
    ("expirationTime" in parsed && !validDate(parsed.expirationTime)) ||
    ("notBefore" in parsed && !validDate(parsed.notBefore))
  ) {
    throw badRequest("auth.message_invalid", "Not a well-formed EIP-4361 (SIWE) message");
  }
  if (domain !== app.config.siweDomain) {
    throw unauthorized("auth.domain_mismatch", `Message must be for ${app.config.siweDomain}`, {
      details: { expected: app.config.siweDomain, got: domain },
    });
  }
  if (!app.config.chainIds.includes(chainId)) {
    throw unauthorized("auth.chain_unsupported", `Chain ${chainId} is not accepted`, {
      details: { chainIds: app.config.chainIds },
    });
  }
  const now = app.clock.now();
  if (parsed.expirationTime && parsed.expirationTime.getTime() <= now.getTime()) {
    throw unauthorized("auth.message_expired", "Message expired; sign a new one");
  }
  if (parsed.notBefore && parsed.notBefore.getTime() > now.getTime()) {
    throw unauthorized("auth.message_not_yet_valid", "Message is not valid yet (Not Before)");
  }
  const checksummed = getAddress(address);
  if (expectedAddress && checksummed !== expectedAddress) {
    throw unauthorized("auth.address_mismatch", "Message must be signed by the session's address");
  }
  await checkNonce(app.db, nonce, purpose, now);
  const signer = await verifySignature(app, checksummed, input.message, input.signature);
  return { address: checksummed, chainId, nonce, signer };
}
