// The API from a terminal script (npm run swap, npm run webhooks): JSON calls that turn an error answer
// into one readable line, and Sign-In with Ethereum with a local key, as the web app does it.
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";

export function apiClient(apiUrl: string, fail: (message: string) => Error) {
  async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: Error) => {
      throw fail(`the API at ${apiUrl} did not answer (${error.message}); is npm run dev up?`);
    });
    const payload = (await response.json().catch(() => ({}))) as T & {
      error?: { code: string; message: string };
    };
    if (!response.ok) {
      const error = payload.error;
      throw fail(`${method} ${path}: ${response.status} ${error?.code}: ${error?.message}`);
    }
    return payload;
  }

  /** Signs in as `account`; returns the session token. */
  async function signIn(account: LocalAccount): Promise<string> {
    const nonce = await call<{
      nonce: string;
      issuedAt: string;
      expirationTime: string;
      domain: string;
      chainIds: number[];
    }>("POST", "/v1/auth/nonce");
    const message = createSiweMessage({
      domain: nonce.domain,
      address: account.address,
      statement: "Sign in to Fluxion",
      uri: `http://${nonce.domain}`,
      version: "1",
      chainId: nonce.chainIds[0]!,
      nonce: nonce.nonce,
      issuedAt: new Date(nonce.issuedAt),
      expirationTime: new Date(nonce.expirationTime),
    });
    const signature = await account.signMessage({ message });
    const { token } = await call<{ token: string }>("POST", "/v1/auth/verify", undefined, {
      message,
      signature,
    });
    return token;
  }

  return { call, signIn };
}
