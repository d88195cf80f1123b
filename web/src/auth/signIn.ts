// Sign-In with Ethereum (EIP-4361) against the API, and its step-up challenge: both ask the API for a
// nonce, build the message for this page's origin, have the wallet sign it, and hand it back.

import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import { signMessage } from "wagmi/actions";
import { api, call } from "../api/client.ts";
import type { wagmiConfig } from "../wallet/config.ts";
import { sessionStore } from "./sessionStore.ts";

type Nonce = { nonce: string; domain: string; chainIds: number[] };

async function signedMessage(
  config: typeof wagmiConfig,
  address: Address,
  chainId: number,
  nonce: Nonce,
  statement: string,
) {
  const message = createSiweMessage({
    // The API names the domain it accepts; a page served elsewhere is refused there, with its code.
    domain: nonce.domain,
    address,
    statement,
    uri: location.origin,
    version: "1",
    chainId: nonce.chainIds.includes(chainId) ? chainId : (nonce.chainIds[0] ?? chainId),
    nonce: nonce.nonce,
    issuedAt: new Date(),
  });
  const signature = await signMessage(config, { account: address, message });
  return { message, signature };
}

export async function signIn(config: typeof wagmiConfig, address: Address, chainId: number) {
  const nonce = await call(api.POST("/v1/auth/nonce"));
  const body = await signedMessage(config, address, chainId, nonce, "Sign in to Fluxion.");
  const { token, session } = await call(api.POST("/v1/auth/verify", { body }));
  sessionStore.signedIn(address, token, {
    status: session.status,
    risk: session.risk.ema ?? undefined,
  });
}

/** Passes the step-up challenge of a session whose risk reached 0.6. */
export async function passChallenge(config: typeof wagmiConfig, address: Address, chainId: number) {
  const nonce = await call(api.POST("/v1/auth/challenge"));
  const body = await signedMessage(
    config,
    address,
    chainId,
    nonce,
    "Confirm it is you: Fluxion asks for a fresh signature before sensitive actions.",
  );
  const session = await call(api.POST("/v1/auth/challenge/verify", { body }));
  sessionStore.update({ status: session.status, risk: session.risk.ema ?? undefined });
}

export async function signOut() {
  await call(api.POST("/v1/auth/logout")).catch(() => undefined);
  sessionStore.signOut();
}

/** Asks the API whether the stored token still holds (a reload, a tab left open). */
export async function refreshSession() {
  if (!sessionStore.get().token) return;
  const session = await call(api.GET("/v1/sessions/current")).catch(() => undefined);
  if (session) sessionStore.update({ status: session.status, risk: session.risk.ema ?? undefined });
}
