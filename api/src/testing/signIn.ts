// Test helper: a real Sign-In with Ethereum round trip through app.inject (nonce → SIWE message
// signed by a viem account → verify). Throws with the API's error body when sign-in fails.
import type { FastifyInstance } from "fastify";
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";

export type SignInOptions = {
  deviceFingerprint?: string;
  signals?: Record<string, number>;
  /** Defaults to the first accepted chain id. */
  chainId?: number;
};

export type SignedIn = {
  token: string;
  sessionId: string;
  headers: { authorization: string };
};

/** A SIWE message for a nonce from POST /v1/auth/nonce (or /v1/auth/challenge). */
export async function siweMessageFor(
  app: FastifyInstance,
  address: `0x${string}`,
  url: "/v1/auth/nonce" | "/v1/auth/challenge" = "/v1/auth/nonce",
  options: { chainId?: number; headers?: Record<string, string> } = {},
): Promise<string> {
  const response = await app.inject({ method: "POST", url, headers: options.headers });
  if (response.statusCode !== 200) {
    throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  }
  const nonce = response.json() as {
    nonce: string;
    issuedAt: string;
    expirationTime: string;
    domain: string;
    chainIds: number[];
  };
  return createSiweMessage({
    domain: nonce.domain,
    address,
    statement: "Sign in to Fluxion",
    uri: `http://${nonce.domain}`,
    version: "1",
    chainId: options.chainId ?? nonce.chainIds[0]!,
    nonce: nonce.nonce,
    issuedAt: new Date(nonce.issuedAt),
    expirationTime: new Date(nonce.expirationTime),
  });
}

export async function signIn(
  app: FastifyInstance,
  account: LocalAccount,
  options: SignInOptions = {},
): Promise<SignedIn> {
  const message = await siweMessageFor(app, account.address, "/v1/auth/nonce", options);
  const signature = await account.signMessage({ message });
  const response = await app.inject({
    method: "POST",
    url: "/v1/auth/verify",
    payload: {
      message,
      signature,
      ...(options.deviceFingerprint ? { deviceFingerprint: options.deviceFingerprint } : {}),
      ...(options.signals ? { signals: options.signals } : {}),
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
  }
  const { token, session } = response.json() as { token: string; session: { id: string } };
  return { token, sessionId: session.id, headers: { authorization: `Bearer ${token}` } };
}
