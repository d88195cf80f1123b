// The wallet the browser tests put in the page: an EIP-1193 provider announced by EIP-6963, so the
// production bundle finds it through wagmi's injected connectors exactly as it finds MetaMask. Its
// requests are answered here, in Node, by a viem account with a real private key (every test gets a
// fresh one, funded on the dev chain): signatures and transactions are real, only the prompt is not.
// It serves every chain it is given a node for (both dev chains), and switches between them.
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
} from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

export type TestWallet = {
  account: PrivateKeyAccount;
  /** The chain the wallet says it is on (a test may start it on the wrong one). */
  chainId: number;
  /** Every request the page made, for assertions ("no transaction was sent"). */
  requests: { method: string; params: unknown }[];
  /** When set, the next signature or transaction request is refused as a user would (4001). */
  rejectNext: boolean;
  /** Whether the page was given the account (eth_requestAccounts), as a real wallet remembers. */
  authorized: boolean;
};

export function createTestWallet(options: { key?: Hex; chainId?: number } = {}): TestWallet {
  return {
    account: privateKeyToAccount(options.key ?? generatePrivateKey()),
    chainId: options.chainId ?? hardhat.id,
    requests: [],
    rejectNext: false,
    authorized: false,
  };
}

type WalletError = { code: number; message: string; data?: unknown };

/** The chain `chainId` served by the node at `rpcUrl`. */
export function devChain(chainId: number, rpcUrl: string): Chain {
  if (chainId === hardhat.id) return { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  return defineChain({
    id: chainId,
    name: `Dev chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * Answers one EIP-1193 request for the page; returns `{ result }` or `{ error }`. `rpc` is the node
 * of each chain the wallet serves (a string: chain 31337's alone).
 */
export async function answer(
  wallet: TestWallet,
  rpc: string | Record<number, string>,
  method: string,
  params: unknown[],
  onChainChanged: (chainId: number) => Promise<void>,
): Promise<{ result?: unknown; error?: WalletError }> {
  wallet.requests.push({ method, params });
  const nodes: Record<number, string> = typeof rpc === "string" ? { [hardhat.id]: rpc } : rpc;
  const rpcUrl = nodes[wallet.chainId];
  const chain = rpcUrl === undefined ? undefined : devChain(wallet.chainId, rpcUrl);
  const signing = ["personal_sign", "eth_signTypedData_v4", "eth_sendTransaction"].includes(method);
  if (signing && wallet.rejectNext) {
    wallet.rejectNext = false;
    return { error: { code: 4001, message: "User rejected the request." } };
  }
  try {
    switch (method) {
      case "eth_requestAccounts":
        wallet.authorized = true;
        return { result: [wallet.account.address] };
      case "eth_accounts":
        // A site the user has not connected sees no account, as with any real wallet.
        return { result: wallet.authorized ? [wallet.account.address] : [] };
      case "eth_chainId":
        return { result: numberToHex(wallet.chainId) };
      case "net_version":
        return { result: String(wallet.chainId) };
      case "wallet_requestPermissions":
        wallet.authorized = true;
        return { result: [{ parentCapability: "eth_accounts" }] };
      case "wallet_getPermissions":
        return { result: wallet.authorized ? [{ parentCapability: "eth_accounts" }] : [] };
      case "wallet_revokePermissions":
        wallet.authorized = false;
        return { result: null };
      case "wallet_switchEthereumChain": {
        const target = Number(hexToBigInt((params[0] as { chainId: Hex }).chainId));
        if (nodes[target] === undefined) {
          return { error: { code: 4902, message: `Unrecognized chain ${target}` } };
        }
        wallet.chainId = target;
        await onChainChanged(target);
        return { result: null };
      }
      case "personal_sign":
        return { result: await wallet.account.signMessage({ message: { raw: params[0] as Hex } }) };
      case "eth_signTypedData_v4": {
        const typed = JSON.parse(params[1] as string);
        const { EIP712Domain: _, ...types } = typed.types;
        return { result: await wallet.account.signTypedData({ ...typed, types }) };
      }
      case "eth_sendTransaction": {
        if (!chain || !rpcUrl) {
          return { error: { code: 4100, message: "The wallet is on another chain" } };
        }
        const tx = params[0] as Record<string, Hex | undefined>;
        const client = createWalletClient({
          account: wallet.account,
          chain,
          transport: http(rpcUrl),
        });
        const big = (v: Hex | undefined) => (v === undefined ? undefined : hexToBigInt(v));
        const hash = await client.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: big(tx.value),
          gas: big(tx.gas),
        });
        return { result: hash };
      }
      default: {
        if (!chain || !rpcUrl) {
          return {
            error: {
              code: 4100,
              message: `The test wallet serves only chains ${Object.keys(nodes).join(", ")}`,
            },
          };
        }
        const client = createPublicClient({ chain, transport: http(rpcUrl) });
        return { result: await client.request({ method, params } as never) };
      }
    }
  } catch (error) {
    const e = error as {
      code?: number;
      message?: string;
      data?: unknown;
      cause?: { data?: unknown };
    };
    return {
      error: {
        code: typeof e.code === "number" ? e.code : -32603,
        message: e.message ?? String(error),
        data: e.data ?? e.cause?.data,
      },
    };
  }
}

/**
 * The page side, sent as source text (Playwright's addInitScript): a provider that hands every request
 * to the exposed `__fluxionWallet` binding, emits chainChanged/accountsChanged when Node says so, and
 * announces itself per EIP-6963.
 */
export function injectedProviderSource(): string {
  return `(() => {
    const listeners = {};
    const emit = (event, value) => (listeners[event] || []).forEach((fn) => fn(value));
    const provider = {
      isFluxionTestWallet: true,
      async request({ method, params }) {
        const reply = await window.__fluxionWallet(JSON.stringify({ method, params: params || [] }));
        const { result, error } = JSON.parse(reply);
        if (error) throw Object.assign(new Error(error.message), { code: error.code, data: error.data });
        return result;
      },
      on(event, fn) { (listeners[event] = listeners[event] || []).push(fn); return provider; },
      removeListener(event, fn) {
        listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
        return provider;
      },
    };
    window.__fluxionWalletEmit = emit;
    const info = Object.freeze({
      uuid: "7f7c3c1e-3a8b-4c55-9a3e-f1d0f1e0aa01",
      name: "Test Wallet",
      icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'%3E%3Crect width='8' height='8' fill='%2393c5fd'/%3E%3C/svg%3E",
      rdns: "dev.fluxion.testwallet",
    });
    const announce = () =>
      window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  })();`;
}
