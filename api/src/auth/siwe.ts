// Verifies a signed EIP-4361 message against this server: parse, EIP-55 address, domain, URI origin,
// chain, issued-at and validity window, nonce (issued for this purpose, unexpired, unused) and
// signature, each failure with its own code. The caller consumes the nonce (consumeNonce) in the
// transaction that acts on the sign-in.
import type { FastifyInstance } from "fastify";
import { getAddress, type Hex, isAddress } from "viem";
import { parseSiweMessage } from "viem/siwe";
import { badRequest, unauthorized } from "../errors.ts";
import { checkNonce, nonceTtlMs } from "./nonces.ts";
import { type SignerKind, verifySignature } from "./signature.ts";

/** How far the signer's clock may run ahead of ours (Issued At in the future). */
export const clockSkewMs = 5 * 60_000;
/** The oldest Issued At accepted: a message cannot outlive its nonce (plus the skew). */
export const maxMessageAgeMs = nonceTtlMs + clockSkewMs;

function originOf(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * The URI is where the signer was asked to sign: an http(s) URL whose host is the SIWE domain
 * itself, or whose origin is one of the web app's origins (API_CORS_ORIGINS). A message naming
 * any other origin was prepared by someone else's page.
 */
export function uriAllowed(uri: string, domain: string, origins: readonly string[]): boolean {
  const url = originOf(uri);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return false;
  if (url.host === domain.toLowerCase()) return true;
  return origins.some((origin) => originOf(origin)?.origin === url.origin);
}

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
  // EIP-4361 requires the EIP-55 checksummed form (it catches a mistyped address).
  if (address !== getAddress(address)) {
    throw badRequest(
      "auth.address_not_checksummed",
      "The message's address must be EIP-55 checksummed",
      { details: { expected: getAddress(address) } },
    );
  }
  if (domain !== app.config.siweDomain) {
    throw unauthorized("auth.domain_mismatch", `Message must be for ${app.config.siweDomain}`, {
      details: { expected: app.config.siweDomain, got: domain },
    });
  }
  if (!uriAllowed(uri, app.config.siweDomain, app.config.corsOrigins)) {
    throw unauthorized(
      "auth.uri_mismatch",
      `The message's URI must be on ${app.config.siweDomain} or one of the web app's origins`,
      { details: { domain: app.config.siweDomain, origins: app.config.corsOrigins } },
    );
  }
  if (!app.config.chainIds.includes(chainId)) {
    throw unauthorized("auth.chain_unsupported", `Chain ${chainId} is not accepted`, {
      details: { chainIds: app.config.chainIds },
    });
  }
  const now = app.clock.now();
  if (issuedAt.getTime() > now.getTime() + clockSkewMs) {
    throw unauthorized(
      "auth.issued_at_future",
      "Issued At is in the future; check the device's clock and sign again",
      { details: { maxSkewS: clockSkewMs / 1000 } },
    );
  }
  if (issuedAt.getTime() < now.getTime() - maxMessageAgeMs) {
    throw unauthorized("auth.issued_at_stale", "Issued At is too long ago; sign a new message", {
      details: { maxAgeS: maxMessageAgeMs / 1000 },
    });
  }
  if (parsed.expirationTime && parsed.expirationTime.getTime() <= now.getTime()) {
    throw unauthorized("auth.message_expired", "Message expired; sign a new one");
  }
  if (parsed.notBefore && parsed.notBefore.getTime() > now.getTime()) {
    throw unauthorized("auth.message_not_yet_valid", "Message is not valid yet (Not Before)");
  }
  if (expectedAddress && address !== expectedAddress) {
    throw unauthorized("auth.address_mismatch", "Message must be signed by the session's address");
  }
  await checkNonce(app.db, nonce, purpose, now);
  const signer = await verifySignature(app, address, input.message, input.signature);
  return { address, chainId, nonce, signer };
}
