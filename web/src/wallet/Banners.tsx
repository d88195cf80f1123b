// Page-wide notices: the wallet is on a network Fluxion is not deployed on (offer the switch), the
// session needs a fresh signature (risk ≥ 0.6), is blocked, or has expired.
import { useState } from "react";
import { useConfig, useConnection, useSwitchChain } from "wagmi";
import { passChallenge, signIn } from "../auth/signIn.ts";
import { useSession } from "../auth/useSession.ts";
import { chainName } from "../lib/chains.ts";
import { deployedChainIds } from "../lib/deployment.ts";
import { walletErrorMessage } from "../tx/walletError.ts";

export function NetworkBanner() {
  const connection = useConnection();
  const { switchChainAsync, isPending } = useSwitchChain();
  const [error, setError] = useState<string>();
  if (!connection.address || connection.chainId === undefined) return null;
  if (deployedChainIds.includes(connection.chainId)) return null;
  if (deployedChainIds.length === 0) return null;
  return (
    <div className="banner warn" role="alert" data-testid="wrong-network">
      Your wallet is on chain {connection.chainId}, where Fluxion is not deployed.{" "}
      {deployedChainIds.map((target) => (
        <button
          key={target}
          type="button"
          className="button"
          disabled={isPending}
          onClick={async () => {
            setError(undefined);
            try {
              await switchChainAsync({ chainId: target });
            } catch (e) {
              setError(walletErrorMessage(e));
            }
          }}
        >
          Switch to {chainName(target)}
        </button>
      ))}
      {error ? <span className="error"> {error}</span> : null}
    </div>
  );
}

export function SessionBanner() {
  const config = useConfig();
  const connection = useConnection();
  const session = useSession();
  const [error, setError] = useState<string>();
  const address = connection.address;
  if (!address) return null;
  const chainId = connection.chainId ?? deployedChainIds[0] ?? 31337;
  const act = (action: () => Promise<void>) => async () => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(walletErrorMessage(e));
    }
  };
  if (session.status === "challenge") {
    return (
      <div className="banner warn" role="alert" data-testid="session-challenge">
        This session looks unusual, so Fluxion asks for a fresh signature before sensitive actions.{" "}
        <button
          type="button"
          className="button"
          onClick={act(() => passChallenge(config, address, chainId))}
        >
          Sign to confirm
        </button>
        {error ? <span className="error"> {error}</span> : null}
      </div>
    );
  }
  if (session.status === "blocked") {
    return (
      <div className="banner danger" role="alert" data-testid="session-blocked">
        This session was blocked by Fluxion's risk checks. Sign out and contact support if you think
        this is a mistake.
      </div>
    );
  }
  if (session.status === "expired") {
    return (
      <div className="banner" role="alert" data-testid="session-expired">
        Your session has expired.{" "}
        <button
          type="button"
          className="button"
          onClick={act(() => signIn(config, address, chainId))}
        >
          Sign in again
        </button>
        {error ? <span className="error"> {error}</span> : null}
      </div>
    );
  }
  return null;
}
