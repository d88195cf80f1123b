// TypeBox schemas of the /v1/auth routes: the nonce handed out for a SIWE message, and the
// signed message coming back.
import { Type } from "typebox";

export const NonceResponse = Type.Object({
  nonce: Type.String(),
  issuedAt: Type.String({ format: "date-time" }),
  expirationTime: Type.String({ format: "date-time", description: "When the nonce expires" }),
  domain: Type.String({ description: "The domain the SIWE message must name" }),
  chainIds: Type.Array(Type.Integer(), { description: "Chain ids the message may name" }),
});

export const SignedMessage = {
  message: Type.String({ minLength: 1, maxLength: 4096, description: "EIP-4361 message" }),
  signature: Type.String({ pattern: "^0x[0-9a-fA-F]*$", minLength: 4, maxLength: 20_000 }),
};

export const SignedMessageBody = Type.Object(SignedMessage, { additionalProperties: false });

/** The nonce response for a freshly issued nonce. */
export function nonceResponse(
  issued: { nonce: string; issuedAt: Date; expiresAt: Date },
  config: { siweDomain: string; chainIds: number[] },
) {
  return {
    nonce: issued.nonce,
    issuedAt: issued.issuedAt.toISOString(),
    expirationTime: issued.expiresAt.toISOString(),
    domain: config.siweDomain,
    chainIds: config.chainIds,
  };
}
