// The header's network picker, shown once Fluxion runs on more than one chain: the wallet's chain, and
// a switch to any other chain Fluxion is deployed on (the wallet asks; a refusal is said in words).
// Every page follows the wallet's chain (useAppChainId).
import { useId, useState } from "react";
import { useConnection, useSwitchChain } from "wagmi";
import { appChains } from "../lib/chains.ts";
import { deployedChainIds } from "../lib/deployment.ts";
import { walletErrorMessage } from "../tx/walletError.ts";

export function ChainSwitcher() {
  const id = useId();
  const connection = useConnection();
  const { switchChainAsync, isPending } = useSwitchChain();
  const [error, setError] = useState<string>();
  const current = connection.chainId;
  if (!connection.address || current === undefined) return null;
  const known = deployedChainIds.includes(current);
  return (
    <span className="chain-switcher">
      <label htmlFor={id} className="visually-hidden">
        Network
      </label>
      <select
        id={id}
        value={known ? String(current) : ""}
        disabled={isPending}
        data-testid="chain-switcher"
        onChange={async (event) => {
          const target = Number(event.target.value);
          if (!Number.isInteger(target) || target === current) return;
          setError(undefined);
          try {
            await switchChainAsync({ chainId: target });
          } catch (e) {
            setError(walletErrorMessage(e));
          }
        }}
      >
        {known ? null : (
          <option value="" disabled>
            Chain {current} (not Fluxion's)
          </option>
        )}
        {appChains.map((chain) => (
          <option key={chain.id} value={chain.id}>
            {chain.name}
          </option>
        ))}
      </select>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
