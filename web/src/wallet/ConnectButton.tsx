// Connect (any EIP-6963 wallet the browser announces, a plain injected one, or the dev burner on
// local chains), then sign in with Ethereum. Shows the account, its network and the session's state.
import { useState } from "react";
import { useConfig, useConnect, useConnection, useConnectors, useDisconnect } from "wagmi";
import { passChallenge, signIn, signOut } from "../auth/signIn.ts";
import { useSession } from "../auth/useSession.ts";
import { chainName } from "../lib/chains.ts";
import { deployedChainIds, isLocalChain } from "../lib/deployment.ts";
import { useStreamConnected } from "../stream/useStream.ts";
import { walletErrorMessage } from "../tx/walletError.ts";
import { shortAddress } from "../ui/format.ts";
import { ChainSwitcher } from "./ChainSwitcher.tsx";

/** More than one chain to be on: the header offers a network picker instead of naming the chain. */
const multiChain = deployedChainIds.length > 1;

function useVisibleConnectors() {
  const connectors = useConnectors();
  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  return connectors.filter((c) => {
    if (c.type === "burner") return deployedChainIds.some(isLocalChain);
    // The generic injected connector only when no wallet announced itself (EIP-6963) but one exists.
    if (c.id === "injected")
      return announced.length === 0 && typeof window !== "undefined" && "ethereum" in window;
    return true;
  });
}

export function ConnectButton() {
  const connection = useConnection();
  const connectors = useVisibleConnectors();
  const { connectAsync, isPending } = useConnect();
  const { disconnectAsync } = useDisconnect();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();

  if (!connection.address) {
    return (
      <div className="connect">
        <button
          type="button"
          className="button"
          aria-haspopup="true"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          Connect wallet
        </button>
        {open ? (
          <div className="menu" role="menu" aria-label="Wallets">
            {connectors.length === 0 ? (
              <p className="muted">No wallet found in this browser.</p>
            ) : null}
            {connectors.map((connector) => (
              <button
                key={connector.uid}
                type="button"
                role="menuitem"
                className="menu-item"
                disabled={isPending}
                onClick={async () => {
                  setError(undefined);
                  try {
                    await connectAsync({ connector });
                    setOpen(false);
                  } catch (e) {
                    setError(walletErrorMessage(e));
                  }
                }}
              >
                {connector.icon ? <img src={connector.icon} alt="" width={20} height={20} /> : null}
                {connector.name}
              </button>
            ))}
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <div className="connect">
      <span className="account" title={connection.address}>
        {shortAddress(connection.address)}
        {multiChain ? null : <span className="muted"> · {chainName(connection.chainId)}</span>}
      </span>
      {multiChain ? <ChainSwitcher /> : null}
      <LiveDot />
      <SessionButton />
      <button type="button" className="button secondary" onClick={() => void disconnectAsync()}>
        Disconnect
      </button>
    </div>
  );
}

/** Whether the API's event stream is connected: views then follow the account the moment it changes. */
function LiveDot() {
  const live = useStreamConnected();
  if (!live) return null;
  return (
    <span className="live" title="Live: following your account's events">
      <span aria-hidden="true">●</span> live
    </span>
  );
}

function SessionButton() {
  const config = useConfig();
  const connection = useConnection();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const address = connection.address;
  const chainId = connection.chainId ?? deployedChainIds[0] ?? 31337;
  if (!address) return null;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(walletErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {session.status === "active" ? (
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => run(signOut)}
        >
          Sign out
        </button>
      ) : session.status === "challenge" ? (
        <button
          type="button"
          className="button warn"
          disabled={busy}
          onClick={() => run(() => passChallenge(config, address, chainId))}
        >
          Confirm it is you
        </button>
      ) : session.status === "blocked" ? (
        <span className="badge danger">Session blocked</span>
      ) : (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => run(() => signIn(config, address, chainId))}
        >
          {session.status === "expired" ? "Sign in again" : "Sign in"}
        </button>
      )}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
