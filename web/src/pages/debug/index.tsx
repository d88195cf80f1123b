// Debug (local chains only): dev faucets for the connected account, and every contract deployed on
// the chain, picked by name or address (/debug/<ContractName or address>), with a form for each of its
// reads and writes built from its ABI. Writes go through the usual transaction lifecycle.
import { useMemo } from "react";
import { Link, Route, Routes, useNavigate, useParams } from "react-router";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { chainName } from "../../lib/chains.ts";
import { isLocalChain } from "../../lib/deployment.ts";
import { shortAddress } from "../../ui/format.ts";
import { Empty } from "../../ui/States.tsx";
import { ContractView } from "./ContractView.tsx";
import { type DebugContract, debugContracts, findContract, groupOrder } from "./contracts.ts";
import { Faucets } from "./Faucets.tsx";
import "./debug.css";

export function Component() {
  const chainId = useAppChainId();
  if (!isLocalChain(chainId)) {
    return (
      <div className="page">
        <h1>Debug</h1>
        <Empty>
          The debug tools (contract forms and dev faucets) exist on local chains only, and{" "}
          {chainName(chainId)} is not one. Run <code>npm run dev</code> and connect to the Fluxion
          dev chain to use them.
        </Empty>
      </div>
    );
  }
  return (
    <div className="page debug-page">
      <h1>Debug</h1>
      <p className="muted">
        Every contract deployed on {chainName(chainId)}: read it, call it, and fund your account
        with dev ETH and collateral. Writes are checked first, and a refusal is explained.
      </p>
      <Faucets chainId={chainId} />
      <Routes>
        <Route index element={<Contracts chainId={chainId} />} />
        <Route path=":target/*" element={<Contracts chainId={chainId} />} />
      </Routes>
    </div>
  );
}

function Contracts({ chainId }: { chainId: number }) {
  const { target } = useParams();
  const contracts = useMemo(() => debugContracts(chainId), [chainId]);
  const current = target === undefined ? contracts[0] : findContract(contracts, target);
  if (contracts.length === 0) {
    return <Empty>Fluxion has no contracts deployed on {chainName(chainId)}.</Empty>;
  }
  return (
    <>
      <Picker contracts={contracts} current={current} />
      {current ? (
        <ContractView
          key={current.key}
          contract={current}
          contracts={contracts}
          chainId={chainId}
        />
      ) : (
        <div className="state state-error" role="alert">
          <p>
            No contract called “{target}” is deployed on {chainName(chainId)}. Pick one above, or
            use a contract's name or address in the address bar.
          </p>
          <Link to="/debug">Back to the first contract</Link>
        </div>
      )}
    </>
  );
}

function Picker({
  contracts,
  current,
}: {
  contracts: readonly DebugContract[];
  current: DebugContract | undefined;
}) {
  const navigate = useNavigate();
  return (
    <div className="field debug-picker">
      <label htmlFor="debug-contract">Contract</label>
      <select
        id="debug-contract"
        value={current?.key ?? ""}
        onChange={(e) => void navigate(`/debug/${encodeURIComponent(e.target.value)}`)}
      >
        {current ? null : (
          <option value="" disabled>
            Choose a contract
          </option>
        )}
        {groupOrder.map((group) => {
          const list = contracts.filter((c) => c.group === group);
          if (list.length === 0) return null;
          return (
            <optgroup key={group} label={group}>
              {list.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label} · {shortAddress(c.address)}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      <p className="hint">
        Link to a contract with <code>/debug/&lt;name or address&gt;</code>.
      </p>
    </div>
  );
}
