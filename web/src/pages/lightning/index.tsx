// Lightning: mint synths by paying a Lightning invoice (no gas), burn synths to have an invoice paid,
// refund locks whose timelock passed, and the account's swaps, all live from the API's stream. Needs a
// signed-in session (the API keeps the swaps); burns and refunds also send transactions from the wallet.
import { type KeyboardEvent, useState } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useSession } from "../../auth/useSession.ts";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { Empty } from "../../ui/States.tsx";
import { BurnPanel } from "./Burn.tsx";
import { MintPanel } from "./Mint.tsx";
import { type ActiveSwap, loadActive, saveActive } from "./preimage.ts";
import { gatewayAddress, type Swap, useGateway, useSwaps } from "./queries.ts";
import { History, Refunds } from "./Swaps.tsx";
import "./lightning.css";

export function Component() {
  const { address } = useConnection();
  const session = useSession();
  const chainId = useAppChainId();
  const gateway = gatewayAddress(chainId);
  let body: React.ReactNode;
  if (!gateway) {
    body = <Empty>The Lightning bridge is not deployed on this network.</Empty>;
  } else if (!address) {
    body = <Empty>Connect a wallet and sign in to use the Lightning bridge.</Empty>;
  } else if (session.status === "blocked") {
    body = (
      <Empty>This session was blocked by Fluxion's risk checks: Lightning swaps are off.</Empty>
    );
  } else if (session.status !== "active" && session.status !== "challenge") {
    body = (
      <Empty>
        Sign in to use the Lightning bridge: your swaps are kept with your signed-in session. Use
        “Sign in” at the top right.
      </Empty>
    );
  } else {
    body = <Bridge key={address} account={address} chainId={chainId} gateway={gateway} />;
  }
  return (
    <div className="page ln-page">
      <h1>Lightning</h1>
      <p className="muted">
        Move value between Bitcoin's Lightning network and Fluxion synths. One payment hash locks
        both sides: either both happen, or neither does.
      </p>
      {body}
    </div>
  );
}

type Tab = "mint" | "burn";
const tabs: { id: Tab; label: string }[] = [
  { id: "mint", label: "Mint" },
  { id: "burn", label: "Burn" },
];

/** The followed mint or burn, kept in sessionStorage (a reload mid-swap resumes it). */
function useActive(account: string, direction: Tab) {
  const [active, setState] = useState<ActiveSwap | undefined>(() =>
    loadActive(sessionStorage, account, direction),
  );
  const set = (swap: ActiveSwap | undefined) => {
    saveActive(sessionStorage, account, direction, swap);
    setState(swap);
  };
  return [active, set] as const;
}

function Bridge({
  account,
  chainId,
  gateway,
}: {
  account: Address;
  chainId: number;
  gateway: Address;
}) {
  const info = useGateway(chainId, gateway);
  const swaps = useSwaps(account);
  const [tab, setTab] = useState<Tab>("mint");
  const [activeMint, setActiveMint] = useActive(account, "mint");
  const [activeBurn, setActiveBurn] = useActive(account, "burn");

  const follow = (swap: Swap) => {
    const active = { paymentHash: swap.paymentHash, synth: swap.synth, sats: swap.sats };
    if (swap.direction === "mint") setActiveMint(active);
    else setActiveBurn(active);
    setTab(swap.direction);
    document.getElementById(`ln-tab-${swap.direction}`)?.focus();
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next: Tab = tab === "mint" ? "burn" : "mint";
    setTab(next);
    document.getElementById(`ln-tab-${next}`)?.focus();
  };

  return (
    <>
      <section className="card">
        <div className="tabs" role="tablist" aria-label="Direction" onKeyDown={onKey}>
          {tabs.map((t) => (
            <button
              key={t.id}
              id={`ln-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              aria-controls={`ln-panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div
          id="ln-panel-mint"
          role="tabpanel"
          aria-labelledby="ln-tab-mint"
          hidden={tab !== "mint"}
          className="ln-panel"
        >
          <MintPanel
            account={account}
            chainId={chainId}
            gateway={info}
            active={activeMint}
            setActive={setActiveMint}
          />
        </div>
        <div
          id="ln-panel-burn"
          role="tabpanel"
          aria-labelledby="ln-tab-burn"
          hidden={tab !== "burn"}
          className="ln-panel"
        >
          <BurnPanel
            account={account}
            chainId={chainId}
            gateway={info}
            active={activeBurn}
            setActive={setActiveBurn}
          />
        </div>
      </section>
      <Refunds chainId={chainId} gateway={info} swaps={swaps} />
      <History chainId={chainId} swaps={swaps} onFollow={follow} />
    </>
  );
}
