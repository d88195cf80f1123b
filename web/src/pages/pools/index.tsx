// Pools: every pool with TVL, volume and fee APR (/pools), one pool with its chart, swaps and
// liquidity forms (/pools/:poolId), and a swap across every pool (/pools/swap).
import { Link, NavLink, Route, Routes } from "react-router";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { Empty, Loading } from "../../ui/States.tsx";
import { swappableTokens } from "./directory.ts";
import { PoolDetail } from "./PoolDetail.tsx";
import { PoolList } from "./PoolList.tsx";
import { useDirectory } from "./queries.ts";
import { SwapForm } from "./SwapForm.tsx";
import { TradeSettingsProvider } from "./TradeSettings.tsx";
import "./pools.css";

export function Component() {
  const chainId = useAppChainId();
  const directory = useDirectory(chainId);
  return (
    <div className="page pools-page">
      <h1>Pools</h1>
      <nav aria-label="Pools sections" className="tabs pools-nav">
        <NavLink to="/pools" end>
          All pools
        </NavLink>
        <NavLink to="/pools/swap">Swap</NavLink>
      </nav>
      <TradeSettingsProvider>
        <Routes>
          <Route index element={<PoolList chainId={chainId} directory={directory} />} />
          <Route path="swap" element={<SwapPage chainId={chainId} directory={directory} />} />
          <Route path=":poolId" element={<PoolDetail chainId={chainId} directory={directory} />} />
          <Route
            path="*"
            element={
              <Empty>
                Nothing here. <Link to="/pools">See every pool</Link>.
              </Empty>
            }
          />
        </Routes>
      </TradeSettingsProvider>
    </div>
  );
}

function SwapPage({
  chainId,
  directory,
}: {
  chainId: number;
  directory: ReturnType<typeof useDirectory>;
}) {
  const tokens = swappableTokens(directory.pools);
  if (tokens.length < 2) {
    if (directory.query.isPending) return <Loading what="pools" />;
    return <Empty>No pools to swap through on this network yet.</Empty>;
  }
  return (
    <div className="swap-page">
      <SwapForm chainId={chainId} pools={directory.pools} tokens={tokens} />
    </div>
  );
}
