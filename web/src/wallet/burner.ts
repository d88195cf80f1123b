// The dev burner wallet: a private key kept in this browser's localStorage, offered on local chains
// only, so a person without a wallet extension can try Fluxion. Its provider (burnerProvider.ts) is a
// real EIP-1193 provider that signs locally with viem and forwards everything else to the chain; wagmi
// uses it like any wallet. It holds nothing but dev-chain funds (Debug page faucets). One key serves
// every local chain: switching moves it between them (a cross-chain transfer's two ends).
import { SwitchChainError } from "viem";
import { createConnector } from "wagmi";
import { appChains } from "../lib/chains.ts";
import { isLocalChain } from "../lib/deployment.ts";

/** Set while the burner is the connected wallet (wagmi reconnects it after a reload). */
const connectedKey = "fluxion.burner.connected";
/** The local chain the burner was last on (a reload keeps it there). */
const chainKey = "fluxion.burner.chain";

function initialChain(): number {
  const stored = Number(
    typeof localStorage === "undefined" ? Number.NaN : localStorage.getItem(chainKey),
  );
  if (isLocalChain(stored) && appChains.some((c) => c.id === stored)) return stored;
  return appChains.find((c) => isLocalChain(c.id))?.id ?? appChains[0].id;
}
const load = () => import("./burnerProvider.ts");

/** The wagmi connector for the burner: only ever on a local chain. */
export function burner() {
  type Provider = ReturnType<typeof import("./burnerProvider.ts").burnerProvider>;
  let provider: Provider | undefined;
  let chainId = initialChain();
  return createConnector<Provider>((config) => {
    /** Moves the burner to another local chain the app knows, and tells wagmi. */
    const switchTo = (next: number) => {
      const chain = appChains.find((c) => c.id === next);
      if (!chain || !isLocalChain(next)) {
        throw new SwitchChainError(
          new Error(`The dev wallet only knows local chains, not ${next}`),
        );
      }
      localStorage.setItem(chainKey, String(next));
      if (next !== chainId) {
        chainId = next;
        config.emitter.emit("change", { chainId: next });
      }
      return chain;
    };
    return {
      id: "fluxionBurner",
      name: "Dev burner wallet",
      type: "burner",
      async setup() {},
      async connect<withCapabilities extends boolean = false>(parameters?: {
        chainId?: number;
        withCapabilities?: withCapabilities;
      }) {
        if (parameters?.chainId && isLocalChain(parameters.chainId)) chainId = parameters.chainId;
        const accounts = await this.getAccounts();
        localStorage.setItem(connectedKey, "1");
        config.emitter.emit("change", { accounts, chainId });
        return {
          accounts: (parameters?.withCapabilities
            ? accounts.map((address) => ({ address, capabilities: {} }))
            : accounts) as never,
          chainId,
        };
      },
      async disconnect() {
        localStorage.removeItem(connectedKey);
      },
      async getAccounts() {
        return [(await load()).burnerAddress()];
      },
      async getChainId() {
        return chainId;
      },
      async getProvider() {
        const { burnerKey, burnerProvider } = await load();
        provider ??= burnerProvider(burnerKey(), () => chainId, switchTo);
        return provider;
      },
      async switchChain({ chainId: next }: { chainId: number }) {
        return switchTo(next);
      },
      async isAuthorized() {
        return localStorage.getItem(connectedKey) === "1";
      },
      onAccountsChanged() {},
      onChainChanged() {},
      onDisconnect() {
        config.emitter.emit("disconnect");
      },
    };
  });
}
