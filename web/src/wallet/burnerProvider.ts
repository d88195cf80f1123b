// The dev burner wallet's key and EIP-1193 provider, loaded only when the burner is used (it brings
// viem's local accounts and signing, which the first page does not need).
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type EIP1193RequestFn,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { appChains, rpcUrl } from "../lib/chains.ts";
import { isLocalChain } from "../lib/deployment.ts";

export const storageKey = "fluxion.burner.key";

export function burnerKey(): Hex {
  const stored = localStorage.getItem(storageKey);
  if (stored && /^0x[0-9a-f]{64}$/i.test(stored)) return stored as Hex;
  const key = generatePrivateKey();
  localStorage.setItem(storageKey, key);
  return key;
}

type TxRequest = {
  to?: Address;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
  nonce?: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
};

const big = (value: Hex | undefined) => (value === undefined ? undefined : hexToBigInt(value));

/** The burner's address (creating its key on first use). */
export function burnerAddress(): Address {
  return privateKeyToAccount(burnerKey()).address;
}

/**
 * An EIP-1193 provider signing with `key` on the chain `getChainId` names. `switchTo` moves it to
 * another chain (the connector's, which tells wagmi); without it the provider stays where it is.
 */
export function burnerProvider(
  key: Hex,
  getChainId: () => number,
  switchTo?: (chainId: number) => unknown,
) {
  const account = privateKeyToAccount(key);
  const chainOf = () => appChains.find((c) => c.id === getChainId()) ?? appChains[0];
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    const args = (params ?? []) as unknown[];
    const chain = chainOf();
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return [account.address];
      case "eth_chainId":
        return numberToHex(chain.id);
      case "personal_sign":
        return account.signMessage({ message: { raw: args[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = typeof args[1] === "string" ? JSON.parse(args[1]) : args[1];
        const { EIP712Domain: _, ...types } = typed.types;
        return account.signTypedData({ ...typed, types });
      }
      case "eth_sendTransaction": {
        const tx = args[0] as TxRequest;
        const wallet = createWalletClient({ account, chain, transport: http(rpcUrl(chain.id)) });
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: big(tx.value),
          gas: big(tx.gas),
          nonce: tx.nonce === undefined ? undefined : Number(hexToBigInt(tx.nonce)),
          maxFeePerGas: big(tx.maxFeePerGas),
          maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas),
        });
      }
      case "wallet_switchEthereumChain": {
        const target = Number((args[0] as { chainId?: Hex } | undefined)?.chainId ?? Number.NaN);
        if (switchTo && isLocalChain(target) && appChains.some((c) => c.id === target)) {
          switchTo(target);
          return null;
        }
        throw Object.assign(new Error("The dev wallet only knows local chains"), { code: 4902 });
      }
      case "wallet_addEthereumChain":
        throw Object.assign(new Error("The dev wallet only knows local chains"), { code: 4902 });
      default: {
        const client = createPublicClient({ chain, transport: http(rpcUrl(chain.id)) });
        return client.request({ method, params } as never);
      }
    }
  }) as EIP1193RequestFn;
  return { request, on: () => {}, removeListener: () => {} };
}
